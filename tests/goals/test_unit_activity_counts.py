"""goals.UnitActivityCount, which PostgreSQL's triggers keep (migration 0030): after every kind of
write to activities and their contributions, each unit's row holds its active activities and
those of them without goal, as counting them gives."""

from __future__ import annotations

import pytest
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from goals.models import Activity, Contribution, UnitActivityCount
from tests import factories as f

pytestmark = pytest.mark.django_db


def kept() -> dict[int, tuple[int, int]]:
    return {
        row.unit_id: (row.active, row.without_goal)
        for row in UnitActivityCount.objects.all()
        if row.active or row.without_goal
    }


def counted() -> dict[int, tuple[int, int]]:
    has_goal = Exists(Contribution.objects.filter(activity=OuterRef("pk")))
    rows = (
        Activity.objects.active()
        .annotate(has_goal=has_goal)
        .values("owner_unit_id")
        .annotate(
            n=Count("pk"),
            without=Count("pk", filter=~Q(has_goal=True)),
        )
        .order_by()
    )
    return {row["owner_unit_id"]: (row["n"], row["without"]) for row in rows}


def assert_current() -> dict[int, tuple[int, int]]:
    expected = counted()
    assert kept() == expected
    return expected


def test_new_activities_count_and_those_without_goal_too(group):
    goal = f.GoalFactory()
    with_goal = f.ActivityFactory(owner_unit=group.administration)
    f.ContributionFactory(activity=with_goal, goal=goal)
    f.ActivityFactory(owner_unit=group.administration)
    Activity.objects.bulk_create(
        [Activity(title=f"Ny {n}", owner_unit=group.company) for n in range(3)]
    )
    counts = assert_current()
    assert counts[group.administration.pk] == (2, 1)
    assert counts[group.company.pk] == (3, 3)


def test_a_first_and_a_last_contribution_move_the_activity_in_and_out(group):
    goal, other = f.GoalFactory(), f.GoalFactory()
    activity = f.ActivityFactory(owner_unit=group.administration)
    assert assert_current()[group.administration.pk] == (1, 1)
    first = f.ContributionFactory(activity=activity, goal=goal)
    second = f.ContributionFactory(activity=activity, goal=other)
    assert assert_current()[group.administration.pk] == (1, 0)
    first.delete()
    assert assert_current()[group.administration.pk] == (1, 0)
    # A contribution moved to another activity takes the goal with it.
    elsewhere = f.ActivityFactory(owner_unit=group.company)
    Contribution.objects.filter(pk=second.pk).update(activity=elsewhere)
    counts = assert_current()
    assert counts[group.administration.pk] == (1, 1)
    assert counts[group.company.pk] == (1, 0)
    Contribution.objects.filter(activity=elsewhere).delete()
    assert assert_current()[group.company.pk] == (1, 1)


def test_withdrawing_restoring_and_moving_an_activity(group):
    activity = f.ActivityFactory(owner_unit=group.administration)
    f.ContributionFactory(activity=activity, goal=f.GoalFactory())
    bare = f.ActivityFactory(owner_unit=group.administration)
    Activity.objects.filter(pk__in=[activity.pk, bare.pk]).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Avslutad"
    )
    assert group.administration.pk not in assert_current()
    Activity.objects.filter(pk=bare.pk).update(withdrawn_at=None, withdrawn_reason="")
    assert assert_current()[group.administration.pk] == (1, 1)
    bare.refresh_from_db()
    bare.owner_unit = group.department
    bare.title = "Flyttad"
    bare.save()
    counts = assert_current()
    assert counts[group.department.pk] == (1, 1)
    assert group.administration.pk not in counts


def test_deleting_an_activity_with_its_contributions(group):
    activity = f.ActivityFactory(owner_unit=group.administration)
    f.ContributionFactory(activity=activity, goal=f.GoalFactory())
    f.ActivityFactory(owner_unit=group.administration)
    activity.delete()
    assert assert_current()[group.administration.pk] == (1, 1)


def test_the_overview_and_the_unit_tree_read_the_rows(group):
    from goals.overlap import selectors as overlap_selectors
    from vaxjo_riktning.selectors import overview_matrix, unit_tree

    f.ActivityFactory(owner_unit=group.department)
    f.ContributionFactory(activity=f.ActivityFactory(owner_unit=group.administration))
    assert overlap_selectors.activities_without_goal_count() == 1
    assert overview_matrix().active_activities == 2
    (root,) = [n for n in unit_tree() if n.unit.pk == group.administration.pk]
    assert (root.activities, root.activities_in_subtree) == (1, 2)
