"""Reads for the follow-up pages: which period is current, the group's reporting progress, each
council goal's colour rolled up from its activities with a trend, and one unit's to-do.

Every function answers with a fixed number of SQL queries whatever the size of the group: counts
come from one aggregate each, joined to the period's reports through a FilteredRelation so that
an activity with reports in many periods is still one row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, FilteredRelation, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from goals.followup import rules
from goals.followup.models import (
    ActivityReport,
    GoalAssessment,
    GoalColourCount,
    ReportingCount,
    ReportingPeriod,
    UnitReport,
)
from goals.models import Activity, Contribution, Goal
from goals.savings.models import CoordinationSaving
from vaxjo_riktning.history import newest_events
from vaxjo_riktning.models import Unit

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

MISSING = object()
# Long enough to be useful overnight; the key changes with the data.
OVERVIEW_CACHE_SECONDS = 24 * 60 * 60

# How many periods the period chooser lists, newest first (three years of months).
PERIOD_CHOICES = 36


# --- Periods --------------------------------------------------------------------------------------


def period_choices() -> list[ReportingPeriod]:
    """The periods to choose among, newest first (one query)."""
    return list(ReportingPeriod.objects.order_by("-year", "-ends_on", "-number")[:PERIOD_CHOICES])


def current_period(periods: list[ReportingPeriod]) -> ReportingPeriod | None:
    """The period the group is working on: the open period due first (periods are worked
    through in order, and one stays current, late, until an administrator closes it); without
    an open period, the latest one."""
    open_periods = [p for p in periods if p.is_open]
    if open_periods:
        return min(open_periods, key=lambda p: (p.deadline, p.ends_on, p.pk))
    return periods[0] if periods else None


def previous_period(
    period: ReportingPeriod, periods: list[ReportingPeriod]
) -> ReportingPeriod | None:
    """The period before this one in time, to show a trend against."""
    ordered = sorted(periods, key=lambda p: (p.ends_on, p.number, p.pk))
    position = next((i for i, p in enumerate(ordered) if p.pk == period.pk), None)
    return ordered[position - 1] if position else None


# --- The group's progress -------------------------------------------------------------------------


@dataclass
class UnitProgress:
    unit: Unit
    activities: int = 0
    activities_reported: int = 0
    goals: int = 0
    goals_assessed: int = 0
    report: UnitReport | None = None
    late: bool = False

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @property
    def is_ready(self) -> bool:
        return self.report is not None and self.report.is_ready

    @property
    def has_anything(self) -> bool:
        return bool(self.activities or self.goals)

    @property
    def percent(self) -> int:
        total = self.activities + self.goals
        if not total:
            return 100
        return round(100 * (self.activities_reported + self.goals_assessed) / total)


@dataclass
class GroupProgress:
    period: ReportingPeriod
    rows: list[UnitProgress]

    @property
    def expected(self) -> list[UnitProgress]:
        """Units with something to report."""
        return [row for row in self.rows if row.has_anything]

    @property
    def ready_count(self) -> int:
        return sum(1 for row in self.expected if row.is_ready)

    @property
    def late(self) -> list[UnitProgress]:
        return [row for row in self.expected if row.late]

    @property
    def returned_count(self) -> int:
        return sum(1 for row in self.expected if row.status == UnitReport.Status.RETURNED)


# Keyed by top unit (a nullable column: null until it is derived).
def _activity_counts(period: ReportingPeriod) -> dict[int | None, tuple[int, int]]:
    """Per top-level unit, the activities to report on in the period
    (rules.activities_to_report()) and those with a progress: the sums of ReportingCount's
    rows, which the database keeps as activities and reports change (migration 0036), instead
    of filtering every activity by the period's dates (45-58 ms at 100,000 activities)."""
    rows = (
        ReportingCount.objects.filter(period=period)
        .values_list("top_unit_id")
        .annotate(total=Sum("activities"), reported=Sum("reported"))
        .order_by()
    )
    return {unit_id: (total, reported) for unit_id, total, reported in rows if total}


