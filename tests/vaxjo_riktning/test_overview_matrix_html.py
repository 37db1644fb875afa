"""The overview's matrix rows and heat map cells, which Python writes instead of a template
(vaxjo_riktning/templatetags/overview.py, processes/templatetags/rollout.py): read back as a
browser parses them, with names that need escaping, in both languages and both views."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from goals.models import Contribution
from processes.models import Implementation, Stage
from tests import factories as f
from vaxjo_riktning.models import Unit

URL = reverse("overview")
# A name with every character an attribute or the page must escape.
AWKWARD = 'Bo & Bygg "Hem" <AB>'


class Page(HTMLParser):
    """The matrix's cell links (their attributes and text) and the heat map's cells' text."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str]] = []
        self.heat: list[str] = []
        self.matrix: dict[str, str] = {}
        # Whether htmx boosts each link in the matrix's bodies: its own hx-boost, else its body's.
        self.boosted: dict[str, bool] = {}
        self._body_boost = ""
        self._open: list[str] | None = None
        self._in_heat = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "table" and "matrix" in found.get("class", "").split():
            self.matrix = found
        if tag == "tbody":
            self._body_boost = found.get("hx-boost", "")
        if tag == "a" and self._body_boost:
            self.boosted[found["href"]] = found.get("hx-boost", self._body_boost) == "true"
        if tag == "a" and "cell" in found.get("class", "").split():
            self.cells.append(found)
            self._open = []
        if tag == "td" and "heat" in found.get("class", "").split():
            self._in_heat = True
            self.heat.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.cells[-1]["text"] = "".join(self._open).strip()
            self._open = None
        if tag == "td":
            self._in_heat = False
        if tag == "tbody":
            self._body_boost = ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)
        if self._in_heat:
            self.heat[-1] += data


def read(client, **params) -> Page:
    page = Page()
    page.feed(client.get(URL, params).content.decode())
    return page


@pytest.fixture
def awkward_cell(group):
    """A company and a council goal named with quotes, an ampersand and angle brackets; the
    company runs two activities for the goal, one with a budget, and counteracts it with one."""
    company = f.UnitFactory(name=AWKWARD, slug="bo-bygg", kind=Unit.Kind.COMPANY)
    goal = f.GoalFactory(title=f"Mål {AWKWARD}", code="9", sort_order=1)
    for budget in (1_250_000, None):
        f.ContributionFactory(
            activity=f.ActivityFactory(owner_unit=company, budget_sek=budget), goal=goal
        )
    f.ContributionFactory(
        activity=f.ActivityFactory(owner_unit=company, budget_sek=40_000),
        goal=goal,
        effect=Contribution.Effect.COUNTERACTS,
        reason="Mer trafik",
    )
    Implementation.objects.create(
        process=group.recruitment_process, unit=company, stage=Stage.IN_USE
    )
    return company, goal


def the_cell(page: Page, goal) -> dict[str, str]:
    """The company's cell for the goal."""
    (cell,) = [c for c in page.cells if c["href"].startswith(f"?enhet=bo-bygg&mal={goal.pk}")]
    return cell


def test_a_cell_reads_back_with_its_names_numbers_and_link(client, reader, awkward_cell):
    company, goal = awkward_cell
    client.force_login(reader)
    client.cookies["django_language"] = "en"
    page = read(client)
    cell = the_cell(page, goal)
    assert cell["aria-label"] == f"{AWKWARD} – Mål {AWKWARD}: 2 supporting, 1 counteracting"
    assert cell["text"] == "+2 −1"
    assert cell["href"] == f"?enhet=bo-bygg&mal={goal.pk}"
    # htmx loads the cell (a boosted link) into the target the table every cell is in names,
    # and keeps it in the history; the unit's own page in the row header opens as a page.
    assert page.boosted[cell["href"]] is True
    assert page.boosted[company.get_absolute_url()] is False
    assert page.matrix["hx-target"] == "#cell-activities"
    assert page.matrix["hx-push-url"] == "true"


def test_in_kronor_a_cell_names_the_budgets_and_keeps_the_view_in_its_link(
    client, reader, awkward_cell
):
    company, goal = awkward_cell
    client.force_login(reader)
    client.cookies["django_language"] = "sv"
    cell = the_cell(read(client, visa="kronor"), goal)
    # Swedish groups thousands with a space (no-break), as floatformat:"0g" does.
    assert cell["aria-label"].replace("\xa0", " ") == (
        f"{AWKWARD} – Mål {AWKWARD}: 1 250 000 kronor i 2 som stödjer, 40 000 kronor i 1 som "
        "motverkar"
    )
    assert cell["text"].replace("\xa0", " ") == "+1 250 000−40 000"
    assert cell["href"] == f"?enhet=bo-bygg&mal={goal.pk}&visa=kronor"


def test_an_empty_cell_of_an_uncovered_goal_shows_a_dot(client, reader, group, awkward_cell):
    nobody = f.GoalFactory(title="Ingen arbetar för detta", code="10", sort_order=2)
    client.force_login(reader)
    client.cookies["django_language"] = "en"
    cell = the_cell(read(client), nobody)
    assert cell["class"] == "cell cell--empty"
    assert cell["text"] == "·"
    assert cell["aria-label"].endswith(": 0 supporting, 0 counteracting")


def test_the_heat_map_names_unit_and_stage_in_words(client, reader, awkward_cell):
    client.force_login(reader)
    client.cookies["django_language"] = "en"
    page = read(client)
    assert f"3{AWKWARD}: In use" in page.heat
    assert "0Utbildningsförvaltningen: Not started" in page.heat
