"""An activity's change history, read from django-pghistory's event tables and turned into rows a
person can read: who, when, and what changed, with field names, choice labels and names of the
units, goals and processes referred to instead of raw values and ids.

The events of one request share a pghistory context, so a save that changes the activity, two
goal links and a co-operating unit reads as one entry. Everything the rows refer to is read in
one query per kind of object, however long the history.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from pghistory.models import MiddlewareEvents

from goals.conflicts.history import conflict_line
from goals.models import Activity, ActivityReport, Conflict, Contribution, Cooperation
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

# Within one entry: the activity's own changes first, then its goal links, then co-operation.
MODEL_ORDER = {
    "goals.Activity": 0,
    "goals.Contribution": 1,
    "goals.Cooperation": 2,
    "goals.ActivityReport": 3,
    "goals.Conflict": 4,
}


def _line(event: MiddlewareEvents, refs: References) -> HistoryLine | None:
    model = apps.get_model(event.pgh_obj_model)
    data = event.pgh_data or {}
    diff = event.pgh_diff or {}
    label = event.pgh_label
    if model is Activity:
        if label == "insert":
            return HistoryLine(_("Activity created: %(title)s") % {"title": data.get("title", "")})
        if "withdrawn_at" in diff:
            was, now = diff["withdrawn_at"]
            if was is None and now is not None:
                line = HistoryLine(_("Withdrawn"), detail=data.get("withdrawn_reason", ""))
            else:
                line = HistoryLine(_("Restored"))
            line.changes = changes(model, diff, refs, WITHDRAWAL_FIELDS)
            return line
        found = changes(model, diff, refs, set())
        return HistoryLine("", changes=found) if found else None
    if model is Contribution:
        goal = format_value(Contribution._meta.get_field("goal"), data.get("goal_id"), refs)
        effect = format_value(Contribution._meta.get_field("effect"), data.get("effect"), refs)
        if label == "insert":
            return HistoryLine(
                _("Goal linked: %(goal)s (%(effect)s)") % {"goal": goal, "effect": effect.lower()},
                detail=data.get("reason", ""),
            )
        if label == "delete":
            return HistoryLine(_("Goal unlinked: %(goal)s") % {"goal": goal})
        found = changes(model, diff, refs, {"activity_id"})
        if not found:
            return None
        return HistoryLine(_("Goal link changed: %(goal)s") % {"goal": goal}, changes=found)
    if model is Cooperation:
        unit = format_value(Cooperation._meta.get_field("unit"), data.get("unit_id"), refs)
        if label == "delete":
            return HistoryLine(_("Co-operating unit removed: %(unit)s") % {"unit": unit})
        return HistoryLine(_("Co-operating unit added: %(unit)s") % {"unit": unit})
    if model is ActivityReport:
        progress = data.get("progress")
        return HistoryLine(
            _("Status report for %(period)s: %(progress)s, %(status)s")
            % {
                "period": format_value(
                    ActivityReport._meta.get_field("period"), data.get("period_id"), refs
                ),
                "progress": "–" if progress is None else f"{progress} %",
                "status": format_value(
                    ActivityReport._meta.get_field("status"), data.get("status"), refs
                ).lower(),
            },
            detail=data.get("comment", ""),
        )
    if model is Conflict:
        return conflict_line(data, diff, label, refs)
    # A model tracked later that also refers to activities: say what it was and what changed.
    name = capfirst(str(model._meta.verbose_name))
    return HistoryLine(f"{name}: {label}", changes=changes(model, diff, refs, set()))


def activity_history(activity: Activity) -> list[HistoryEntry]:
    """The activity's history, newest first, one entry per request (or per event when the
    change came from outside a request, such as a command or the shell)."""
    events = list(
        MiddlewareEvents.objects.references(activity).order_by(
            "-pgh_created_at", "pgh_model", "pgh_id"
        )
    )
    refs = References()
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        # Every event here belongs to the one activity: no need to read it again.
        want_references(model, event.pgh_data or {}, refs, known=(Activity,))
        want_references(model, event.pgh_diff or {}, refs, known=(Activity,))
        if event.user_id is not None:
            refs.want(User, event.user_id)
    refs.load()

    # Group by context (one request); events from outside a request stand alone.
    entries: dict[Any, HistoryEntry] = {}
    lines: dict[Any, list[tuple[int, int, HistoryLine]]] = defaultdict(list)
    for event in events:
        key = event.pgh_context_id or event.pgh_slug
        if key not in entries:
            user = refs.get(User, event.user_id) if event.user_id is not None else None
            context = event.pgh_context or {}
            source = str(context.get("source") or context.get("command") or "") if not user else ""
            entries[key] = HistoryEntry(when=event.pgh_created_at, user=user, source=source)
        if event.pgh_obj_model == "goals.Activity":
            entries[key].sequence = max(entries[key].sequence, event.pgh_id)
        line = _line(event, refs)
        if line is not None:
            lines[key].append((MODEL_ORDER.get(event.pgh_obj_model, 9), event.pgh_id, line))
    for key, entry in entries.items():
        entry.lines = [line for *_, line in sorted(lines[key], key=lambda t: t[:2])]
    # Every save raises the activity's version and so writes an activity event: its id orders
    # saves made within the same instant (one transaction, as in tests) newest first.
    kept = [entry for entry in entries.values() if entry.lines]
    return sorted(kept, key=lambda e: (e.when, e.sequence), reverse=True)