def _goal_counts(period: ReportingPeriod) -> dict[int | None, tuple[int, int]]:
    rows = (
        rules.goals_to_assess(period)
        .annotate(
            period_assessment=FilteredRelation(
                "assessments", condition=Q(assessments__period=period)
            )
        )
        .values("owner_unit__top_unit_id")
        .annotate(
            total=Count("pk"),
            assessed=Count("pk", filter=Q(period_assessment__isnull=False)),
        )
        .order_by()
    )
    return {r["owner_unit__top_unit_id"]: (r["total"], r["assessed"]) for r in rows}


def group_progress(period: ReportingPeriod, *, today: date | None = None) -> GroupProgress:
    """Every administration and company with what it has to report in the period, how much is
    reported, whether its report is ready, and whether it is late.

    Queries: top-level units (1), activity counts (1), goal counts (1), unit reports (1).
    """
    today = today or timezone.localdate()
    units = list(Unit.objects.top_level().order_by("sort_order", "name"))
    activity_counts = _activity_counts(period)
    goal_counts = _goal_counts(period)
    reports = {r.unit_id: r for r in UnitReport.objects.filter(period=period)}
    late = period.is_open and period.is_late(today)
    rows = []
    for unit in units:
        activities, reported = activity_counts.get(unit.pk, (0, 0))
        goals, assessed = goal_counts.get(unit.pk, (0, 0))
        report = reports.get(unit.pk)
        row = UnitProgress(
            unit=unit,
            activities=activities,
            activities_reported=reported,
            goals=goals,
            goals_assessed=assessed,
            report=report,
        )
        row.late = late and row.has_anything and not row.is_ready
        rows.append(row)
    return GroupProgress(period=period, rows=rows)


# --- Goals rolled up from their activities --------------------------------------------------------


@dataclass
class GoalRollup:
    goal: Goal
    current: rules.Rollup
    previous: rules.Rollup | None

    @property
    def trend(self) -> str:
        return self.current.trend_against(self.previous)


def council_goal_rollups(
    period: ReportingPeriod, previous: ReportingPeriod | None
) -> list[GoalRollup]:
    """Each active council goal's colour in the period, rolled up from the status colours of
    the activities that support it or a unit goal below it, with the previous period's.

    Queries: council goals (1), the colours per goal and period (1).
    """
    goals = list(
        Goal.objects.council_goals().active().order_by("sort_order", "code", "title", "pk")
    )
    periods = [period.pk] + ([previous.pk] if previous else [])
    # The counts the database keeps as reports and contributions change (GoalColourCount,
    # migration 0033): a few rows per goal instead of joining two periods' reports to every
    # contribution (62-276 ms at 100,000 activities).
    counts = (
        GoalColourCount.objects.filter(period__in=periods)
        .values_list("period_id", "council_goal_id", "status")
        .annotate(n=Sum("activities"))
        .order_by()
    )
    found: dict[tuple[int, int], rules.Rollup] = {}
    for period_id, goal_id, status, n in counts:
        if n:
            found.setdefault((period_id, goal_id), rules.Rollup()).add(status, n)
    return [
        GoalRollup(
            goal=goal,
            current=found.get((period.pk, goal.pk), rules.Rollup()),
            previous=found.get((previous.pk, goal.pk)) if previous else None,
        )
        for goal in goals
    ]


def goal_rollups(period: ReportingPeriod, goal_ids: list[int]) -> dict[int, rules.Rollup]:
    """The colours of the activities that support each of the given goals directly (one
    query)."""
    counts = (
        ActivityReport.objects.filter(
            period=period,
            activity__withdrawn_at__isnull=True,
            activity__contributions__effect=Contribution.Effect.SUPPORTS,
            activity__contributions__goal_id__in=goal_ids,
        )
        .values("activity__contributions__goal_id", "status")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by()
    )
    found: dict[int, rules.Rollup] = {}
    for row in counts:
        found.setdefault(row["activity__contributions__goal_id"], rules.Rollup()).add(
            row["status"], row["n"]
        )
    return found


# --- One unit's to-do -------------------------------------------------------------------------


@dataclass
class ActivityRow:
    activity: Activity
    report: ActivityReport | None
    may_write: bool = False
    # The activity's report in the period before, shown beside the fields, read-only.
    previous: ActivityReport | None = None


@dataclass
class GoalRow:
    goal: Goal
    assessment: GoalAssessment | None
    rollup: rules.Rollup
    may_write: bool = False
    # The goal's assessment in the period before, shown beside the fields, read-only.
    previous: GoalAssessment | None = None


