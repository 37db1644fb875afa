"""goals.CellTotal, which PostgreSQL's triggers keep (migration 0034): after every kind of write
that rewrites goals.ActivityCell, the rows add up, per top-level unit, council goal and effect,
to the cells' count and budget; folding them leaves the sums; and the overview's matrix reads
them."""

from __future__ import annotations

import pytest
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from goals.models import Activity, ActivityCell, CellTotal, Contribution, Goal
from goals.overlap.selectors import support_by_top_unit, support_from_cells
from goals.services import fold_kept_counts
from tests import factories as f
from vaxjo_riktning.models import Unit
from vaxjo_riktning.selectors import overview_matrix

pytestmark = pytest.mark.django_db

SUPPORTS, COUNTERACTS = Contribution.Effect.SUPPORTS, Contribution.Effect.COUNTERACTS


def kept() -> dict[tuple[int | None, int, str], tuple[int, int]]:
    rows = (
        CellTotal.objects.values_list("top_unit_id", "council_goal_id", "effect")
        .annotate(n=Sum("activities"), kronor=Sum("budget_sek"))
        .order_by()
    )
    return {(u, g, e): (n, kronor) for u, g, e, n, kronor in rows if n or kronor}


def counted() -> dict[tuple[int | None, int, str], tuple[int, int]]:
    rows = (
        ActivityCell.objects.values_list("top_unit_id", "council_goal_id", "effect")
        .annotate(n=Count("*"), kronor=Coalesce(Sum("budget_sek"), 0))
        .order_by()
    )
    return {(u, g, e): (n, kronor) for u, g, e, n, kronor in rows}


def assert_current() -> dict[tuple[int | None, int, str], tuple[int, int]]:
    expected = counted()
    assert kept() == expected
    return expected


def test_every_write_that_rewrites_cells_keeps_the_totals(group):
    council, other = f.GoalFactory(code="1"), f.GoalFactory(code="2")
    unit_goal = f.UnitGoalFactory(parent=council, owner_unit=group.administration)
    admin, company = group.administration.pk, group.company.pk
    activity = f.ActivityFactory(owner_unit=group.department, budget_sek=100)
    f.ContributionFactory(activity=activity, goal=council)
    contribution = f.ContributionFactory(activity=activity, goal=unit_goal)
    against = f.ActivityFactory(owner_unit=group.company, budget_sek=None)
    f.ContributionFactory(activity=against, goal=council, effect=COUNTERACTS, reason="Buller")
    assert assert_current() == {
        (admin, council.pk, SUPPORTS): (1, 100),
        (company, council.pk, COUNTERACTS): (1, 0),
    }
    Activity.objects.filter(pk=activity.pk).update(budget_sek=250)
    Goal.objects.filter(pk=unit_goal.pk).update(parent=other)
    Goal.rebuild_council_goals()
    assert assert_current() == {
        (admin, council.pk, SUPPORTS): (1, 250),
        (admin, other.pk, SUPPORTS): (1, 250),
        (company, council.pk, COUNTERACTS): (1, 0),
    }
    Contribution.objects.filter(pk=contribution.pk).delete()
    Activity.objects.filter(pk=activity.pk).update(owner_unit=group.company)
    Activity.objects.filter(pk=against.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Klar"
    )
    assert assert_current() == {(company, council.pk, SUPPORTS): (1, 250)}
    # The department moves to the company: its activities' cells follow it.
    Activity.objects.filter(pk=activity.pk).update(owner_unit=group.department)
    Unit.objects.filter(pk=group.department.pk).update(parent=group.company)
    Unit.rebuild_top_units()
    assert assert_current() == {(company, council.pk, SUPPORTS): (1, 250)}


def test_bulk_writes_and_folding_keep_the_sums_and_the_matrix_reads_them(group):
    council = f.GoalFactory(code="1")
    activities = Activity.objects.bulk_create(
        [
            Activity(title=f"Aktivitet {n}", owner_unit=group.company, budget_sek=n * 10)
            for n in range(10)
        ]
    )
    Contribution.objects.bulk_create([Contribution(activity=a, goal=council) for a in activities])
    Activity.objects.filter(pk__in=[a.pk for a in activities[:4]]).update(budget_sek=1)
    expected = assert_current()
    assert expected == {(group.company.pk, council.pk, SUPPORTS): (10, 4 + 390)}
    before = CellTotal.objects.count()
    fold_kept_counts()
    assert kept() == expected
    assert CellTotal.objects.count() == 1 < before
    matrix = overview_matrix()
    (cell,) = [cell for row in matrix.companies if row.unit == group.company for cell in row.cells]
    assert (cell.supports, cell.supports_kronor) == (10, 394)


def test_the_support_the_conflicts_read_is_the_matrix_s(group):
    """support_by_top_unit() (the conflict list's and the counteraction list's) reads the kept
    totals: the same as the matrix's cells, departments in their administration, activities of
    units that are not rows (the group itself) left out."""
    council, other = f.GoalFactory(code="1"), f.GoalFactory(code="2")
    for owner, goal in [
        (group.administration, council),
        (group.department, council),
        (group.company, other),
        (group.company, council),
    ]:
        f.ContributionFactory(activity=f.ActivityFactory(owner_unit=owner), goal=goal)
    root = f.UnitFactory(kind=Unit.Kind.GROUP, slug="koncernen")
    f.ContributionFactory(activity=f.ActivityFactory(owner_unit=root), goal=other)
    matrix = overview_matrix()
    expected = support_from_cells(
        cell for row in matrix.administrations + matrix.companies for cell in row.cells
    )
    assert (
        support_by_top_unit()
        == expected
        == {
            council.pk: {group.administration.pk: 2, group.company.pk: 1},
            other.pk: {group.company.pk: 1},
        }
    )
