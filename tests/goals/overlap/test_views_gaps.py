"""The gap list: goals without activity, council goals a unit does nothing for, activities
without goal."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Activity, Contribution, Goal
from goals.overlap.selectors import (
    activities_without_goal_count,
    goals_without_activity_count,
    unit_gaps,
)
from tests import factories as f
from vaxjo_riktning.models import Unit

URL = reverse("goals:gap_list")
HTMX = {"HX-Request": "true", "HX-Target": "gap-results"}


@dataclass
class Gaps:
    climate: Goal
    school: Goal
    culture: Goal
    school_unit_goal: Goal
    empty_unit_goal: Goal
    energy: Unit
    loose: Activity


@pytest.fixture
def gaps(group) -> Gaps:
    """Climate: supported directly by the administration. School: only through a unit goal of
    the company. Culture: nothing at all (a counteraction and a withdrawn activity do not
    count). An energy company that does nothing; an activity of the department without goal."""
    climate = f.GoalFactory(title="Miljö, energi och trafik", code="3", sort_order=1)
    school = f.GoalFactory(title="Utbildning för alla", code="4", sort_order=2)
    culture = f.GoalFactory(title="Kultur och fritid", code="6", sort_order=3)
    school_unit_goal = f.UnitGoalFactory(
        parent=school, title="Fler behöriga lärare", owner_unit=group.company
    )
    empty_unit_goal = f.UnitGoalFactory(
        parent=climate, title="Tomt nämndmål", owner_unit=group.administration
    )
    f.GoalFactory(title="Indraget mål", withdrawn_at=timezone.now(), withdrawn_reason="Nytt")
    energy = f.UnitFactory(name="Växjö Energi AB", slug="energi", kind=Unit.Kind.COMPANY)

    f.ContributionFactory(
        activity=f.ActivityFactory(owner_unit=group.administration, title="Cykelpendling"),
        goal=climate,
    )
    f.ContributionFactory(
        activity=f.ActivityFactory(owner_unit=group.company, title="Lärarlyft"),
        goal=school_unit_goal,
    )
    f.ContributionFactory(
        activity=f.ActivityFactory(owner_unit=group.company, title="Stängd bio"),
        goal=culture,
        effect=Contribution.Effect.COUNTERACTS,
        reason="Besparing",
    )
    gone = f.ActivityFactory(
        owner_unit=group.administration,
        title="Indragen",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Klar",
    )
    f.ContributionFactory(activity=gone, goal=culture)
    loose = f.ActivityFactory(
        owner_unit=group.department, title="Lös aktivitet", responsible="Lisa Lös"
    )
    f.ActivityFactory(
        owner_unit=group.department,
        title="Indragen lös",
        withdrawn_at=timezone.now(),
        withdrawn_reason="Klar",
    )
    return Gaps(climate, school, culture, school_unit_goal, empty_unit_goal, energy, loose)


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def goal_item(html: str, title: str) -> str:
    part = section(html, "goal-gaps-heading")
    start = part.index(title)
    return part[start : part.index("</li>", start)]


def test_it_lists_goals_without_activity_and_tells_how_covered(client, reader, gaps):
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    part = section(html, "goal-gaps-heading")
    assert "No activity at all" in goal_item(html, "Kultur och fritid")
    assert "No activity at all" in goal_item(html, "Tomt nämndmål")
    assert "Only via its unit goals" in goal_item(html, "Utbildning för alla")
    # Supported directly: not a gap. Withdrawn: left out.
    assert "Miljö, energi och trafik" not in part
    assert "Fler behöriga lärare" not in part
    assert "Indraget mål" not in part
    assert goals_without_activity_count() == 2


def test_a_unit_goal_covered_only_through_its_sub_goal_says_so(client, reader, group):
    council = f.GoalFactory()
    unit_goal = f.UnitGoalFactory(parent=council, title="Övre nämndmål")
    sub_goal = f.UnitGoalFactory(parent=unit_goal, title="Undre nämndmål")
    f.ContributionFactory(activity=f.ActivityFactory(owner_unit=group.company), goal=sub_goal)
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "Only via its sub-goals" in goal_item(html, "Övre nämndmål")
    assert goals_without_activity_count() == 0


def test_it_lists_council_goals_a_unit_does_nothing_for(client, reader, group, gaps):
    client.force_login(reader)
    html = client.get(URL).content.decode()
    part = section(html, "unit-gaps-heading")
    energy = part[
        part.index("Växjö Energi AB") : part.index("</dd>", part.index("Växjö Energi AB"))
    ]
    assert "nothing for" in energy
    for goal in (gaps.climate, gaps.school, gaps.culture):
        assert str(goal) in energy
    # The company supports school through its unit goal; the administration supports climate
    # (through its own activity; its department counts in it too).
    company = part[
        part.index("Växjöbostäder AB") : part.index("</dd>", part.index("Växjöbostäder AB"))
    ]
    assert str(gaps.school) not in company
    assert str(gaps.climate) in company
    admin = part[part.index("Utbildningsförvaltningen") :]
    admin = admin[: admin.index("</dd>")]
    assert str(gaps.climate) not in admin
    assert str(gaps.school) in admin
    # Three units, three goals; the energy company misses 3, the company 2, the administration 2.
    assert unit_gaps().pairs == 7


def test_a_department_counts_in_its_administration(client, reader, group):
    goal = f.GoalFactory()
    f.ContributionFactory(activity=f.ActivityFactory(owner_unit=group.department), goal=goal)
    rows = {row.unit.slug for row in unit_gaps().rows}
    assert rows == {"vaxjobostader"}


def test_it_lists_activities_without_goal(client, reader, group, gaps):
    client.force_login(reader)
    html = client.get(URL).content.decode()
    part = section(html, "activity-gaps-heading")
    assert "1 active activity is linked to no goal." in part
    assert "Lös aktivitet" in part
    assert "Grundskoleavdelningen" in part
    assert "Lisa Lös" in part
    assert "Indragen lös" not in part
    assert "Cykelpendling" not in part
    assert activities_without_goal_count() == 1


@pytest.mark.parametrize(
    ("kind", "sections"),
    [
        ("alla", {"goal-gaps-heading", "unit-gaps-heading", "activity-gaps-heading"}),
        ("mal-utan-aktivitet", {"goal-gaps-heading"}),
        ("enhet-utan-aktivitet", {"unit-gaps-heading"}),
        ("aktivitet-utan-mal", {"activity-gaps-heading"}),
    ],
)
def test_the_kind_filter_shows_one_section(client, reader, gaps, kind, sections):
    client.force_login(reader)
    html = client.get(URL, {"typ": kind}).content.decode()
    shown = {
        h
        for h in ("goal-gaps-heading", "unit-gaps-heading", "activity-gaps-heading")
        if f'id="{h}"' in html
    }
    assert shown == sections


def test_the_unit_filter_narrows_each_section(client, reader, group, gaps):
    client.force_login(reader)
    # The department: its administration's unit gaps, its own loose activity, the goals it owns.
    html = client.get(URL, {"unit": "grundskola"}).content.decode()
    assert "Utbildningsförvaltningen" in section(html, "unit-gaps-heading")
    assert "Växjö Energi AB" not in section(html, "unit-gaps-heading")
    assert "Lös aktivitet" in section(html, "activity-gaps-heading")
    assert "Every goal has an activity that supports it." in section(html, "goal-gaps-heading")
    # The company: none of the department's activities; the unit goal it owns is supported.
    html = client.get(URL, {"unit": "vaxjobostader"}).content.decode()
    assert "Lös aktivitet" not in section(html, "activity-gaps-heading")
    assert "Utbildningsförvaltningen" not in section(html, "unit-gaps-heading")
    # The administration owns the empty unit goal.
    html = client.get(URL, {"unit": "utbildning"}).content.decode()
    assert "Tomt nämndmål" in section(html, "goal-gaps-heading")
    assert "Kultur och fritid" not in section(html, "goal-gaps-heading")


def test_the_goal_filter_narrows_goals_and_unit_gaps(client, reader, group, gaps):
    client.force_login(reader)
    html = client.get(URL, {"goal": gaps.climate.pk}).content.decode()
    goals = section(html, "goal-gaps-heading")
    assert "Tomt nämndmål" in goals
    assert "Kultur och fritid" not in goals
    units = section(html, "unit-gaps-heading")
    assert str(gaps.climate) in units
    assert str(gaps.culture) not in units
    # A unit goal narrows the unit gaps to its council goal.
    html = client.get(URL, {"goal": gaps.school_unit_goal.pk}).content.decode()
    units = section(html, "unit-gaps-heading")
    assert str(gaps.school) in units
    assert str(gaps.climate) not in units


def test_it_paginates_activities_without_goal(client, reader, group, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        f.ActivityFactory(owner_unit=group.company, title=f"Utan mål {n}")
    client.force_login(reader)
    html = client.get(URL, {"typ": "aktivitet-utan-mal", "page": 3}).content.decode()
    assert "5 active activities are linked to no goal." in html
    assert "Page 3 of 3" in html
    assert "Utan mål 4" in html
    assert "Utan mål 0" not in html
    assert "typ=aktivitet-utan-mal" in html  # the page links keep the filter
    assert 'hx-target="#gap-results"' in html


def test_htmx_gets_only_the_results(client, reader, gaps):
    client.force_login(reader)
    response = client.get(URL, {"typ": "aktivitet-utan-mal"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'class="filters"' not in html
    assert "Lös aktivitet" in html


def test_the_filters_ask_with_htmx_and_push_the_url(client, reader, gaps):
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert 'hx-target="#gap-results"' in html
    assert 'hx-push-url="true"' in html


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"typ": "allt-mojligt"}, "Show"),
        ({"unit": "finns-inte"}, "Unit"),
        ({"goal": "abc"}, "Goal"),
        ({"goal": "-1"}, "Goal"),
    ],
)
def test_a_bad_filter_value_is_shown_beside_its_field(client, reader, gaps, params, field):
    client.force_login(reader)
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    name = next(iter(params))
    field_html = html[html.index(f'id="field-{name}"') :]
    assert f'id="id_{name}_error"' in field_html[: field_html.index('class="field-errors"') + 200]
    assert f"<li>{field}: " in html
    # Left out: all three sections, unfiltered.
    assert "Lös aktivitet" in html
    assert "Växjö Energi AB" in html


def test_it_escapes_what_users_typed(client, reader, group):
    f.GoalFactory(title="<script>alert('mål')</script>")
    f.UnitFactory(name="<b>Bolag</b>", slug="bolag", kind=Unit.Kind.COMPANY)
    f.ActivityFactory(owner_unit=group.company, title="<img src=x>", responsible="<i>x</i>")
    client.force_login(reader)
    html = client.get(URL).content.decode()
    assert "<script>alert" not in html
    assert "<b>Bolag" not in html
    assert "<img src=x>" not in html
    assert "<i>x</i>" not in html
    assert "&lt;img src=x&gt;" in html


def test_it_sends_an_anonymous_visitor_to_log_in(client, group):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_a_post(client, reader):
    client.force_login(reader)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize(
    "name", ["goals:overlap_list", "goals:counteraction_list", "goals:gap_list"]
)
def test_each_signal_list_links_to_the_other_two_and_marks_itself(client, reader, name):
    client.force_login(reader)
    html = client.get(reverse(name)).content.decode()
    tabs = html.split('<nav class="section-tabs"', 1)[1].split("</nav>", 1)[0]
    for other in ("goals:overlap_list", "goals:counteraction_list", "goals:gap_list"):
        current = ' aria-current="page"' if other == name else ""
        assert f'<a href="{reverse(other)}"{current}>' in tabs
    # The main menu's "Signals" entry is marked on all three.
    menu = html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{reverse("goals:overlap_list")}" aria-current="page">Signals</a>' in menu