@dataclass
class SavingRow:
    saving: CoordinationSaving
    may_write: bool = False


@dataclass
class UnitToDo:
    period: ReportingPeriod
    unit: Unit
    report: UnitReport | None
    page: Page[Activity]
    activity_rows: list[ActivityRow]
    goal_rows: list[GoalRow]
    activities_missing: int
    goals_missing: int
    only_missing: bool = False
    # The period before, when the rows found anything reported in it (to name it).
    previous_period: ReportingPeriod | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # A year-end period's report also gives the coordination savings the unit reports.
    saving_rows: list[SavingRow] = field(default_factory=list)

    @property
    def savings_missing(self) -> int:
        return sum(1 for row in self.saving_rows if not row.saving.is_realised)

    @property
    def status(self) -> str:
        return self.report.status if self.report else UnitReport.Status.DRAFT

    @property
    def is_ready(self) -> bool:
        return self.report is not None and self.report.is_ready

    @property
    def is_complete(self) -> bool:
        return not (self.activities_missing or self.goals_missing or self.savings_missing)


def unit_todo(
    *,
    period: ReportingPeriod,
    unit: Unit,
    user: User,
    page_number: str | None = None,
    only_missing: bool = False,
) -> UnitToDo:
    """What the unit has to report in the period: its activities (and its departments'), a page
    at a time, each with its report; its goals, each with its assessment and its activities'
    colours; and how much is still missing.

    Queries: the unit's report (1), missing activities and goals (2), the page's count (1) and
    rows with unit and process (1), their reports (1), the goals (1), their assessments (1),
    their colours (1); in a year-end period the coordination savings the unit reports (1).
    The reports and assessments of the period before ("last period", shown beside the rows)
    come with this period's, in the same two queries.
    """
    report = UnitReport.objects.filter(period=period, unit=unit).first()
    activities = rules.activities_to_report(period).filter(owner_unit__top_unit=unit)
    missing_activities = rules.without_progress(activities, period)
    goals = rules.goals_to_assess(period).filter(owner_unit__top_unit=unit)
    activities_missing = missing_activities.count()
    goals_missing = rules.without_assessment(goals, period).count()

    listed = missing_activities if only_missing else activities
    page = Paginator(
        listed.select_related("owner_unit", "process").order_by("title", "pk"),
        settings.PAGE_SIZE,
    ).get_page(page_number)
    rows = list(page.object_list)
    # This period's and last period's, told apart by their period.
    in_either = Q(period=period) | Q(
        period=Subquery(ReportingPeriod.objects.before(period).values("pk")[:1])
    )
    reports: dict[int, ActivityReport] = {}
    previous_reports: dict[int, ActivityReport] = {}
    previous_period = None
    for r in ActivityReport.objects.filter(
        in_either, activity_id__in=[a.pk for a in rows]
    ).select_related("updated_by", "period"):
        if r.period_id == period.pk:
            reports[r.activity_id] = r
        else:
            previous_reports[r.activity_id] = r
            previous_period = r.period
    activity_rows = [
        ActivityRow(
            activity=a,
            report=reports.get(a.pk),
            may_write=rules.may_report_activity(user, a),
            previous=previous_reports.get(a.pk),
        )
        for a in rows
    ]

    goal_list = list(
        goals.select_related("owner_unit", "parent").order_by("sort_order", "code", "title", "pk")
    )
    assessments: dict[int, GoalAssessment] = {}
    previous_assessments: dict[int, GoalAssessment] = {}
    for a in GoalAssessment.objects.filter(
        in_either, goal_id__in=[g.pk for g in goal_list]
    ).select_related("updated_by", "period"):
        if a.period_id == period.pk:
            assessments[a.goal_id] = a
        else:
            previous_assessments[a.goal_id] = a
            previous_period = a.period
    rollups = goal_rollups(period, [g.pk for g in goal_list]) if goal_list else {}
    goal_rows = [
        GoalRow(
            goal=g,
            assessment=assessments.get(g.pk),
            rollup=rollups.get(g.pk, rules.Rollup()),
            may_write=rules.may_assess_goal(user, g),
            previous=previous_assessments.get(g.pk),
        )
        for g in goal_list
    ]
    saving_rows = []
    if period.covers_year_end:
        may_report = rules.may_mark_ready(user, unit)
        saving_rows = [
            SavingRow(saving=saving, may_write=may_report)
            for saving in CoordinationSaving.objects.to_report(period=period, unit_id=unit.pk)
            .select_related("decided_by", "realised_by", "realised_period")
            .order_by("decided_at", "pk")
        ]
    return UnitToDo(
        period=period,
        unit=unit,
        report=report,
        page=page,
        activity_rows=activity_rows,
        goal_rows=goal_rows,
        activities_missing=activities_missing,
        goals_missing=goals_missing,
        only_missing=only_missing,
        previous_period=previous_period,
        saving_rows=saving_rows,
    )


