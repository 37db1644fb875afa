"""Load the demo's follow-up (see followup.py): periods, status reports, goal assessments and the
units' reports, idempotently: rows are found by (period, activity), (period, goal) and
(period, unit) and written only when they differ from what the rules below give."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from demo.data import followup as data
from goals.followup import rules
from goals.followup.models import (
    ActivityReport,
    GoalAssessment,
    ReportingPeriod,
    StatusColour,
    UnitReport,
)
from goals.followup.services import reporting_year_open
from goals.models import Activity, Goal
from vaxjo_riktning.models import Role, RoleAssignment, Unit, User

Tally = Callable[[str, str, int], None]
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def _number(text: str) -> int:
    """A stable number from a text: the same title gives the same report on every machine."""
    return zlib.crc32(text.encode("utf-8"))


def _colour(activity: Activity, period_index: int) -> str:
    n = _number(activity.title)
    # Seven in ten on track, two at risk, one off track.
    colour = {0: StatusColour.OFF_TRACK, 1: StatusColour.AT_RISK, 2: StatusColour.AT_RISK}.get(
        n % 10, StatusColour.ON_TRACK
    )
    if period_index == 1 and (n // 10) % 3 == 0:
        # Some activities move between the periods, so the goals show a trend.
        order = [StatusColour.ON_TRACK, StatusColour.AT_RISK, StatusColour.OFF_TRACK]
        step = 1 if (n // 30) % 2 else -1
        colour = order[max(0, min(2, order.index(colour) + step))]
    return colour


def _progress(activity: Activity, period: ReportingPeriod, colour: str) -> int:
    if activity.status == Activity.Status.DONE:
        return 100
    start, end = activity.start_date, activity.end_date
    if start and end and end > start:
        share = (period.ends_on - start).days / (end - start).days
    else:
        share = 0.2 + (_number(activity.title) % 50) / 100 + (0.2 if period.number > 1 else 0)
    behind = {StatusColour.AT_RISK: 0.1, StatusColour.OFF_TRACK: 0.25}.get(colour, 0)
    percent = max(0.0, min(1.0, share - behind)) * 100
    return int(round(percent / 5) * 5)


def _comment(activity: Activity, colour: str) -> str:
    comments = data.COMMENTS[colour]
    return comments[_number(activity.title) // 7 % len(comments)]


def _assessment(goal: Goal, period_index: int) -> tuple[str, str]:
    n = _number(goal.title) + period_index
    choice = ["met", "partly_met", "partly_met", "partly_met", "not_met"][n % 5]
    analyses = data.ANALYSES[choice]
    return choice, analyses[n // 5 % len(analyses)]


def _sync(model, existing: dict, key, values: dict, tally: Tally, label: str):
    row = existing.get(key)
    if row is None:
        row = model.objects.create(**values)
        tally(label, CREATED, 1)
        return row
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
        tally(label, UPDATED, 1)
    else:
        tally(label, UNCHANGED, 1)
    return row


def _editors(units: dict[str, Unit], admin: User) -> dict[int, User]:
    """The person who reports for each top-level unit: its demo editor, or the administrator."""
    editors = {unit.pk: admin for unit in units.values()}
    for assignment in RoleAssignment.objects.filter(
        role=Role.UNIT_EDITOR, user__username__startswith="redaktor-"
    ).select_related("user"):
        editors[assignment.unit_id] = assignment.user
    return editors


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def load(*, units: dict[str, Unit], users: dict[str, User], tally: Tally) -> None:
    admin, chief = users["admin"], users["kommunchef"]
    before = ReportingPeriod.objects.filter(year=data.YEAR).count()
    periods = reporting_year_open(year=data.YEAR)
    tally("reporting periods", CREATED, len(periods) - before)
    tally("reporting periods", UNCHANGED, before)
    editors = _editors(units, admin)
    top_units = {u.pk: u for u in units.values() if u.kind in Unit.TOP_LEVEL_KINDS}
    slug_of = {u.pk: u.slug for u in top_units.values()}

    for index, period in enumerate(periods[:2]):
        activities = list(
            rules.activities_to_report(period)
            .filter(owner_unit__in=units.values())
            .select_related("owner_unit")
            .order_by("title", "pk")
        )
        goals = list(
            rules.goals_to_assess(period)
            .filter(owner_unit__in=units.values())
            .select_related("owner_unit")
            .order_by("sort_order", "pk")
        )
        plan = dict.fromkeys(slug_of.values(), data.READY) if index == 0 else data.SECOND_PERIOD
        existing = {r.activity_id: r for r in ActivityReport.objects.filter(period=period)}
        for position, activity in enumerate(activities):
            top = activity.owner_unit.top_unit_id
            state = plan.get(slug_of.get(top, ""), data.NOT_STARTED)
            if state == data.NOT_STARTED or (state == data.HALF and position % 2):
                continue
            colour = _colour(activity, index)
            _sync(
                ActivityReport,
                existing,
                activity.pk,
                {
                    "period": period,
                    "activity": activity,
                    "progress": _progress(activity, period, colour),
                    "status": colour,
                    "comment": _comment(activity, colour),
                    "updated_by": editors.get(top, admin),
                },
                tally,
                "status reports",
            )
        assessed = {a.goal_id: a for a in GoalAssessment.objects.filter(period=period)}
        for goal in goals:
            top = goal.owner_unit.top_unit_id
            state = plan.get(slug_of.get(top, ""), data.NOT_STARTED)
            if state in (data.NOT_STARTED, data.HALF):
                continue
            choice, analysis = _assessment(goal, index)
            _sync(
                GoalAssessment,
                assessed,
                goal.pk,
                {
                    "period": period,
                    "goal": goal,
                    "assessment": choice,
                    "analysis": analysis,
                    "updated_by": editors.get(top, admin),
                },
                tally,
                "goal assessments",
            )
        reports = {r.unit_id: r for r in UnitReport.objects.filter(period=period)}
        for pk, slug in slug_of.items():
            state = plan.get(slug, data.NOT_STARTED)
            if state == data.NOT_STARTED:
                continue
            values = {"period": period, "unit": top_units[pk], "status": UnitReport.Status.DRAFT}
            if state in (data.READY, data.RETURNED):
                values.update(
                    status=UnitReport.Status.READY,
                    ready_at=_at(period.deadline - timedelta(days=3 + pk % 5), 10),
                    ready_by=editors.get(pk, admin),
                )
            if state == data.RETURNED:
                values.update(
                    status=UnitReport.Status.RETURNED,
                    returned_at=_at(period.deadline + timedelta(days=2), 14),
                    returned_by=chief,
                    return_comment=data.RETURN_COMMENT,
                )
            _sync(UnitReport, reports, pk, values, tally, "unit reports")

    first = periods[0]
    if first.is_open:
        first.status = ReportingPeriod.Status.CLOSED
        first.closed_at = _at(first.deadline + timedelta(days=14), 9)
        first.closed_by = admin
        first.save()
        tally("reporting periods", UPDATED, 1)
