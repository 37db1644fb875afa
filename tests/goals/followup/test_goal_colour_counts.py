"""goals.GoalColourCount, which PostgreSQL's triggers keep (migration 0033): after every kind of
write to status reports, activities, contributions and goals, the rows add up, per period,
council goal and colour, to the supporting activities counted from scratch; folding them
(goals.services.fold_kept_counts()) leaves the sums as they were; and the roll-up the
overview shows reads them."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from goals.followup.models import ActivityReport, GoalColourCount, StatusColour
from goals.followup.selectors import council_goal_rollups
from goals.models import Activity, Contribution, Goal
from goals.services import fold_kept_counts
from tests import factories as f
from tests.conftest import another_connection

pytestmark = pytest.mark.django_db

ON_TRACK, AT_RISK, OFF_TRACK = StatusColour.ON_TRACK, StatusColour.AT_RISK, StatusColour.OFF_TRACK


def kept() -> dict[tuple[int, int, str], int]:
    rows = (
        GoalColourCount.objects.values_list("period_id", "council_goal_id", "status")
        .annotate(n=Sum("activities"))
        .order_by()
    )
    return {(p, g, s): n for p, g, s, n in rows if n}


def counted() -> dict[tuple[int, int, str], int]:
    """The roll-up as it was counted before the rows were kept: every status report joined to
    its active activity's supporting contributions, each activity once per council goal."""
    rows = (
        ActivityReport.objects.filter(
            activity__withdrawn_at__isnull=True,
            activity__contributions__effect=Contribution.Effect.SUPPORTS,
            activity__contributions__goal__council_goal__isnull=False,
        )
        .values_list("period_id", "activity__contributions__goal__council_goal_id", "status")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by()
    )
    return {(p, g, s): n for p, g, s, n in rows}


def assert_current() -> dict[tuple[int, int, str], int]:
    expected = counted()
    assert kept() == expected
    return expected


@pytest.fixture
def chain(group):
    council = f.GoalFactory(code="1")
    other = f.GoalFactory(code="2")
    unit_goal = f.UnitGoalFactory(parent=council, owner_unit=group.administration)
    period = f.ReportingPeriodFactory()
    later = f.ReportingPeriodFactory(number=2)
    return council, other, unit_goal, period, later


def test_reports_count_once_per_council_goal_however_the_activity_reaches_it(group, chain):
    council, other, unit_goal, period, later = chain
    both_ways = f.ActivityFactory(owner_unit=group.administration)
    f.ContributionFactory(activity=both_ways, goal=council)
    f.ContributionFactory(activity=both_ways, goal=unit_goal)
    f.ContributionFactory(activity=both_ways, goal=other)
    against = f.ActivityFactory(owner_unit=group.company)
    f.ContributionFactory(
        activity=against, goal=council, effect=Contribution.Effect.COUNTERACTS, reason="Buller"
    )
    f.ActivityReportFactory(activity=both_ways, period=period, status=AT_RISK)
    f.ActivityReportFactory(activity=both_ways, period=later, status=ON_TRACK)
    f.ActivityReportFactory(activity=against, period=period, status=OFF_TRACK)
    counts = assert_current()
    assert counts == {
        (period.pk, council.pk, AT_RISK): 1,
        (period.pk, other.pk, AT_RISK): 1,
        (later.pk, council.pk, ON_TRACK): 1,
        (later.pk, other.pk, ON_TRACK): 1,
    }


def test_a_report_changing_colour_period_or_only_its_comment(group, chain):
    council, _, _, period, later = chain
    activity = f.ActivityFactory(owner_unit=group.administration)
    f.ContributionFactory(activity=activity, goal=council)
    report = f.ActivityReportFactory(activity=activity, period=period, status=ON_TRACK)
    assert_current()
    rows = GoalColourCount.objects.count()
    ActivityReport.objects.filter(pk=report.pk).update(comment="Nytt", progress=80)
    assert GoalColourCount.objects.count() == rows  # nothing the roll-up counts changed
    ActivityReport.objects.filter(pk=report.pk).update(status=OFF_TRACK)
    assert assert_current() == {(period.pk, council.pk, OFF_TRACK): 1}
    ActivityReport.objects.filter(pk=report.pk).update(period=later)
    assert assert_current() == {(later.pk, council.pk, OFF_TRACK): 1}
    ActivityReport.objects.filter(pk=report.pk).delete()
    assert assert_current() == {}


