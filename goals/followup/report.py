"""What the period report's PDF holds, read with a fixed number of queries whatever the size of
the group: goals with their assessments, indicators with their charts, and the activities.

A board's report (one unit and its departments) lists every activity with its status report. The
whole group's report cannot: WeasyPrint lays out about a hundred table rows a second, so the
100,000 activities of Sweden's largest municipal group would take a quarter of an hour and some
4,000 pages that nobody reads. It gives each administration and company its counts by status
colour instead, with the activities that are off track (the worst first, at most
``OFF_TRACK_LISTED`` a unit; the rest counted); the full list is in the Excel report.

Every report, PDF or Excel (goals.followup.workbook), a board's or the whole group's, ends
with what waits for a decision *as the report is built* (at_stake()): the open duplicate cases
(goals.overlap.cases) and the open goal conflicts (goals.conflicts.selectors), with the kronor at
stake, the largest first. They are open now, not in the period: a case decided since the period
ended is not there, one found since is. A board's report keeps those its units are in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from goals.charts import Chart, indicator_chart
from goals.conflicts.selectors import OpenConflicts, open_conflicts
from goals.followup.models import ActivityReport, GoalAssessment, ReportingPeriod, StatusColour
from goals.models import Goal, Indicator, Measurement
from goals.overlap.cases import OpenCaseTotals, open_case_totals
from vaxjo_riktning.models import Unit

OFF_TRACK_LISTED = 10
# How many open duplicate cases and how many open conflicts the report lists, the largest first;
# the rest are counted (they are smaller, and the overlap queue and conflict list hold them all).
AT_STAKE_LISTED = 50


@dataclass
class ReportIndicator:
    indicator: Indicator
    chart: Chart | None


@dataclass
class ReportGoal:
    goal: Goal
    assessment: GoalAssessment | None
    indicators: list[ReportIndicator]


@dataclass
class UnitSummary:
    """An administration's or company's status reports, counted by colour, and its worst ones."""

    unit: Unit
    counts: dict[str, int] = field(default_factory=dict)
    off_track: list[ActivityReport] = field(default_factory=list)

    @property
    def colour_counts(self) -> list[tuple[str, str, int]]:
        return [(c.value, c.label, self.counts.get(c.value, 0)) for c in StatusColour]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def off_track_not_listed(self) -> int:
        return self.counts.get(StatusColour.OFF_TRACK, 0) - len(self.off_track)


@dataclass
class AtStake:
    """The open duplicate cases and open goal conflicts when the report is built, with the
    kronor at stake: the largest of each, and how many there are in all."""

    cases: OpenCaseTotals
    conflicts: OpenConflicts

    @property
    def cases_not_listed(self) -> int:
        return self.cases.count - len(self.cases.largest)

    @property
    def conflicts_not_listed(self) -> int:
        return self.conflicts.count - len(self.conflicts.largest)


def at_stake(*, unit_ids: set[int] | None = None) -> AtStake:
    """The open duplicate cases and goal conflicts now, the whole group's or those the units are
    in (an activity of theirs in the case; the conflict's activity theirs, or its goal).

    Queries: the cases with their count and total (1), the conflicts' summary (1) and largest
    (1, none when nothing is open)."""
    return AtStake(
        cases=open_case_totals(limit=AT_STAKE_LISTED, unit_ids=unit_ids),
        conflicts=open_conflicts(limit=AT_STAKE_LISTED, unit_ids=unit_ids),
    )


@dataclass
class PeriodReport:
    period: ReportingPeriod
    unit: Unit | None
    goals: list[ReportGoal]
    generated_at: datetime
    at_stake: AtStake
    # A unit's report: every status report. The whole group's: a summary per top-level unit.
    activities: list[ActivityReport] = field(default_factory=list)
    summaries: list[UnitSummary] = field(default_factory=list)

    @property
    def indicators(self) -> list[tuple[Goal, ReportIndicator]]:
        return [(g.goal, i) for g in self.goals for i in g.indicators if i.chart is not None]

    @property
    def totals(self) -> UnitSummary | None:
        if self.unit is not None:
            return None
        total = UnitSummary(unit=None)  # type: ignore[arg-type]
        for summary in self.summaries:
            for colour, n in summary.counts.items():
                total.counts[colour] = total.counts.get(colour, 0) + n
        return total


def period_report(*, period: ReportingPeriod, unit: Unit | None = None) -> PeriodReport:
    """The report's content. Queries: goals, their assessments, indicators, measurements (4); a
    unit's status reports (1, after the unit tree) or, for the whole group, the top-level units,
    the counts by unit and colour and the off-track ones listed (3); the open duplicate cases and
    conflicts (3, see at_stake())."""
    goals = (
        Goal.objects.active()
        .select_related("owner_unit")
        .order_by("sort_order", "code", "title", "pk")
    )
    unit_ids = Unit.subtree_ids([unit.pk]) if unit is not None else None
    if unit_ids is not None:
        goals = goals.filter(owner_unit_id__in=unit_ids)
    goals = goals.prefetch_related(
        Prefetch(
            "assessments",
            queryset=GoalAssessment.objects.filter(period=period),
            to_attr="period_assessments",
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.order_by("year", "period"))
            ),
        ),
    )
    report_goals = [
        ReportGoal(
            goal=goal,
            assessment=goal.period_assessments[0] if goal.period_assessments else None,
            indicators=[
                ReportIndicator(indicator=i, chart=indicator_chart(i, list(i.measurements.all())))
                for i in goal.indicators.all()
            ],
        )
        for goal in goals
    ]
    report = PeriodReport(
        period=period,
        unit=unit,
        goals=report_goals,
        generated_at=timezone.now(),
        at_stake=at_stake(unit_ids=unit_ids),
    )
    reports = ActivityReport.objects.filter(period=period)
    if unit_ids is not None:
        report.activities = list(
            reports.filter(activity__owner_unit_id__in=unit_ids)
            .select_related("activity__owner_unit")
            .order_by("activity__owner_unit__name", "activity__title", "pk")
        )
    else:
        report.summaries = _summaries(reports)
    return report


def _summaries(reports) -> list[UnitSummary]:
    summaries = {
        u.pk: UnitSummary(unit=u) for u in Unit.objects.top_level().order_by("sort_order", "name")
    }
    other: dict[int, UnitSummary] = {}
    top = F("activity__owner_unit__top_unit_id")
    counts = (
        reports.values(top_id=top, colour=F("status")).annotate(n=Count("pk")).order_by("top_id")
    )
    missing_units: set[int] = set()
    by_unit: dict[int, dict[str, int]] = defaultdict(dict)
    for row in counts:
        by_unit[row["top_id"]][row["colour"]] = row["n"]
        if row["top_id"] not in summaries:
            missing_units.add(row["top_id"])
    worst = (
        reports.filter(status=StatusColour.OFF_TRACK)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[top],
                order_by=[F("progress").asc(nulls_first=True), "activity__title", "pk"],
            )
        )
        .filter(rank__lte=OFF_TRACK_LISTED)
        .select_related("activity__owner_unit")
        .order_by("rank")
    )
    listed: dict[int, list[ActivityReport]] = defaultdict(list)
    for row in worst:
        listed[row.activity.owner_unit.top_unit_id].append(row)
    # Activities of units outside any administration or company (the group itself, the
    # municipality) are rare; they are counted under their own unit rather than left out.
    if missing_units:
        for u in Unit.objects.filter(pk__in=[pk for pk in missing_units if pk is not None]):
            other[u.pk] = UnitSummary(unit=u)
    for pk, summary in [*summaries.items(), *other.items()]:
        summary.counts = by_unit.get(pk, {})
        summary.off_track = listed.get(pk, [])
    return [s for s in [*summaries.values(), *other.values()] if s.total]
