"""The activity table's rows, which Python writes instead of a template (goals/templatetags/
activity_rows.py): the same HTML as the template loop it replaced, whitespace aside, and read
back as a browser parses them, with names that need escaping, a withdrawn activity, a process,
an activity without goals, the focus column and the unit column left out, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from goals.models import Activity, Contribution
from goals.selectors import activity_table_queryset, with_focus_contributions
from tests import factories as f
from tests.html_tree import parse

pytestmark = pytest.mark.django_db

AWKWARD = 'Bo & Bygg "Hem" <AB>'

# The loop templates/goals/includes/activity_table.html had before the rows were written in
# Python, word for word (tests/goals/data/activity_table_loop.html): what the writer must give.
TEMPLATE_LOOP = (Path(__file__).parent / "data" / "activity_table_loop.html").read_text()
WRITER = "{% load activity_rows %}{% activity_rows activities focus_label hide_unit %}"


@pytest.fixture
def activities(group) -> list[Activity]:
    """A company named awkwardly runs three activities: one of a process, supporting a goal
    and counteracting another with a reason that needs escaping; one withdrawn; one without
    goals."""
    company = f.UnitFactory(name=AWKWARD, short_name=f"{AWKWARD} kort", slug="bo-bygg")
    goal = f.GoalFactory(code="1", title="Trygg <stad> & miljö")
    other = f.GoalFactory(code="2", title="Hållbart")
    process = f.ProcessFactory(name="Rekrytering <HR> & chefer", area=group.hr_area)
    first = f.ActivityFactory(title=f"Parkering {AWKWARD}", owner_unit=company, process=process)
    f.ContributionFactory(activity=first, goal=goal)
    f.ContributionFactory(
        activity=first, goal=other, effect=Contribution.Effect.COUNTERACTS, reason="Mer <bil>"
    )
    withdrawn = f.ActivityFactory(
        title="Avslutad",
        owner_unit=group.administration,
        status=Activity.Status.DONE,
        withdrawn_at=timezone.now(),
        withdrawn_reason="Klar",
    )
    f.ContributionFactory(activity=withdrawn, goal=goal)
    f.ActivityFactory(title="Utan mål", owner_unit=company, status=Activity.Status.PLANNED)
    queryset = activity_table_queryset(Activity.objects.order_by("title"))
    return list(
        with_focus_contributions(queryset, contributions=Contribution.objects.filter(goal=other))
    )


def render(source: str, activities, **context) -> str:
    return Template(source).render(Context({"activities": activities, **context}))


def squeezed(html: str) -> str:
    return " ".join(html.split())


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "options",
    [
        {"focus_label": None, "hide_unit": False},
        {"focus_label": "Påverkan", "hide_unit": False},
        {"focus_label": "Påverkan", "hide_unit": True},
    ],
)
def test_the_writer_gives_what_the_template_loop_gave(activities, options, language):
    with translation.override(language):
        expected = render(TEMPLATE_LOOP, activities, **options)
        written = render(WRITER, activities, **options)
    assert squeezed(written) == squeezed(expected)
    assert "&lt;AB&gt;" in written and "<AB>" not in written


def test_rows_read_back_as_a_browser_reads_them(activities):
    with translation.override("sv"):
        html = render(WRITER, activities, focus_label="Påverkan", hide_unit=False)
    rows = parse(f"<table><tbody>{html}</tbody></table>").one("tbody").all("tr")
    assert [row.one("th").all("a")[0].text for row in rows] == [
        "Avslutad",
        f"Parkering {AWKWARD}",
        "Utan mål",
    ]
    withdrawn, first, without_goals = rows
    assert "Återkallad" in withdrawn.one("th").text
    assert first.one("span", **{"class": "activity-process"}).text == "Rekrytering <HR> & chefer"
    unit_cell = first.all("td")[0]
    assert unit_cell.one("a").attrs["href"] == "/enheter/bo-bygg/"
    assert unit_cell.text == f"{AWKWARD} kort"
    focus, goals = first.all("td")[2:]
    assert focus.text == "Motverkar 2 Hållbart: Mer <bil>"
    assert [li.text for li in goals.all("li")] == [
        "Stödjer 1 Trygg <stad> & miljö",
        "Motverkar 2 Hållbart",
    ]
    assert without_goals.all("td")[-1].one("li").attrs == {"class": "empty"}
    assert without_goals.all("td")[-1].text == "Inget mål"
