"""goals.ReportingCount, which PostgreSQL's triggers keep (migration 0036): after every kind of
write to activities, status reports, periods and the unit tree, the rows add up, per period
and top-level unit, to the activities to report on (goals.followup.rules) and those with a
progress, as counting them gives; folding keeps the sums; the group's progress reads them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count, FilteredRelation, Q, Sum
from django.utils import timezone

from goals.followup import rules
from goals.followup.models import ActivityReport, ReportingCount, ReportingPeriod
from goals.followup.selectors import group_progress
from goals.models import Activity
from goals.services import fold_kept_counts
from tests import factories as f
from vaxjo_riktning.models import Unit

pytestmark = pytest.mark.django_db


def kept() -> dict[tuple[int, int | None], tuple[int, int]]:
    rows = (
        ReportingCount.objects.values_list("period_id", "top_unit_id")
        .annotate(n=Sum("activities"), reported=Sum("reported"))
        .order_by()
    )
    return {(p, u): (n, reported) for p, u, n, reported in rows if n or reported}


def counted() -> dict[tuple[int, int | None], tuple[int, int]]:
    """As the progress was counted before the rows were kept (one query per period)."""
    found = {}
    for period in ReportingPeriod.objects.all():
        rows = (
            rules.activities_to_report(period)
            .annotate(
                period_report=FilteredRelation("reports", condition=Q(reports__period=period))
            )
            .values_list("owner_unit__top_unit_id")
            .annotate(
                total=Count("pk"),
                reported=Count("pk", filter=Q(period_report__progress__isnull=False)),
            )
            .order_by()
        )
        found.update({(period.pk, unit): (n, reported) for unit, n, reported in rows})
    return found


def assert_current() -> dict[tuple[int, int | None], tuple[int, int]]:
    expected = counted()
    assert kept() == expected
    return expected


@pytest.fixture
def periods():
    # Delår 1 (January to March) and 2 (April to August) of 2026.
    return f.ReportingPeriodFactory(), f.ReportingPeriodFactory(
        number=2, starts_on=date(2026, 4, 1), ends_on=date(2026, 8, 31), deadline=date(2026, 9, 21)
    )


def test_activities_come_and_go_with_their_dates_status_owner_and_withdrawal(group, periods):
    first, second = periods
    admin, company = group.administration.pk, group.company.pk
    activity = f.ActivityFactory(owner_unit=group.department, start_date=date(2026, 2, 1))
    f.ActivityFactory(owner_unit=group.company, end_date=date(2026, 2, 28))
    f.ActivityFactory(owner_unit=group.company, status=Activity.Status.CANCELLED)
    assert assert_current() == {
        (first.pk, admin): (1, 0),
        (second.pk, admin): (1, 0),
        (first.pk, company): (1, 0),
    }
    moves = [
        {"start_date": date(2026, 5, 1)},
        {"owner_unit": group.company},
        {"status": Activity.Status.CANCELLED},
        {"status": Activity.Status.DONE, "end_date": date(2026, 6, 30)},
        {"withdrawn_at": timezone.now(), "withdrawn_reason": "Klar"},
        {"withdrawn_at": None, "withdrawn_reason": ""},
        {"title": "Bara en ny titel", "budget_sek": 5},
    ]
    for change in moves:
        Activity.objects.filter(pk=activity.pk).update(**change)
        assert_current()
    assert kept() == {(first.pk, company): (1, 0), (second.pk, company): (1, 0)}


def test_a_progress_given_and_taken_away_and_a_report_moved(group, periods):
    first, second = periods
    admin = group.administration.pk
    activity = f.ActivityFactory(owner_unit=group.administration)
    report = f.ActivityReportFactory(activity=activity, period=first, progress=None)
    assert assert_current()[(first.pk, admin)] == (1, 0)
    ActivityReport.objects.filter(pk=report.pk).update(progress=40)
    assert assert_current()[(first.pk, admin)] == (1, 1)
    ActivityReport.objects.filter(pk=report.pk).update(progress=60, comment="Mer")
    assert assert_current()[(first.pk, admin)] == (1, 1)
    ActivityReport.objects.filter(pk=report.pk).update(period=second)
    counts = assert_current()
    assert (counts[(first.pk, admin)], counts[(second.pk, admin)]) == ((1, 0), (1, 1))
    # The activity leaves the second period and comes back: its report comes with it.
    Activity.objects.filter(pk=activity.pk).update(end_date=date(2026, 3, 1))
    assert assert_current() == {(first.pk, admin): (1, 0)}
    Activity.objects.filter(pk=activity.pk).update(end_date=None)
    assert assert_current()[(second.pk, admin)] == (1, 1)
    ActivityReport.objects.filter(pk=report.pk).delete()
    assert assert_current()[(second.pk, admin)] == (1, 0)


def test_periods_and_the_unit_tree_are_counted_again(group, periods):
    first, _ = periods
    activity = f.ActivityFactory(owner_unit=group.department, start_date=date(2026, 4, 15))
    f.ActivityReportFactory(activity=activity, period=first, progress=10)
    assert (first.pk, group.administration.pk) not in assert_current()
    ReportingPeriod.objects.filter(pk=first.pk).update(
        ends_on=date(2026, 4, 30), deadline=date(2026, 5, 21)
    )
    assert assert_current()[(first.pk, group.administration.pk)] == (1, 1)
    third = f.ReportingPeriodFactory(year=2027)
    assert (third.pk, group.administration.pk) in assert_current()
    Unit.objects.filter(pk=group.department.pk).update(parent=group.company)
    Unit.rebuild_top_units()
    assert assert_current()[(first.pk, group.company.pk)] == (1, 1)


def test_bulk_writes_folding_and_the_progress_read_them(group, periods):
    first, second = periods
    activities = Activity.objects.bulk_create(
        [Activity(title=f"Aktivitet {n}", owner_unit=group.company) for n in range(8)]
    )
    ActivityReport.objects.bulk_create(
        [
            ActivityReport(activity=a, period=first, status="on_track", progress=n * 10 or None)
            for n, a in enumerate(activities)
        ]
    )
    Activity.objects.filter(pk__in=[a.pk for a in activities[:2]]).update(
        status=Activity.Status.CANCELLED
    )
    expected = assert_current()
    assert expected[(first.pk, group.company.pk)] == (6, 6)
    before = ReportingCount.objects.count()
    fold_kept_counts()
    assert kept() == expected
    assert ReportingCount.objects.count() < before
    rows = {row.unit.pk: row for row in group_progress(first).rows}
    company = rows[group.company.pk]
    assert (company.activities, company.activities_reported) == (6, 6)
    assert group_progress(second).rows  # every top-level unit has its row
