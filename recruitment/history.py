"""The change history of a job ad or an application, read from pghistory's event tables in the
same readable shape as an activity's (who, when, what changed), with the shared pieces of
vaxjo_riktning/history.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from pghistory.models import MiddlewareEvents

from recruitment.models import Application, JobAd
from vaxjo_riktning.history import (
    WITHDRAWAL_FIELDS,
    HistoryEntry,
    HistoryLine,
    References,
    changes,
    want_references,
)
from vaxjo_riktning.models import User


def _line(obj: models.Model, event: MiddlewareEvents, refs: References) -> HistoryLine | None:
    data, diff = event.pgh_data or {}, event.pgh_diff or {}
    model = type(obj)
    if event.pgh_label == "insert":
        if model is Application:
            return HistoryLine(_("Application received"))
        return HistoryLine(_("Ad created: %(title)s") % {"title": data.get("title", "")})
    if model is JobAd and "withdrawn_at" in diff and diff["withdrawn_at"][1] is not None:
        line = HistoryLine(_("Withdrawn"), detail=data.get("withdrawn_reason", ""))
        line.changes = changes(model, diff, refs, WITHDRAWAL_FIELDS)
        return line
    if model is JobAd and "legal_hold" in diff:
        # Set or lifted, with the reason given for it (required either way).
        text = _("Legal hold set") if diff["legal_hold"][1] else _("Legal hold lifted")
        line = HistoryLine(text, detail=data.get("legal_hold_reason", ""))
        line.changes = changes(model, diff, refs, {"legal_hold", "legal_hold_reason"})
        return line
    found = changes(model, diff, refs, set())
    return HistoryLine("", changes=found) if found else None


def object_history(obj: JobAd | Application) -> list[HistoryEntry]:
    """The object's own events, newest first; the people and rows they name read in one query
    per kind."""
    events = list(MiddlewareEvents.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id"))
    refs = References()
    for event in events:
        want_references(type(obj), event.pgh_data or {}, refs)
        want_references(type(obj), event.pgh_diff or {}, refs)
        if event.user_id is not None:
            refs.want(User, event.user_id)
    refs.load()
    entries = []
    for event in events:
        line = _line(obj, event, refs)
        if line is None:
            continue
        user = refs.get(User, event.user_id) if event.user_id is not None else None
        context = event.pgh_context or {}
        source = "" if user else str(context.get("source") or context.get("command") or "")
        entries.append(
            HistoryEntry(when=event.pgh_created_at, user=user, source=source, lines=[line])
        )
    return entries