def test_contributions_withdrawal_and_goals_moving_change_what_counts(group, chain):
    council, other, unit_goal, period, _ = chain
    activity = f.ActivityFactory(owner_unit=group.administration, budget_sek=100)
    contribution = f.ContributionFactory(activity=activity, goal=unit_goal)
    f.ActivityReportFactory(activity=activity, period=period, status=AT_RISK)
    assert assert_current() == {(period.pk, council.pk, AT_RISK): 1}
    # Its budget changes: the cells are written again, the counts stay.
    Activity.objects.filter(pk=activity.pk).update(budget_sek=200)
    assert assert_current() == {(period.pk, council.pk, AT_RISK): 1}
    # The unit goal moves under the other council goal.
    Goal.objects.filter(pk=unit_goal.pk).update(parent=other)
    Goal.rebuild_council_goals()
    assert assert_current() == {(period.pk, other.pk, AT_RISK): 1}
    # It turns to counteracting, and back.
    Contribution.objects.filter(pk=contribution.pk).update(
        effect=Contribution.Effect.COUNTERACTS, reason="Därför"
    )
    assert assert_current() == {}
    Contribution.objects.filter(pk=contribution.pk).update(effect=Contribution.Effect.SUPPORTS)
    # Withdrawn and restored.
    Activity.objects.filter(pk=activity.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Klar"
    )
    assert assert_current() == {}
    Activity.objects.filter(pk=activity.pk).update(withdrawn_at=None, withdrawn_reason="")
    assert assert_current() == {(period.pk, other.pk, AT_RISK): 1}
    # Its contributions deleted (activities are withdrawn, not deleted, while reported on).
    Contribution.objects.filter(activity=activity).delete()
    assert assert_current() == {}


def test_bulk_writes_and_folding_keep_the_sums(group, chain):
    council, other, _, period, later = chain
    activities = Activity.objects.bulk_create(
        [Activity(title=f"Aktivitet {n}", owner_unit=group.company) for n in range(12)]
    )
    Contribution.objects.bulk_create(
        [Contribution(activity=a, goal=[council, other][n % 2]) for n, a in enumerate(activities)]
    )
    colours = [ON_TRACK, AT_RISK, OFF_TRACK, StatusColour.NOT_ASSESSED]
    ActivityReport.objects.bulk_create(
        [
            ActivityReport(activity=a, period=p, status=colours[n % 4], progress=10)
            for n, a in enumerate(activities)
            for p in (period, later)
        ]
    )
    ActivityReport.objects.filter(period=later, status=ON_TRACK).update(status=OFF_TRACK)
    expected = assert_current()
    assert sum(expected.values()) == 24
    before = GoalColourCount.objects.count()
    fold_kept_counts()
    assert kept() == expected
    assert GoalColourCount.objects.count() == len(expected) < before


@pytest.mark.django_db(transaction=True)
def test_a_report_another_connection_adds_while_the_rows_are_folded_stays_counted(group, chain):
    """Folding deletes only the rows it saw: a report another worker adds and commits while
    the fold's transaction is still open stays counted once both have committed."""
    council, _, _, period, _ = chain
    first, second = f.ActivityFactory(owner_unit=group.company), f.ActivityFactory()
    f.ContributionFactory(activity=first, goal=council)
    f.ContributionFactory(activity=second, goal=council)
    f.ActivityReportFactory(activity=first, period=period, status=AT_RISK)
    other_worker = another_connection()
    try:
        with transaction.atomic():
            fold_kept_counts()  # its deleted and folded rows are not committed yet
            other_worker.cursor().execute(
                "INSERT INTO goals_activityreport"
                " (activity_id, period_id, status, progress, comment, version,"
                " created_at, updated_at)"
                " VALUES (%s, %s, %s, 10, '', 1, now(), now())",
                [second.pk, period.pk, AT_RISK],
            )
    finally:
        other_worker.close()
    assert assert_current() == {(period.pk, council.pk, AT_RISK): 2}


def test_the_roll_up_reads_the_kept_rows(group, chain):
    council, other, _, period, later = chain
    activity = f.ActivityFactory(owner_unit=group.administration)
    f.ContributionFactory(activity=activity, goal=council)
    f.ActivityReportFactory(activity=activity, period=period, status=OFF_TRACK)
    f.ActivityReportFactory(activity=activity, period=later, status=ON_TRACK)
    # A row the triggers did not write shows: the roll-up adds up what is kept.
    GoalColourCount.objects.create(period=later, council_goal=council, status=AT_RISK, activities=3)
    rollups = {r.goal.pk: r for r in council_goal_rollups(later, period)}
    assert (rollups[council.pk].current.on_track, rollups[council.pk].current.at_risk) == (1, 3)
    assert rollups[council.pk].previous.off_track == 1
    assert rollups[other.pk].current.total == 0