def units_for_user(user: User) -> QuerySet[Unit]:
    """The administrations and companies a unit editor reports for (their own, or the one their
    department belongs to)."""
    from vaxjo_riktning.models import Role

    # (A unit editor's assignment always has a unit: a check constraint says so.)
    roots = {
        a.unit_id for a in user.assignments if a.role == Role.UNIT_EDITOR and a.unit_id is not None
    }
    if not roots:
        return Unit.objects.none()
    return Unit.objects.filter(
        pk__in=Unit.objects.filter(pk__in=roots).values("top_unit_id")
    ).order_by("sort_order", "name")


# --- The chief executive's overview ---------------------------------------------------------------


@dataclass
class OverviewFollowUp:
    period: ReportingPeriod
    previous: ReportingPeriod | None
    progress: GroupProgress
    rollups: list[GoalRollup]


# What the overview's follow-up section depends on (see followup_state()).
FOLLOWUP_EVENTS = [
    f"goals.{name}Event"
    for name in (
        "ReportingPeriod",
        "UnitReport",
        "ActivityReport",
        "GoalAssessment",
        "Activity",
        "Contribution",
        "Goal",
    )
]


def followup_state(events: str | None = None) -> str:
    """A fingerprint of everything the overview's follow-up section depends on, in one query
    (none when `events`, newest_events() of FOLLOWUP_EVENTS, is given): the newest history
    event of periods, unit reports, status reports, assessments, activities, contributions and
    goals (django-pghistory's triggers record every change, bulk updates included), the unit
    tree, and today's date (a unit becomes late at midnight)."""
    state = events or newest_events(FOLLOWUP_EVENTS)
    return f"{state}:{timezone.localdate().isoformat()}"


@dataclass
class PeriodSummary:
    progress: GroupProgress
    rollups: list[GoalRollup]


def period_summary(period: ReportingPeriod, previous: ReportingPeriod | None) -> PeriodSummary:
    """The group's progress and the council goals' colours in a period, from the cache while
    nothing they depend on changes (each is an aggregate over the whole group).

    Queries: the fingerprint (1); on a miss also the group's progress (4) and the roll-up (2).
    """
    key = ":".join(
        [
            "riktning:followup-summary",
            str(period.pk),
            str(previous.pk if previous else 0),
            followup_state(),
        ]
    )
    summary = cache.get(key)
    if summary is None:
        summary = PeriodSummary(
            progress=group_progress(period), rollups=council_goal_rollups(period, previous)
        )
        cache.set(key, summary, OVERVIEW_CACHE_SECONDS)
    return summary


def overview_followup(state: str | None = None) -> OverviewFollowUp | None:
    """The current period's reporting progress and the council goals' colours with their trend,
    for the overview (None before any period is opened). Kept in the cache while nothing it
    depends on changes: the roll-up reads every status report of two periods.

    Queries: the fingerprint (1, none when `state`, followup_state(), is given); on a miss also
    the periods (1), the group's progress (4) and the roll-up (2).
    """
    key = f"riktning:overview-followup:{state or followup_state()}"
    cached = cache.get(key, MISSING)
    if cached is not MISSING:
        return cached
    periods = period_choices()
    period = current_period(periods)
    result = None
    if period is not None:
        previous = previous_period(period, periods)
        result = OverviewFollowUp(
            period=period,
            previous=previous,
            progress=group_progress(period),
            rollups=council_goal_rollups(period, previous),
        )
    cache.set(key, result, OVERVIEW_CACHE_SECONDS)
    return result
