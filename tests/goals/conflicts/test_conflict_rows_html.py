"""The conflict list's rows, which Python writes instead of a template (goals/templatetags/
conflict_rows.py): read back as a browser parses them, with names that need escaping, for both
kinds, a withdrawn activity, a conflict past its date and one without a budget, in both
languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.conflicts.models import Conflict
from goals.models import Activity
from tests import factories as f
from tests.html_tree import Element, parse
from vaxjo_riktning.models import Unit

pytestmark = pytest.mark.django_db

LIST = reverse("goals:conflict_list")
AWKWARD = 'Bo & Bygg "Hem" <AB>'
REASON = "Trafik <b>&</b> buller " * 20


@pytest.fixture
def awkward(group, world, editor):
    """A company named awkwardly runs an activity raised against the administration's goal (past
    its date, no budget, the activity since withdrawn), and says itself that another of its
    activities counteracts the council goal, which the administration supports."""
    company = f.UnitFactory(name=AWKWARD, slug="bo-bygg", kind=Unit.Kind.COMPANY)
    raised = f.ActivityFactory(title=f"Garage {AWKWARD}", owner_unit=company, budget_sek=None)
    conflict = f.ConflictFactory(
        activity=raised,
        goal=world.admin_goal,
        reason=REASON,
        due_on=timezone.localdate() - timedelta(days=3),
    )
    Activity.objects.filter(pk=raised.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Avslutad"
    )
    f.ContributionFactory(
        activity=f.ActivityFactory(owner_unit=group.administration), goal=world.council
    )
    declared = f.ActivityFactory(title="P-platser", owner_unit=company, budget_sek=1_250_000)
    f.ContributionFactory(
        activity=declared, goal=world.council, effect="counteracts", reason="Mer bil"
    )
    return conflict, declared


def rows(client, language: str) -> list[Element]:
    client.cookies["django_language"] = language
    page = parse(client.get(LIST).content.decode())
    return page.one("table", **{"class": "conflict-table"}).one("tbody").all("tr")


def test_both_kinds_read_back_with_their_names_links_and_status(client, reader, world, awkward):
    conflict, declared = awkward
    client.force_login(reader)
    first, second = rows(client, "en")

    # The largest money at stake first: the self-declared row has a budget.
    header = first.one("th", scope="row")
    assert header.one("span", **{"class": "badge badge--counteracts"}).text == "Self-declared"
    activity, runner = header.all("a")
    assert (activity.attrs["href"], activity.text) == (declared.get_absolute_url(), "P-platser")
    assert (runner.attrs["href"], runner.text) == (
        reverse("unit_detail", args=["bo-bygg"]),
        AWKWARD,
    )
    assert header.one("span", **{"class": "owner"}).text == f"Runs it: {AWKWARD}"
    assert header.one("span", **{"class": "reason"}).text == "Reason: Mer bil"
    goal_cell, money, status = first.all("td")
    goal = goal_cell.one("a")
    assert (goal.attrs["href"], goal.text) == (
        world.council.get_absolute_url(),
        "4 Miljö, energi och trafik",
    )
    # A council goal has no owning unit: nobody named as hurt.
    assert goal_cell.one("span", **{"class": "owner"}).text == "Hurt: –"
    assert (money.attrs["class"], money.text) == ("number", "1,250,000 kr")
    assert status.one("span").attrs["class"] == "decision decision--declared"
    assert status.text == "Self-declared"

    header = second.one("th", scope="row")
    assert (
        header.one("span", **{"class": "badge badge--conflict"}).text == "Raised by the hurt unit"
    )
    link = header.all("a")[0]
    assert (link.attrs["href"], link.text) == (conflict.get_absolute_url(), f"Garage {AWKWARD}")
    assert header.one("span", **{"class": "badge badge--withdrawn"}).text == "Activity withdrawn"
    # The reason's first 200 characters, the last of them an ellipsis.
    reason = header.one("span", **{"class": "reason"}).text
    assert reason == " ".join(f"Reason: {REASON[:199]}…".split())
    hurt = second.all("td")[0].one("span", **{"class": "owner"})
    assert hurt.one("a").attrs["href"] == reverse("unit_detail", args=["utbildning"])
    assert hurt.text == "Hurt: Utbildningsförvaltningen"
    money, status = second.all("td")[1:]
    assert money.one("span", **{"class": "muted"}).text == "no budget"
    decision = status.all("span")[0]
    assert decision.attrs["class"] == f"decision decision--{Conflict.Outcome.OPEN}"
    assert decision.text == "Open"
    due = status.one("span", **{"class": "due due--overdue"})
    assert due.one("time").attrs["datetime"] == conflict.due_on.isoformat()
    assert due.text.startswith("Overdue:")


def test_in_swedish_the_rows_say_the_same(client, reader, awkward):
    conflict, _declared = awkward
    client.force_login(reader)
    first, second = rows(client, "sv")
    assert first.all("td")[1].text.replace("\xa0", " ") == "1 250 000 kr"
    assert second.one("span", **{"class": "badge badge--conflict"}).text == "Anmäld av den drabbade"
    assert second.all("td")[1].text == "ingen budget"
    due = second.one("span", **{"class": "due due--overdue"})
    day = conflict.due_on
    assert due.one("time").text == f"{day.year}-{day.month:02}-{day.day:02}"
