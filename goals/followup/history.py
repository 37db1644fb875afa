"""The history of a unit's report in a period, read from django-pghistory's event tables: who
saved which status report or assessment with what, who marked the report ready or sent it back,
and whether an administrator closed or reopened the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from goals.followup.models import GoalAssessmentChoice, ReportingPeriod, StatusColour
from vaxjo_riktning.models import Unit, User

# The newest entries of each kind; the page shows the newest of them all.
LIMIT = 20
TEXT_LIMIT = 160


@dataclass
class Entry:
    when: datetime
    user_id: int | None
    text: str
    detail: str = ""
    user: User | None = None


def _event_model(name: str):
    return apps.get_model("goals", name)


def unit_history(*, period: ReportingPeriod, unit: Unit, limit: int = LIMIT) -> list[Entry]:
    """The newest changes to the unit's report in the period, newest first.

    Queries: status reports (1), assessments (1), the unit's report (1), the period (1), the
    people named (1).
    """
    entries: list[Entry] = []
    activity_events = (
        _event_model("ActivityReportEvent")
        .objects.filter(period_id=period.pk, activity__owner_unit__top_unit_id=unit.pk)
        .select_related("activity")
        .order_by("-pgh_id")[:limit]
    )
    for event in activity_events:
        progress = "–" if event.progress is None else f"{event.progress} %"
        entries.append(
            Entry(
                when=event.pgh_created_at,
                user_id=event.updated_by_id,
                text=_("Status report on %(activity)s: %(progress)s, %(status)s")
                % {
                    "activity": event.activity.title if event.activity else "?",
                    "progress": progress,
                    "status": str(StatusColour(event.status).label).lower(),
                },
                detail=Truncator(event.comment).chars(TEXT_LIMIT),
            )
        )
    goal_events = (
        _event_model("GoalAssessmentEvent")
        .objects.filter(period_id=period.pk, goal__owner_unit__top_unit_id=unit.pk)
        .select_related("goal")
        .order_by("-pgh_id")[:limit]
    )
    for event in goal_events:
        entries.append(
            Entry(
                when=event.pgh_created_at,
                user_id=event.updated_by_id,
                text=_("Assessment of %(goal)s: %(assessment)s")
                % {
                    "goal": str(event.goal) if event.goal else "?",
                    "assessment": str(GoalAssessmentChoice(event.assessment).label).lower(),
                },
                detail=Truncator(event.analysis).chars(TEXT_LIMIT),
            )
        )
    unit_events = (
        _event_model("UnitReportEvent")
        .objects.filter(period_id=period.pk, unit_id=unit.pk)
        .exclude(status="draft")
        .order_by("-pgh_id")[:limit]
    )
    for event in unit_events:
        if event.status == "ready":
            entries.append(Entry(event.pgh_created_at, event.ready_by_id, _("Marked ready")))
        else:
            entries.append(
                Entry(
                    event.pgh_created_at,
                    event.returned_by_id,
                    _("Sent back"),
                    detail=event.return_comment,
                )
            )
    # A period has a handful of events: read them all, and tell a status change from a moved
    # deadline by comparing each with the one before. The person comes from the request's
    # context (a reopening clears closed_by).
    previous = None
    period_events = (
        _event_model("ReportingPeriodEvent")
        .objects.filter(pgh_obj_id=period.pk)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )
    for event in period_events:
        if previous is not None and event.status != previous:
            context = event.pgh_context.metadata if event.pgh_context else {}
            user_id = context.get("user") or event.closed_by_id
            if event.status == ReportingPeriod.Status.CLOSED:
                entries.append(Entry(event.pgh_created_at, user_id, _("Period closed")))
            else:
                entries.append(
                    Entry(event.pgh_created_at, user_id, _("Period reopened"), event.reopen_reason)
                )
        previous = event.status
    entries.sort(key=lambda e: e.when, reverse=True)
    entries = entries[:limit]
    users = User.objects.in_bulk({e.user_id for e in entries if e.user_id})
    for entry in entries:
        entry.user = users.get(entry.user_id)
    return entries
