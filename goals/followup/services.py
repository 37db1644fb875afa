"""Follow-up workflows: open a year's reporting periods, save a status report or a goal
assessment, mark a unit's report ready, send it back, close and reopen a period.

Every write checks, inside its transaction, that the period is open, that the unit's report is
not marked ready, that the person may write, and that nobody saved the same report in between:
a refused write changes nothing.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.followup import rules
from goals.followup.models import (
    ActivityReport,
    GoalAssessment,
    GoalAssessmentChoice,
    ReportingCycle,
    ReportingPeriod,
    StatusColour,
    UnitReport,
)
from goals.models import Activity, Goal
from goals.savings.models import CoordinationSaving
from vaxjo_riktning.models import Unit
from vaxjo_riktning.records import lock_at_version, save_version

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from vaxjo_riktning.models import User

# Messages that forms, views and tests share.
PERIOD_CLOSED = _(
    "This reporting period is closed: its reports are read-only. An administrator can reopen it."
)
PROGRESS_OUT_OF_RANGE = _("Give the progress as a whole number from 0 to 100.")
UNKNOWN_COLOUR = _("Choose one of the status colours.")
UNKNOWN_ASSESSMENT = _("Choose one of the assessments.")
STALE_REPORT = _(
    "Someone else saved this report while you were writing. Your text was not saved: copy it, "
    "reload the page to see what they wrote, then make your changes again."
)
UNIT_REPORT_READY = _(
    "The unit's report is marked ready and cannot be changed. It has to be sent back first."
)
NOT_ALLOWED_TO_REPORT = _("You may not report on this activity.")
NOT_ALLOWED_TO_ASSESS = _("You may not assess this goal.")
NOT_ALLOWED_TO_MARK_READY = _("You may not mark this unit's report ready.")
NOT_ALLOWED_TO_SEND_BACK = _(
    "Only the chief executive, a process owner or an administrator may send a report back."
)
NOT_ALLOWED_TO_MANAGE = _("Only an administrator may open, close or reopen reporting periods.")
ALREADY_READY = _("The unit's report is already marked ready.")
ONLY_READY_SENT_BACK = _("Only a report marked ready can be sent back.")
RETURN_COMMENT_REQUIRED = _("Say what the unit should add or change: sending back needs a comment.")
REPORT_INCOMPLETE = _(
    "The report is not complete. Activities without progress: %(activities)s. Goals without an "
    "assessment: %(goals)s."
)
SAVINGS_MISSING = _(
    "The report is not complete. Coordination savings without what they realised: %(savings)s."
)
NOT_YEAR_END = _("Coordination savings are reported in the year-end report.")
NOT_ALLOWED_TO_REPORT_SAVING = _(
    "Only the reporting administration's or company's editors report what a saving realised."
)
REALISED_REQUIRED = _("Give what coordinating the work saved, in kronor; 0 if it saved nothing.")
ALREADY_CLOSED = _("The period is already closed.")
ALREADY_OPEN = _("The period is already open.")
REOPEN_REASON_REQUIRED = _("Give a reason for reopening the period: the history keeps it.")
YEAR_OUT_OF_RANGE = _("Give a year between 2000 and 2100.")
YEAR_HAS_OTHER_CYCLE = _(
    "%(year)s already has reporting periods in another cycle. A year follows one cycle."
)
DEADLINE_DAYS_OUT_OF_RANGE = _("Give the days to the deadline as a number from 0 to 120.")

# Days from a period's end to its deadline, unless the administrator says otherwise.
DEFAULT_DEADLINE_DAYS: dict[str, int] = {
    ReportingCycle.MUNICIPAL: 21,
    ReportingCycle.TERTIALS: 21,
    ReportingCycle.MONTHS: 10,
}


def cycle_periods(*, year: int, cycle: str) -> list[tuple[int, date, date]]:
    """The periods of a year as (number, first day covered, last day covered).

    The municipal cycle reports from the start of the year each time: delår 1 covers January to
    March, delår 2 January to August, the annual report the whole year. Tertials and months
    cover their own four months or month.
    """
    if cycle == ReportingCycle.MUNICIPAL:
        start = date(year, 1, 1)
        return [
            (1, start, date(year, 3, 31)),
            (2, start, date(year, 8, 31)),
            (3, start, date(year, 12, 31)),
        ]
    if cycle == ReportingCycle.TERTIALS:
        return [
            (1, date(year, 1, 1), date(year, 4, 30)),
            (2, date(year, 5, 1), date(year, 8, 31)),
            (3, date(year, 9, 1), date(year, 12, 31)),
        ]
    if cycle == ReportingCycle.MONTHS:
        return [
            (m, date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1]))
            for m in range(1, 13)
        ]
    raise ValidationError({"cycle": _("Choose one of the reporting cycles.")})


def _check_manager(user: User | None) -> None:
    # None: a command or a data migration, run by whoever runs the server.
    if user is not None and not rules.may_manage_periods(user):
        raise PermissionDenied(NOT_ALLOWED_TO_MANAGE)


@transaction.atomic
def reporting_year_open(
    *,
    year: int,
    cycle: str = ReportingCycle.MUNICIPAL,
    deadline_days: int | None = None,
    user: User | None = None,
) -> list[ReportingPeriod]:
    """Open a year's reporting periods in the given cycle, each with its deadline (the period's
    end plus `deadline_days`). Idempotent: periods already there are kept as they are, deadlines
    and status included. Returns the year's periods in order."""
    _check_manager(user)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": YEAR_OUT_OF_RANGE})
    if deadline_days is None:
        deadline_days = DEFAULT_DEADLINE_DAYS.get(cycle, 21)
    if not 0 <= deadline_days <= 120:
        raise ValidationError({"deadline_days": DEADLINE_DAYS_OUT_OF_RANGE})
    periods = cycle_periods(year=year, cycle=cycle)
    if ReportingPeriod.objects.filter(year=year).exclude(cycle=cycle).exists():
        raise ValidationError({"cycle": YEAR_HAS_OTHER_CYCLE % {"year": year}})
    existing = {p.number for p in ReportingPeriod.objects.filter(year=year, cycle=cycle)}
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            year=year,
            cycle=cycle,
            number=number,
            starts_on=starts_on,
            ends_on=ends_on,
            deadline=ends_on + timedelta(days=deadline_days),
        )
        for number, starts_on, ends_on in periods
        if number not in existing
    )
    return list(ReportingPeriod.objects.filter(year=year, cycle=cycle).order_by("number"))


