"""A conflict's history, from pghistory's events: raised, confirmed by a side, decided,
withdrawn, each with who and when. The same lines appear in the activity's history
(goals/history.py), so each names the goal it is about."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from pghistory.models import MiddlewareEvents

from goals.conflicts.models import Conflict
from goals.models import Goal
from vaxjo_riktning.history import (
    WITHDRAWAL_FIELDS,
    HistoryEntry,
    HistoryLine,
    References,
    changes,
    format_value,
    want_references,
)
from vaxjo_riktning.models import User

# Changes a line below already says in words.
SAID = WITHDRAWAL_FIELDS | {
    "outcome",
    "decision_note",
    "decided_by_id",
    "decided_at",
    "owner_agreed_by_id",
    "owner_agreed_at",
    "hurt_agreed_by_id",
    "hurt_agreed_at",
}


def _became_set(diff: dict[str, list[Any]], column: str) -> bool:
    return column in diff and diff[column][0] is None and diff[column][1] is not None


def conflict_line(
    data: dict[str, Any], diff: dict[str, list[Any]], label: str, refs: References
) -> HistoryLine | None:
    """One event of a conflict as a line a person reads."""
    field = Conflict._meta.get_field
    goal = format_value(field("goal"), data.get("goal_id"), refs)
    if label == "insert":
        return HistoryLine(
            _("Conflict raised by %(unit)s: works against %(goal)s; to be settled by %(date)s")
            % {
                "unit": format_value(field("hurt_unit"), data.get("hurt_unit_id"), refs),
                "goal": goal,
                "date": format_value(field("due_on"), data.get("due_on"), refs),
            },
            detail=data.get("reason", ""),
        )
    if _became_set(diff, "withdrawn_at"):
        return HistoryLine(
            _("Conflict about %(goal)s withdrawn") % {"goal": goal},
            detail=data.get("withdrawn_reason", ""),
        )
    if "outcome" in diff:
        outcome = format_value(field("outcome"), data.get("outcome"), refs)
        if data.get("outcome") == Conflict.Outcome.RESOLVED and (
            _became_set(diff, "owner_agreed_at") or _became_set(diff, "hurt_agreed_at")
        ):
            text = _("Conflict about %(goal)s resolved: both units agreed") % {"goal": goal}
        else:
            text = _("Conflict about %(goal)s decided: %(outcome)s") % {
                "goal": goal,
                "outcome": outcome,
            }
        return HistoryLine(text, detail=data.get("decision_note", ""))
    if _became_set(diff, "owner_agreed_at"):
        return HistoryLine(
            _("Conflict about %(goal)s confirmed as resolved for the running unit") % {"goal": goal}
        )
    if _became_set(diff, "hurt_agreed_at"):
        return HistoryLine(
            _("Conflict about %(goal)s confirmed as resolved for the hurt unit") % {"goal": goal}
        )
    found = changes(Conflict, diff, refs, SAID | {"activity_id"})
    if not found:
        return None
    return HistoryLine(_("Conflict about %(goal)s changed") % {"goal": goal}, changes=found)


def conflict_history(conflict: Conflict) -> list[HistoryEntry]:
    """The conflict's own events, newest first (two queries: the events, and the goals, units
    and users they name, one query per kind)."""
    events = list(MiddlewareEvents.objects.tracks(conflict).order_by("-pgh_created_at", "-pgh_id"))
    refs = References()
    # The page already holds the conflict's goal and units; the rest is read once per kind.
    refs.loaded[Goal] = {conflict.goal_id: conflict.goal}
    for event in events:
        want_references(Conflict, event.pgh_data or {}, refs, known=(Goal,))
        if event.user_id is not None:
            refs.want(User, event.user_id)
    refs.load()
    entries = []
    for event in events:
        line = conflict_line(event.pgh_data or {}, event.pgh_diff or {}, event.pgh_label, refs)
        if line is None:
            continue
        user = refs.get(User, event.user_id) if event.user_id is not None else None
        context = event.pgh_context or {}
        source = str(context.get("source") or context.get("command") or "") if not user else ""
        entries.append(
            HistoryEntry(when=event.pgh_created_at, user=user, source=source, lines=[line])
        )
    return entries
