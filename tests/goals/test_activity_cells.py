"""goals.ActivityCell, which PostgreSQL's triggers keep (goals/migrations/0025_activity_cells.py):
after every kind of write that moves an activity in the overview's matrix, its rows are what
working the cells out from the contributions gives."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from goals.models import Activity, ActivityCell, Contribution, Goal
from tests import factories as f
from vaxjo_riktning.models import Unit

COUNTERACTS = Contribution.Effect.COUNTERACTS

# The definition: each active activity once per council goal it bears on (directly or through a
# goal below it) and effect, with its owner's top unit and its budget.
FROM_SCRATCH = """
    SELECT DISTINCT c.activity_id, u.top_unit_id, g.council_goal_id, c.effect, a.budget_sek
    FROM goals_contribution c
    JOIN goals_activity a ON a.id = c.activity_id AND a.withdrawn_at IS NULL
    JOIN goals_goal g ON g.id = c.goal_id
    JOIN vaxjo_riktning_unit u ON u.id = a.owner_unit_id
    WHERE g.council_goal_id IS NOT NULL
"""


def kept() -> set[tuple]:
    return set(
        ActivityCell.objects.values_list(
            "activity_id", "top_unit_id", "council_goal_id", "effect", "budget_sek"
        )
    )


def worked_out() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(FROM_SCRATCH)
        return set(cursor.fetchall())


def assert_current() -> set[tuple]:
    rows = kept()
    assert rows == worked_out()
    return rows


@pytest.fixture
def chain(group):
    climate = f.GoalFactory(title="Klimat", code="3")
    school = f.GoalFactory(title="Skola", code="4")
    unit_goal = f.UnitGoalFactory(parent=climate, owner_unit=group.administration)
    return climate, school, unit_goal


def test_an_activity_counts_once_per_council_goal_and_effect(group, chain):
    climate, school, unit_goal = chain
    activity = f.ActivityFactory(owner_unit=group.department, budget_sek=100)
    f.ContributionFactory(activity=activity, goal=climate)
    f.ContributionFactory(activity=activity, goal=unit_goal)  # the same cell a second way
    f.ContributionFactory(activity=activity, goal=school, effect=COUNTERACTS, reason="Buller")
    # The department's activity counts in its administration's row.
    assert assert_current() == {
        (activity.pk, group.administration.pk, climate.pk, "supports", 100),
        (activity.pk, group.administration.pk, school.pk, "counteracts", 100),
    }


def test_changing_removing_and_bulk_writing_contributions_keeps_the_cells(group, chain):
    climate, school, unit_goal = chain
    activity = f.ActivityFactory(owner_unit=group.administration)
    contribution = f.ContributionFactory(activity=activity, goal=climate)
    contribution.effect, contribution.reason = COUNTERACTS, "Mer trafik"
    contribution.save()
    assert {row[3] for row in assert_current()} == {"counteracts"}
    Contribution.objects.filter(pk=contribution.pk).update(goal=school)
    assert {row[2] for row in assert_current()} == {school.pk}
    contribution.delete()
    assert assert_current() == set()
    others = f.ActivityFactory.create_batch(3, owner_unit=group.company)
    Contribution.objects.bulk_create(
        [Contribution(activity=other, goal=unit_goal) for other in others]
    )
    assert len(assert_current()) == 3


def test_withdrawing_a_budget_or_a_new_owner_moves_the_activity(group, chain):
    climate, _, _ = chain
    activity = f.ActivityFactory(owner_unit=group.administration, budget_sek=None)
    f.ContributionFactory(activity=activity, goal=climate)
    Activity.objects.filter(pk=activity.pk).update(budget_sek=5_000)
    assert {row[4] for row in assert_current()} == {5_000}
    Activity.objects.filter(pk=activity.pk).update(owner_unit=group.company)
    assert {row[1] for row in assert_current()} == {group.company.pk}
    Activity.objects.filter(pk=activity.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Avslutad"
    )
    assert assert_current() == set()
    # Taken back into use: it counts again.
    Activity.objects.filter(pk=activity.pk).update(withdrawn_at=None, withdrawn_reason="")
    assert len(assert_current()) == 1


def test_a_goal_moved_under_another_council_goal_takes_its_activities_along(group, chain):
    climate, school, unit_goal = chain
    activity = f.ActivityFactory(owner_unit=group.administration)
    f.ContributionFactory(activity=activity, goal=unit_goal)
    unit_goal.parent = school
    unit_goal.save()  # save() derives the council goal again
    assert Goal.objects.get(pk=unit_goal.pk).council_goal_id == school.pk
    assert {row[2] for row in assert_current()} == {school.pk}


def test_a_department_moved_to_another_administration_changes_row(group, chain):
    climate, _, _ = chain
    activity = f.ActivityFactory(owner_unit=group.department)
    f.ContributionFactory(activity=activity, goal=climate)
    other = f.UnitFactory(name="Omsorgsförvaltningen", slug="omsorg")
    department = Unit.objects.get(pk=group.department.pk)
    department.parent = other
    department.save()  # save() derives the top unit again
    assert {row[1] for row in assert_current()} == {other.pk}


def test_a_deleted_activity_leaves_no_cells(group, chain):
    climate, _, _ = chain
    activity = f.ActivityFactory(owner_unit=group.administration)
    f.ContributionFactory(activity=activity, goal=climate)
    Activity.objects.filter(pk=activity.pk).delete()
    assert kept() == set()
