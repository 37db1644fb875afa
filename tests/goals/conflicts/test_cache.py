"""The conflict list keeps its pages and its filters' choices in the cache under the fingerprint
of what they show (goals.conflicts.selectors.list_state): a change to a conflict, an activity, a
contribution, a goal or a unit shows on the next visit, whoever made it, bulk updates included,
and a page of the list read again before any change is the same page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.conflicts import selectors, services
from goals.conflicts.models import Conflict
from goals.models import Activity, Contribution, Goal
from tests import factories as f
from vaxjo_riktning.models import Unit

pytestmark = pytest.mark.django_db

Outcome = Conflict.Outcome
LIST = reverse("goals:conflict_list")


@pytest.fixture
def listed(editor, group, world) -> Conflict:
    """The company's activity raised against the administration's goal, and another of its
    activities that says itself it counteracts the goal, which the administration supports."""
    f.ContributionFactory(
        activity=f.ActivityFactory(owner_unit=group.administration), goal=world.admin_goal
    )
    declared = f.ActivityFactory(title="Fler p-platser", owner_unit=group.company, budget_sek=7)
    f.ContributionFactory(
        activity=declared, goal=world.admin_goal, effect="counteracts", reason="Mer bil"
    )
    return services.conflict_raise(
        user=editor, activity=world.company_activity, goal=world.admin_goal, reason="Bilar"
    )


def shown() -> list[tuple[str, str, str, str, int | None, str]]:
    """The first page as the list has it: kind, activity, unit, goal, kronor, status."""
    page = selectors.conflict_page(filters=selectors.ConflictFilter()).page
    return [
        (r.kind, r.activity_title, r.runner_name, r.goal_label, r.kronor, r.outcome_label)
        for r in page.object_list
    ]


def test_a_page_read_again_is_the_cached_one(listed, django_assert_num_queries):
    first = shown()
    with django_assert_num_queries(1):  # the fingerprints
        assert shown() == first
    assert [row[1] for row in first] == ["Garage under varje hus", "Fler p-platser"]


def test_a_decision_and_a_withdrawal_show_on_the_next_visit(listed, chief, editor):
    shown()
    services.conflict_decide(
        user=chief, conflict=listed, outcome=Outcome.ESCALATED, note="Till styrelsen"
    )
    assert shown()[0][5] == str(Outcome.ESCALATED.label)
    services.conflict_withdraw(user=editor, conflict=listed, reason="Löst på annat sätt")
    assert [row[0] for row in shown()] == [selectors.Kind.DECLARED]


def test_bulk_changes_to_activities_goals_and_units_show_on_the_next_visit(listed, world, group):
    shown()
    Activity.objects.filter(pk=world.company_activity.pk).update(budget_sek=1, title="Garage")
    Goal.objects.filter(pk=world.admin_goal.pk).update(title="Fler cyklar i city")
    Unit.objects.filter(pk=group.company.pk).update(name="Växjöbostäder")
    assert shown() == [
        (
            "declared",
            "Fler p-platser",
            "Växjöbostäder",
            "4.1 Fler cyklar i city",
            7,
            "Self-declared",
        ),
        ("raised", "Garage", "Växjöbostäder", "4.1 Fler cyklar i city", 1, "Open"),
    ]
    # A self-declared counteraction taken back leaves the list.
    Contribution.objects.filter(effect="counteracts").delete()
    assert [row[0] for row in shown()] == ["raised"]


def test_a_withdrawn_activity_shows_on_the_next_visit(listed, world):
    shown()
    Activity.objects.filter(pk=world.company_activity.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Avslutad"
    )
    page = selectors.conflict_page(filters=selectors.ConflictFilter()).page
    assert [row.activity_withdrawn for row in page.object_list if row.is_raised] == [True]


def test_the_filters_choices_follow_the_goals_and_the_units(client, reader, listed, group, world):
    client.force_login(reader)
    client.get(LIST)
    f.UnitGoalFactory(
        parent=world.council, code="4.2", title="Färre bilar", owner_unit=group.company
    )
    assert ">\u20034.2 Färre bilar</option>" in client.get(LIST).content.decode()
    Unit.objects.filter(pk=group.department.pk).update(name="Skolavdelningen")
    html = client.get(LIST).content.decode()
    assert ">\u2003Skolavdelningen</option>" in html
    assert "Grundskoleavdelningen" not in html
    # A chosen value is still read from the database: one that is not there is refused.
    response = client.get(LIST, {"unit": "finns-inte"})
    assert response.context["form"].errors["unit"]
