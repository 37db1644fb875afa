"""The rollout matrix's cells, which Python writes instead of a template (processes/templatetags/
rollout.py): read back as a browser parses them, with names and notes that need escaping, every
stage, notes long and short, the Change link only where the user may change, and the same cell as
htmx swaps it in after a change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from processes.models import Implementation, Stage
from tests import factories as f
from tests.html_tree import Element, parse

HTMX = {"HX-Request": "true"}
# Names with every character an attribute or the page must escape.
AWKWARD = 'Bo & Bygg "Hem" <AB>'
LONG_NOTE = "Införd <i> ledningsgruppen & på " + "alla enheter " * 6
OTHER_LONG_NOTE = "Plan för införandet tas fram under året, " * 3


def cell_of(page: Element, process, unit) -> Element:
    return page.one("div", id=f"cell-{process.pk}-{unit.pk}")


@pytest.fixture
def awkward(group, finance):
    """An awkwardly named company and HR process, and a cell of every stage across the
    matrix, two long notes among them (each shown cut at its own 60 characters)."""
    company = f.UnitFactory(name=AWKWARD, short_name="Bo", slug="bo-bygg", kind=group.company.kind)
    process = f.ProcessFactory(area=group.hr_area, name=f"Process {AWKWARD}", slug="konstig")
    cells = [
        (process, company, Stage.IN_USE, AWKWARD, LONG_NOTE),
        (process, group.administration, Stage.PLANNED, "", OTHER_LONG_NOTE),
        (group.recruitment_process, company, Stage.INTRODUCED, "HR-chef", "Kort."),
        (finance, group.administration, Stage.FOLLOWED_UP, "", LONG_NOTE),
    ]
    for p, unit, stage, contact, note in cells:
        Implementation.objects.create(process=p, unit=unit, stage=stage, contact=contact, note=note)
    return company, process


def test_the_owners_matrix_reads_back_with_every_stage_note_and_link(
    client, process_owner, group, finance, awkward
):
    company, process = awkward
    client.force_login(process_owner)
    client.cookies["django_language"] = "en"
    page = parse(client.get(reverse("processes:rollout")).content.decode())

    cell = cell_of(page, process, company)
    assert cell.attrs["class"] == f"rollout-cell stage-{Stage.level(Stage.IN_USE)}"
    label, contact, note = cell.all("span")
    assert (label.text, contact.text) == ("In use", AWKWARD)
    assert note.text == LONG_NOTE[:59] + "…"
    link = cell.one("a")
    url = reverse("processes:rollout_cell", args=["konstig", "bo-bygg"])
    assert link.attrs == {
        "class": "cell-edit",
        "href": url,
        "hx-get": url,
        "hx-target": f"#cell-{process.pk}-{company.pk}",
        "hx-swap": "outerHTML",
        "aria-label": f"Change Process {AWKWARD} in {AWKWARD}",
    }
    assert link.text == "Change"

    # Each cell has its own stage and its own note, however many share them on the page.
    planned = cell_of(page, process, group.administration)
    assert planned.one("span", **{"class": "stage-label"}).text == "Planned"
    assert planned.one("span", **{"class": "cell-note"}).text == OTHER_LONG_NOTE[:59] + "…"
    introduced = cell_of(page, group.recruitment_process, company)
    assert [s.text for s in introduced.all("span")] == ["Introduced", "HR-chef", "Kort."]
    # Another area's cell: read, not changed.
    followed = cell_of(page, finance, group.administration)
    assert followed.one("span", **{"class": "stage-label"}).text == "Followed up"
    assert followed.all("a") == []
    empty = cell_of(page, finance, company)
    assert empty.attrs["class"] == "rollout-cell stage-0"
    assert [s.text for s in empty.all("span")] == ["Not started"]


def test_a_cell_in_the_matrix_is_the_cell_htmx_swaps_in(client, process_owner, awkward):
    company, process = awkward
    client.force_login(process_owner)
    matrix = client.get(reverse("processes:rollout")).content.decode()
    url = reverse("processes:rollout_cell", args=["konstig", "bo-bygg"])
    fragment = client.get(url + "?visa=cell", headers=HTMX).content.decode()
    assert cell_of(parse(matrix), process, company) == cell_of(parse(fragment), process, company)
