"""What follow-up asks for, in one place: which activities need a status report and which goals
an assessment in a period, who may write them, and how a goal's colour rolls up from its
activities. Services, selectors and reminders all use these, so the to-do, the progress figures
and the reminders agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from goals.followup.models import ReportingPeriod, StatusColour
from goals.models import Activity, Goal
from vaxjo_riktning.models import Role
from vaxjo_riktning.permissions import can_edit_activity, editable_unit_ids

if TYPE_CHECKING:
    from vaxjo_riktning.models import Unit, User


def activities_to_report(period: ReportingPeriod) -> QuerySet[Activity]:
    """Activities that run during the period: not withdrawn, not cancelled, started by the
    period's end (or undated) and not ended before it began."""
    return (
        Activity.objects.active()
        .exclude(status=Activity.Status.CANCELLED)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=period.ends_on))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.starts_on))
    )


def goals_to_assess(period: ReportingPeriod) -> QuerySet[Goal]:
    """Council and unit goals in force in the period's year that a unit owns (the vision is
    not assessed)."""
    year = period.year
    return (
        Goal.objects.active()
        .filter(level__in=[Goal.Level.COUNCIL, Goal.Level.UNIT], owner_unit__isnull=False)
        .filter(Q(period_start__isnull=True) | Q(period_start__lte=year))
        .filter(Q(period_end__isnull=True) | Q(period_end__gte=year))
    )


def without_progress(activities: QuerySet[Activity], period: ReportingPeriod) -> QuerySet[Activity]:
    """The activities that have no report with a progress in the period."""
    from goals.followup.models import ActivityReport

    reported = ActivityReport.objects.filter(
        period=period, activity=OuterRef("pk"), progress__isnull=False
    )
    return activities.filter(~Exists(reported))


def without_assessment(goals: QuerySet[Goal], period: ReportingPeriod) -> QuerySet[Goal]:
    """The goals that have no assessment in the period."""
    from goals.followup.models import GoalAssessment

    return goals.filter(~Exists(GoalAssessment.objects.filter(period=period, goal=OuterRef("pk"))))


# --- Who may do what ------------------------------------------------------------------------------


def may_report_activity(user: User, activity: Activity) -> bool:
    """Whoever may edit the activity reports on it: its unit's editors, the process owner of
    its process, an administrator."""
    return can_edit_activity(user, activity)


def may_assess_goal(user: User, goal: Goal) -> bool:
    """The owning unit's editors and administrators assess a goal."""
    if not user.is_authenticated:
        return False
    return user.is_administrator or goal.owner_unit_id in editable_unit_ids(user)


def may_mark_ready(user: User, unit: Unit) -> bool:
    """The unit's own editors (of the administration or company itself) and administrators."""
    if not user.is_authenticated:
        return False
    return user.is_administrator or unit.pk in editable_unit_ids(user)


def may_send_back(user: User) -> bool:
    """The chief executive, a process owner or an administrator sends a ready report back."""
    if not user.is_authenticated:
        return False
    return (
        user.is_administrator
        or user.is_chief_executive
        or any(a.role == Role.PROCESS_OWNER for a in user.assignments)
    )


def may_manage_periods(user: User) -> bool:
    return user.is_authenticated and user.is_administrator


# --- Roll-up --------------------------------------------------------------------------------------

# A goal's colour is the average of its activities' colours on this scale; activities not
# assessed do not count. Below ON_TRACK_BELOW the goal is on track, below AT_RISK_BELOW at
# risk, otherwise off track. One lagging activity among many does not turn a goal red; half
# of them off track does.
COLOUR_SCORE = {StatusColour.ON_TRACK: 0, StatusColour.AT_RISK: 1, StatusColour.OFF_TRACK: 2}
ON_TRACK_BELOW = 0.5
AT_RISK_BELOW = 1.5
# A change of the average smaller than this is "unchanged" in the trend.
TREND_STEP = 0.25


class Trend:
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    NONE = ""


@dataclass
class Rollup:
    """How a goal's activities stand in a period: counts per colour and the rolled-up colour."""

    on_track: int = 0
    at_risk: int = 0
    off_track: int = 0
    not_assessed: int = 0

    def add(self, colour: str, n: int) -> None:
        setattr(self, colour, getattr(self, colour) + n)

    @property
    def assessed(self) -> int:
        return self.on_track + self.at_risk + self.off_track

    @property
    def total(self) -> int:
        return self.assessed + self.not_assessed

    @property
    def score(self) -> float | None:
        if not self.assessed:
            return None
        return (self.at_risk * 1 + self.off_track * 2) / self.assessed

    @property
    def colour(self) -> str:
        score = self.score
        if score is None:
            return StatusColour.NOT_ASSESSED
        if score < ON_TRACK_BELOW:
            return StatusColour.ON_TRACK
        if score < AT_RISK_BELOW:
            return StatusColour.AT_RISK
        return StatusColour.OFF_TRACK

    @property
    def colour_label(self) -> str:
        return str(StatusColour(self.colour).label)

    def trend_against(self, previous: Rollup | None) -> str:
        if previous is None or previous.score is None or self.score is None:
            return Trend.NONE
        if self.score <= previous.score - TREND_STEP:
            return Trend.BETTER
        if self.score >= previous.score + TREND_STEP:
            return Trend.WORSE
        return Trend.SAME
