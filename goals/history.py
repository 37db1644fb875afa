"""An activity's change history, read from django-pghistory's event tables and turned into rows a
person can read: who, when, and what changed, with field names, choice labels and names of the
units, goals and processes referred to instead of raw values and ids.

The events of one request share a pghistory context, so a save that changes the activity, two
goal links and a co-operating unit reads as one entry. Everything the rows refer to is read in
one query per kind of object, however long the history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from pghistory.models import MiddlewareEvents

from goals.models import Activity, ActivityReport, Contribution, Cooperation
from vaxjo_riktning.models import User

# Bookkeeping that says nothing to a reader.
HIDDEN_FIELDS = {"id", "version", "updated_at", "created_at", "created_by_id"}
WITHDRAWAL_FIELDS = {"withdrawn_at", "withdrawn_reason", "withdrawn_by_id"}
TEXT_LIMIT = 120
# Within one entry: the activity's own changes first, then its goal links, then co-operation.
MODEL_ORDER = {
    "goals.Activity": 0,
    "goals.Contribution": 1,
    "goals.Cooperation": 2,
    "goals.ActivityReport": 3,
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryLine:
    text: str
    detail: str = ""
    changes: list[Change] = field(default_factory=list)


@dataclass
class HistoryEntry:
    when: datetime
    user: User | None
    # What made a change without a signed-in user, e.g. "seed_demo" or "import_activities".
    source: str = ""
    lines: list[HistoryLine] = field(default_factory=list)
    sequence: int = 0


def _fields_by_column(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.attname: f for f in model._meta.concrete_fields}


class _References:
    """The objects the events refer to, read in one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.loaded: dict[type[models.Model], dict[Any, models.Model]] = {}

    def want(self, model: type[models.Model], pk: Any) -> None:
        if pk not in (None, ""):
            self.wanted[model].add(pk)

    def load(self) -> None:
        for model, pks in self.wanted.items():
            self.loaded[model] = model._default_manager.in_bulk(pks)

    def get(self, model: type[models.Model], pk: Any) -> models.Model | None:
        return self.loaded.get(model, {}).get(pk)


def _format(f: models.Field | None, value: Any, refs: _References) -> str:
    if value is None or value == "":
        return _("(none)")
    if f is None:
        return str(value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.ForeignKey):
        obj = refs.get(f.related_model, value)
        return str(obj) if obj is not None else f"#{value}"
    if isinstance(f, models.DateTimeField):
        moment = parse_datetime(str(value))
        return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""
    if isinstance(f, models.DateField):
        return date_format(date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(f, models.IntegerField) and f.name.endswith("_sek"):
        return _("%(amount)s kr") % {"amount": number_format(value, force_grouping=True)}
    if isinstance(f, models.IntegerField):
        return number_format(value, force_grouping=True)
    return Truncator(str(value)).chars(TEXT_LIMIT)


def _changes(
    model: type[models.Model], diff: dict[str, list[Any]], refs: _References, skip: set[str]
) -> list[Change]:
    """The changed fields in the model's own field order, bookkeeping left out."""
    changes = []
    for position, (column, f) in enumerate(_fields_by_column(model).items()):
        if column not in diff or column in HIDDEN_FIELDS or column in skip:
            continue
        old, new = diff[column]
        label = capfirst(str(f.verbose_name))
        changes.append((position, Change(label, _format(f, old, refs), _format(f, new, refs))))
    return [change for _, change in sorted(changes, key=lambda pair: pair[0])]


def _want_references(model: type[models.Model], values: dict[str, Any], refs: _References) -> None:
    for column, f in _fields_by_column(model).items():
        if column not in values or column in HIDDEN_FIELDS:
            continue
        # Every event here belongs to the one activity: no need to read it again.
        if not isinstance(f, models.ForeignKey) or f.related_model is Activity:
            continue
        value = values[column]
        for pk in value if isinstance(value, list) else [value]:
            refs.want(f.related_model, pk)


def _line(event: MiddlewareEvents, refs: _References) -> HistoryLine | None:
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
            line.changes = _changes(model, diff, refs, WITHDRAWAL_FIELDS)
            return line
        changes = _changes(model, diff, refs, set())
        return HistoryLine("", changes=changes) if changes else None
    if model is Contribution:
        goal = _format(Contribution._meta.get_field("goal"), data.get("goal_id"), refs)
        effect = _format(Contribution._meta.get_field("effect"), data.get("effect"), refs)
        if label == "insert":
            return HistoryLine(
                _("Goal linked: %(goal)s (%(effect)s)") % {"goal": goal, "effect": effect.lower()},
                detail=data.get("reason", ""),
            )
        if label == "delete":
            return HistoryLine(_("Goal unlinked: %(goal)s") % {"goal": goal})
        changes = _changes(model, diff, refs, {"activity_id"})
        if not changes:
            return None
        return HistoryLine(_("Goal link changed: %(goal)s") % {"goal": goal}, changes=changes)
    if model is Cooperation:
        unit = _format(Cooperation._meta.get_field("unit"), data.get("unit_id"), refs)
        if label == "delete":
            return HistoryLine(_("Co-operating unit removed: %(unit)s") % {"unit": unit})
        return HistoryLine(_("Co-operating unit added: %(unit)s") % {"unit": unit})
    if model is ActivityReport:
        progress = data.get("progress")
        return HistoryLine(
            _("Status report for %(period)s: %(progress)s, %(status)s")
            % {
                "period": _format(
                    ActivityReport._meta.get_field("period"), data.get("period_id"), refs
                ),
                "progress": "–" if progress is None else f"{progress} %",
                "status": _format(
                    ActivityReport._meta.get_field("status"), data.get("status"), refs
                ).lower(),
            },
            detail=data.get("comment", ""),
        )
    # A model tracked later that also refers to activities: say what it was and what changed.
    name = capfirst(str(model._meta.verbose_name))
    return HistoryLine(f"{name}: {label}", changes=_changes(model, diff, refs, set()))


def activity_history(activity: Activity) -> list[HistoryEntry]:
    """The activity's history, newest first, one entry per request (or per event when the
    change came from outside a request, such as a command or the shell)."""
    events = list(
        MiddlewareEvents.objects.references(activity).order_by(
            "-pgh_created_at", "pgh_model", "pgh_id"
        )
    )
    refs = _References()
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        _want_references(model, event.pgh_data or {}, refs)
        _want_references(model, event.pgh_diff or {}, refs)
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
