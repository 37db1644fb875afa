"""The pieces every history page shares: pghistory's events turned into rows a person can read
(who, when, what changed), with field names, choice labels and the names of the rows referred to
instead of raw values and ids, every referred row read in one query per kind of object.
An activity's history (goals/history.py) and an ad's or application's (recruitment/history.py)
are built from them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from vaxjo_riktning.models import Unit, User

# Bookkeeping that says nothing to a reader.
HIDDEN_FIELDS = {"id", "version", "updated_at", "created_at", "created_by_id"}
WITHDRAWAL_FIELDS = {"withdrawn_at", "withdrawn_reason", "withdrawn_by_id"}
TEXT_LIMIT = 120


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


def fields_by_column(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.attname: f for f in model._meta.concrete_fields}


class References:
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


def format_value(f: models.Field | None, value: Any, refs: References) -> str:
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


def changes(
    model: type[models.Model], diff: dict[str, list[Any]], refs: References, skip: set[str]
) -> list[Change]:
    """The changed fields in the model's own field order, bookkeeping left out."""
    found = []
    for position, (column, f) in enumerate(fields_by_column(model).items()):
        if column not in diff or column in HIDDEN_FIELDS or column in skip:
            continue
        old, new = diff[column]
        label = capfirst(str(f.verbose_name))
        found.append(
            (position, Change(label, format_value(f, old, refs), format_value(f, new, refs)))
        )
    return [change for _, change in sorted(found, key=lambda pair: pair[0])]


def want_references(
    model: type[models.Model],
    values: dict[str, Any],
    refs: References,
    *,
    known: tuple[type[models.Model], ...] = (),
) -> None:
    """Ask for the rows an event's foreign keys name; `known` models (the object whose history
    this is) are not read again."""
    for column, f in fields_by_column(model).items():
        if column not in values or column in HIDDEN_FIELDS:
            continue
        if not isinstance(f, models.ForeignKey) or f.related_model in known:
            continue
        value = values[column]
        for pk in value if isinstance(value, list) else [value]:
            refs.want(f.related_model, pk)


def newest_events(events: list[str]) -> str:
    """A fingerprint of what a cached page reads, in one cheap query: the newest id of each
    pghistory event table ("app_label.EventModel"), which changes with every insert, update or
    delete of the tracked rows (bulk writes and raw SQL included, the triggers see them), and a
    hash of the unit tree (a few hundred rows, hashed whole: a department moved to another
    administration changes it too). Used as part of the cache keys of the overview, the act-on
    list, the follow-up, the review queue and the conflict list."""
    return newest_events_of({"": events})[""]


def _newest_event_sql(label: str) -> str:
    """The newest id of a pghistory event table ("app_label.EventModel"), as SQL."""
    from django.apps import apps

    table = connection.ops.quote_name(apps.get_model(label)._meta.db_table)
    return f"(SELECT max(pgh_id) FROM {table})"


def _unit_tree_sql() -> str:
    """A hash of the whole unit tree, as SQL."""
    table = connection.ops.quote_name(Unit._meta.db_table)
    return f"(SELECT md5(string_agg(u::text, ',' ORDER BY u.id)) FROM {table} u)"


def newest_events_sql(events: list[str], *, units: bool = True, more: tuple[str, ...] = ()) -> str:
    """newest_events() as one SQL expression, with ``more`` expressions after it (and without
    the unit tree unless ``units``): for a page to read its fingerprint in a query it makes
    anyway, as an annotation."""
    parts = [_newest_event_sql(label) for label in events]
    return f"concat_ws(':', {', '.join([*parts, *([_unit_tree_sql()] if units else []), *more])})"


def newest_events_of(sets: dict[str, list[str]]) -> dict[str, str]:
    """newest_events() of several sets of event tables at once, in one query that reads each
    table's newest id and the unit tree once: the overview's four parts ask for eleven tables
    between them. Each fingerprint is the one newest_events() gives for its set."""
    tables = sorted({label for events in sets.values() for label in events})
    newest = [_newest_event_sql(label) for label in tables]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join([*newest, _unit_tree_sql()])}")
        *ids, tree = cursor.fetchone()
    found = dict(zip(tables, ids, strict=True))
    # As PostgreSQL's concat_ws(':', ...) joined them: a table without events, or a group
    # without units, adds nothing.
    return {
        name: ":".join(
            str(value) for value in [*(found[label] for label in events), tree] if value is not None
        )
        for name, events in sets.items()
    }