@transaction.atomic
def period_close(*, user: User | None, period: ReportingPeriod) -> ReportingPeriod:
    """Close the period: from now on its reports are read-only."""
    _check_manager(user)
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.is_closed:
        raise ValidationError(ALREADY_CLOSED)
    locked.status = ReportingPeriod.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.save()
    return locked


@transaction.atomic
def period_reopen(*, user: User | None, period: ReportingPeriod, reason: str) -> ReportingPeriod:
    """Open a closed period again, for a reason that the history keeps with who and when."""
    _check_manager(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reopen_reason": REOPEN_REASON_REQUIRED})
    locked = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.is_open:
        raise ValidationError(ALREADY_OPEN)
    locked.status = ReportingPeriod.Status.OPEN
    locked.reopen_reason = reason
    locked.closed_at = None
    locked.closed_by = None
    locked.save()
    return locked


# --- Writing reports ------------------------------------------------------------------------------


def _check_period_open(period: ReportingPeriod) -> None:
    """Read the period's status under a share lock: a close that commits first is seen, and a
    close waits for this save rather than closing under it. Shared, so saves never wait for
    each other."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status FROM {ReportingPeriod._meta.db_table} WHERE id = %s FOR SHARE",
            [period.pk],
        )
        row = cursor.fetchone()
    if row is None or row[0] != ReportingPeriod.Status.OPEN:
        raise ValidationError(PERIOD_CLOSED)


def _check_unit_not_ready(period: ReportingPeriod, unit_id: int | None) -> None:
    if unit_id is None:
        return
    # Shared for the same reason: marking ready waits for a save in progress.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status FROM {UnitReport._meta.db_table} "
            "WHERE period_id = %s AND unit_id = %s FOR SHARE",
            [period.pk, unit_id],
        )
        row = cursor.fetchone()
    if row is not None and row[0] == UnitReport.Status.READY:
        raise ValidationError(UNIT_REPORT_READY)


def _top_unit_id(unit_id: int) -> int:
    return Unit.objects.values_list("top_unit_id", flat=True).get(pk=unit_id) or unit_id


def clean_progress(value: object) -> int | None:
    """None for empty; an int from 0 to 100; anything else is refused."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if isinstance(value, bool) or not re.fullmatch(r"\d{1,3}", text) or int(text) > 100:
        raise ValidationError({"progress": PROGRESS_OUT_OF_RANGE})
    return int(text)


@transaction.atomic
def activity_report_save(
    *,
    user: User,
    period: ReportingPeriod,
    activity: Activity,
    version: int,
    progress: object,
    status: str,
    comment: str,
) -> ActivityReport:
    """Save an activity's status report (a draft until the unit marks its report ready)."""
    errors: dict[str, Sequence[StrOrPromise]] = {}
    cleaned: int | None = None
    try:
        cleaned = clean_progress(progress)
    except ValidationError as error:
        errors.update(error.message_dict)
    if status not in StatusColour.values:
        errors["status"] = [UNKNOWN_COLOUR]
    if errors:
        raise ValidationError(errors)
    activity = Activity.objects.select_related("owner_unit", "process").get(pk=activity.pk)
    if not rules.may_report_activity(user, activity):
        raise PermissionDenied(NOT_ALLOWED_TO_REPORT)
    _check_period_open(period)
    _check_unit_not_ready(period, activity.owner_unit.top_unit_id)
    report = lock_at_version(
        ActivityReport.objects.filter(period=period, activity=activity),
        version=version,
        stale_message=STALE_REPORT,
    )
    comment = (comment or "").strip()
    if report is not None and (report.progress, report.status, report.comment) == (
        cleaned,
        status,
        comment,
    ):
        return report  # autosave sent what is already saved: keep the version
    if report is None:
        report = ActivityReport(period=period, activity=activity)
    report.progress = cleaned
    report.status = status
    report.comment = comment
    report.updated_by = user
    save_version(report, stale_message=STALE_REPORT)
    return report


@transaction.atomic
def goal_assessment_save(
    *,
    user: User,
    period: ReportingPeriod,
    goal: Goal,
    version: int,
    assessment: str,
    analysis: str,
) -> GoalAssessment:
    """Save the owning unit's assessment of a goal for the period."""
    if assessment not in GoalAssessmentChoice.values:
        raise ValidationError({"assessment": UNKNOWN_ASSESSMENT})
    goal = Goal.objects.select_related("owner_unit").get(pk=goal.pk)
    if not rules.may_assess_goal(user, goal):
        raise PermissionDenied(NOT_ALLOWED_TO_ASSESS)
    _check_period_open(period)
    if goal.owner_unit is not None:
        _check_unit_not_ready(period, goal.owner_unit.top_unit_id or goal.owner_unit_id)
    row = lock_at_version(
        GoalAssessment.objects.filter(period=period, goal=goal),
        version=version,
        stale_message=STALE_REPORT,
    )
    analysis = (analysis or "").strip()
    if row is not None and (row.assessment, row.analysis) == (assessment, analysis):
        return row
    if row is None:
        row = GoalAssessment(period=period, goal=goal)
    row.assessment = assessment
    row.analysis = analysis
    row.updated_by = user
    save_version(row, stale_message=STALE_REPORT)
    return row


# --- The unit's report as a whole -----------------------------------------------------------------


def _locked_unit_report(period: ReportingPeriod, unit: Unit) -> UnitReport:
    UnitReport.objects.get_or_create(period=period, unit=unit)
    return UnitReport.objects.select_for_update().get(period=period, unit=unit)


def missing_for_unit(*, period: ReportingPeriod, unit: Unit) -> tuple[int, int]:
    """How many of the unit's activities lack progress and how many of its goals lack an
    assessment in the period."""
    activities = rules.without_progress(
        rules.activities_to_report(period).filter(owner_unit__top_unit=unit), period
    ).count()
    goals = rules.without_assessment(
        rules.goals_to_assess(period).filter(owner_unit__top_unit=unit), period
    ).count()
    return activities, goals


@transaction.atomic
def unit_report_mark_ready(*, user: User, period: ReportingPeriod, unit: Unit) -> UnitReport:
    """The unit says its report is complete: every activity has its progress, every goal its
    assessment. From then on the unit's reports are locked until someone sends it back."""
    if not rules.may_mark_ready(user, unit):
        raise PermissionDenied(NOT_ALLOWED_TO_MARK_READY)
    _check_period_open(period)
    report = _locked_unit_report(period, unit)
    if report.is_ready:
        raise ValidationError(ALREADY_READY)
    activities, goals = missing_for_unit(period=period, unit=unit)
    if activities or goals:
        raise ValidationError(REPORT_INCOMPLETE % {"activities": activities, "goals": goals})
    savings = savings_missing(period=period, unit=unit)
    if savings:
        raise ValidationError(SAVINGS_MISSING % {"savings": savings})
    report.status = UnitReport.Status.READY
    report.ready_at = timezone.now()
    report.ready_by = user
    report.version += 1
    report.save()
    return report


def savings_missing(*, period: ReportingPeriod, unit: Unit) -> int:
    """How many coordination savings the unit still has to give the realised figure of (only
    in a year-end period)."""
    if not period.covers_year_end:
        return 0
    return (
        CoordinationSaving.objects.to_report(period=period, unit_id=unit.pk)
        .filter(realised_sek__isnull=True)
        .count()
    )


@transaction.atomic
def saving_report(
    *,
    user: User,
    period: ReportingPeriod,
    saving: CoordinationSaving,
    version: int,
    realised_sek: int | None,
    comment: str,
) -> CoordinationSaving:
    """The reporting unit gives what a coordination saving realised, in its year-end report."""
    unit = Unit.objects.get(pk=saving.reporting_unit_id)
    if not rules.may_mark_ready(user, unit):
        raise PermissionDenied(NOT_ALLOWED_TO_REPORT_SAVING)
    if not period.covers_year_end:
        raise ValidationError(NOT_YEAR_END)
    if realised_sek is None:
        raise ValidationError({"realised": REALISED_REQUIRED})
    _check_period_open(period)
    _check_unit_not_ready(period, unit.pk)
    row = lock_at_version(
        CoordinationSaving.objects.to_report(period=period, unit_id=unit.pk).filter(pk=saving.pk),
        version=version,
        stale_message=STALE_REPORT,
    )
    if row is None:  # decided after the period, or realised in an earlier one
        raise ValidationError(NOT_YEAR_END)
    comment = (comment or "").strip()
    if (row.realised_sek, row.realised_comment, row.realised_period_id) == (
        realised_sek,
        comment,
        period.pk,
    ):
        return row
    row.realised_sek = realised_sek
    row.realised_comment = comment
    row.realised_period = period
    row.realised_by = user
    row.realised_at = timezone.now()
    save_version(row, stale_message=STALE_REPORT)
    return row


@transaction.atomic
def unit_report_send_back(
    *, user: User, period: ReportingPeriod, unit: Unit, comment: str
) -> UnitReport:
    """Send a ready report back to the unit with a comment saying what to add or change."""
    if not rules.may_send_back(user):
        raise PermissionDenied(NOT_ALLOWED_TO_SEND_BACK)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": RETURN_COMMENT_REQUIRED})
    _check_period_open(period)
    report = _locked_unit_report(period, unit)
    if not report.is_ready:
        raise ValidationError(ONLY_READY_SENT_BACK)
    report.status = UnitReport.Status.RETURNED
    report.returned_at = timezone.now()
    report.returned_by = user
    report.return_comment = comment
    report.version += 1
    report.save()
    return report
