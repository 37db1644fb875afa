"""Checking every row of a plan and saving all of it or nothing; the format is described in
goals/importing/__init__.py."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Upper
from django.utils.translation import gettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from goals import services as activity_services
from goals.importing.reading import FILE_NO_ROWS, FileRefused, is_blank, read_table
from goals.kronor import BelowZero, NotKronor, NotWhole, whole_kronor
from goals.models import Activity, Contribution, Goal
from processes.models import Process
from vaxjo_riktning import outbox
from vaxjo_riktning.models import Unit
from vaxjo_riktning.permissions import owned_process_area_ids
from vaxjo_riktning.tasks import overview_refresh_on_commit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from vaxjo_riktning.models import User

MAX_BUDGET = 10**12  # a trillion kronor: anything larger is a typing error
MAX_VALUE_IN_MESSAGE = 60

HEADER_UNKNOWN = _(
    "unknown column “%(value)s”. The columns are: %(columns)s. Rename or remove the column."
)
HEADER_DUPLICATE = _("the column “%(value)s” appears twice.")
HEADER_MISSING = _("the required column “%(value)s” is missing.")
HEADER_EMPTY = _("a column with values has no header.")

# Row errors: shown after "line 7, enhet:", so they start in lower case.
REQUIRED = _("a value is required.")
TITLE_TOO_LONG = _("the title is %(length)s characters long; at most %(limit)s are allowed.")
TEXT_TOO_LONG = _("the text is %(length)s characters long; at most %(limit)s are allowed.")
FORMULA_REFUSED = _(
    "the cell starts with “%(char)s”, so a spreadsheet program would run it as a formula; "
    "formulas are refused for safety. Remove the “%(char)s” or write the text another way."
)
UNKNOWN_UNIT = _("unknown unit “%(value)s”. Use the unit's name, short name or slug.")
AMBIGUOUS_UNIT = _("“%(value)s” names several units; use the unit's full name.")
UNKNOWN_GOAL = _("unknown goal “%(value)s”. Use the goal's code, exact title or id (#12).")
AMBIGUOUS_GOAL = _("“%(value)s” names several goals (%(ids)s); use the goal's id, such as #%(id)s.")
DUPLICATE_GOAL = _("the goal “%(value)s” is named twice in this row.")
UNKNOWN_PROCESS = _("unknown process “%(value)s”. Use the process's name or slug.")
AMBIGUOUS_PROCESS = _("“%(value)s” names several processes; use the process's slug.")
BAD_STATUS = _("unknown status “%(value)s”. Use one of: %(choices)s.")
BAD_EFFECT = _("unknown effect “%(value)s”. Use stödjer or motverkar (supports or counteracts).")
COUNTERACTION_NEEDS_REASON = _(
    "a counteraction needs a reason: say why in a column motivering (reason)."
)
BAD_DATE = _("“%(value)s” is not a date. Write dates as 2026-03-01.")
END_BEFORE_START = _("the end date %(end)s is before the start date %(start)s.")
BUDGET_NOT_A_NUMBER = _("“%(value)s” is not an amount. Write whole kronor, such as 250 000.")
BUDGET_NEGATIVE = _("the budget cannot be negative.")
BUDGET_NOT_WHOLE = _("“%(value)s” is not whole kronor. Leave out the öre.")
BUDGET_TOO_LARGE = _("the budget %(value)s is larger than %(limit)s kronor.")
UNIT_NOT_ALLOWED = _("you may not add activities for %(unit)s.")
PROCESS_NOT_ALLOWED = _(
    "you may add activities for %(unit)s only in a process you own; %(process)s is not one."
)
DUPLICATE_ROW = _("the same unit and title as line %(line)s.")
ALREADY_EXISTS = _("%(unit)s already has an activity with this title (id %(id)s).")
ERROR_LINE = _("line %(line)s, %(column)s: %(message)s")
IMPORTED = ngettext_lazy("Imported %(count)s activity", "Imported %(count)s activities", "count")
CHECKED = ngettext_lazy(
    "The file is fine: %(count)s activity would be imported. Nothing was saved.",
    "The file is fine: %(count)s activities would be imported. Nothing was saved.",
    "count",
)
NOTHING_IMPORTED = ngettext_lazy(
    "%(count)s error; nothing was imported.", "%(count)s errors; nothing was imported.", "count"
)


@dataclass(frozen=True)
class RowError:
    """One thing wrong with the file: its line (None for the whole file), the column as the file
    names it ("" when no column is concerned), and the message."""

    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return str(ERROR_LINE) % {
            "line": self.line,
            "column": self.column or "-",
            "message": self.message,
        }


@dataclass
class ImportResult:
    """What an import did: the new activities' ids, or every error; `row_count` rows were read."""

    created_ids: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Columns -------------------------------------------------------------------------------------

# Each field and the headers that name it, already normalised (see _normalise_header).
COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("enhet", "unit"),
    "title": ("titel", "title"),
    "description": ("beskrivning", "description"),
    "goals": ("mål", "mal", "goals", "goal"),
    "effect": ("effekt", "effect"),
    "reason": ("motivering", "reason"),
    "process": ("process",),
    "status": ("status",),
    "start": ("start", "startdatum", "start date"),
    "end": ("slut", "slutdatum", "end", "end date"),
    "budget": ("budget", "budget (kr)", "budget (sek)", "budget sek"),
    "responsible": ("ansvarig", "responsible"),
}
REQUIRED_COLUMNS = ("unit", "title")
HEADER_TO_FIELD = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}

# The columns as the instructions and the template show them: Swedish header, English header.
TEMPLATE_HEADERS = [
    "enhet",
    "titel",
    "beskrivning",
    "mål",
    "effekt",
    "motivering",
    "process",
    "status",
    "start",
    "slut",
    "budget",
    "ansvarig",
]

EFFECTS = {
    "stödjer": Contribution.Effect.SUPPORTS,
    "stöder": Contribution.Effect.SUPPORTS,
    "stodjer": Contribution.Effect.SUPPORTS,
    "supports": Contribution.Effect.SUPPORTS,
    "support": Contribution.Effect.SUPPORTS,
    "motverkar": Contribution.Effect.COUNTERACTS,
    "counteracts": Contribution.Effect.COUNTERACTS,
    "counteract": Contribution.Effect.COUNTERACTS,
}
# Swedish labels (with and without å/ä), English labels and the stored values.
STATUSES = {
    "planerad": Activity.Status.PLANNED,
    "pågående": Activity.Status.ONGOING,
    "pagaende": Activity.Status.ONGOING,
    "klar": Activity.Status.DONE,
    "pausad": Activity.Status.PAUSED,
    "avbruten": Activity.Status.CANCELLED,
    "planned": Activity.Status.PLANNED,
    "ongoing": Activity.Status.ONGOING,
    "done": Activity.Status.DONE,
    "paused": Activity.Status.PAUSED,
    "cancelled": Activity.Status.CANCELLED,
    "canceled": Activity.Status.CANCELLED,
}
STATUS_HELP = pgettext_lazy("import status values", "planerad, pågående, klar, pausad, avbruten")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_GOAL_ID = re.compile(r"^(?:#|id[:\s]?)\s*(\d+)$", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"^[+-][\d\s\u00a0\u2009\u202f.,]*$")


def _normalise_header(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).replace("\ufeff", "").split()).casefold()


def _key(text: str) -> str:
    """How names are compared: Unicode-normalised (a Mac may write å as a + ring), spacing
    collapsed, case ignored."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _shown(value: str) -> str:
    value = " ".join(value.split())
    if len(value) > MAX_VALUE_IN_MESSAGE:
        return value[: MAX_VALUE_IN_MESSAGE - 1] + "…"
    return value


# --- Checking the rows ---------------------------------------------------------------------------


@dataclass
class Lookups:
    """Everything a row may name, read once per import."""

    units: dict[str, list[Unit]]
    processes: dict[str, list[Process]]
    goals_by_code: dict[str, list[Goal]]
    goals_by_title: dict[str, list[Goal]]
    goals_by_id: dict[int, Goal]

    @classmethod
    def load(cls) -> Lookups:
        units: dict[str, list[Unit]] = {}
        for unit in Unit.objects.all():
            for name in {_key(unit.name), _key(unit.short_name), _key(unit.slug)} - {""}:
                units.setdefault(name, []).append(unit)
        processes: dict[str, list[Process]] = {}
        for process in Process.objects.select_related("area"):
            names = {
                _key(process.name),
                _key(process.slug),
                _key(f"{process.area.name}: {process.name}"),
            }
            for name in names - {""}:
                processes.setdefault(name, []).append(process)
        by_code: dict[str, list[Goal]] = {}
        by_title: dict[str, list[Goal]] = {}
        by_id: dict[int, Goal] = {}
        for goal in Goal.objects.active():
            by_id[goal.pk] = goal
            if goal.code:
                by_code.setdefault(_key(goal.code), []).append(goal)
            for title in {_key(goal.title), _key(str(goal))}:
                by_title.setdefault(title, []).append(goal)
        return cls(units, processes, by_code, by_title, by_id)


@dataclass
class ParsedRow:
    line: int
    data: dict[str, Any]
    goals: list[Goal]
    effect: str
    reason: str
    failed: set[str]


def _text(value: Any) -> str:
    """A cell as text; numbers as a person typed them (2, not 2.0), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def _is_formula(value: Any) -> str | None:
    """The character that makes the cell a formula, or None. A plain signed number is a number."""
    if value is None or isinstance(value, (int, float, date, datetime)):
        return None
    if not isinstance(value, str):  # openpyxl's ArrayFormula and the like
        return "="
    # Spreadsheets skip leading spaces, tabs and line breaks before looking for a formula.
    stripped = value.lstrip(" \t\r\n")
    if not stripped or stripped[0] not in "=+-@":
        return None
    if stripped[0] in "+-" and _PLAIN_NUMBER.match(stripped) and any(c.isdigit() for c in stripped):
        return None
    return stripped[0]


def _parse_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    if _ISO_DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise CellError(str(BAD_DATE) % {"value": _shown(text)})


def _parse_budget(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(str(BUDGET_NOT_A_NUMBER) % {"value": _text(value)})
    if isinstance(value, (int, float)):
        if value < 0:
            raise CellError(str(BUDGET_NEGATIVE))
        if isinstance(value, float) and not value.is_integer():
            raise CellError(str(BUDGET_NOT_WHOLE) % {"value": _shown(str(value))})
        amount = int(value)
    else:
        text = _text(value)
        if not text:
            return None
        try:
            read = whole_kronor(text)
        except BelowZero:
            raise CellError(str(BUDGET_NEGATIVE)) from None
        except NotWhole:
            raise CellError(str(BUDGET_NOT_WHOLE) % {"value": _shown(text)}) from None
        except NotKronor:
            raise CellError(str(BUDGET_NOT_A_NUMBER) % {"value": _shown(text)}) from None
        if read is None:
            return None
        amount = read
    if amount > MAX_BUDGET:
        raise CellError(
            str(BUDGET_TOO_LARGE) % {"value": amount, "limit": f"{MAX_BUDGET:,}".replace(",", " ")}
        )
    return amount


def _one(matches: list[Any], value: str, unknown: StrOrPromise, ambiguous: StrOrPromise) -> Any:
    distinct = {m.pk: m for m in matches}
    if not distinct:
        raise CellError(str(unknown) % {"value": _shown(value)})
    if len(distinct) > 1:
        raise CellError(str(ambiguous) % {"value": _shown(value)})
    return next(iter(distinct.values()))


def _parse_goals(value: Any, lookups: Lookups) -> list[Goal]:
    text = _text(value)
    goals: list[Goal] = []
    for token in (t.strip() for t in re.split(r"[;\n]", text)):
        if not token:
            continue
        key = _key(token)
        id_match = _GOAL_ID.match(token)
        if id_match:
            matches = (
                [lookups.goals_by_id[int(id_match[1])]]
                if int(id_match[1]) in lookups.goals_by_id
                else []
            )
        else:
            matches = lookups.goals_by_code.get(key) or lookups.goals_by_title.get(key) or []
            if not matches and token.isdigit() and int(token) in lookups.goals_by_id:
                matches = [lookups.goals_by_id[int(token)]]
        distinct = {g.pk: g for g in matches}
        if not distinct:
            raise CellError(str(UNKNOWN_GOAL) % {"value": _shown(token)})
        if len(distinct) > 1:
            ids = sorted(distinct)
            raise CellError(
                str(AMBIGUOUS_GOAL)
                % {"value": _shown(token), "ids": ", ".join(f"#{i}" for i in ids), "id": ids[0]}
            )
        goal = next(iter(distinct.values()))
        if goal in goals:
            raise CellError(str(DUPLICATE_GOAL) % {"value": _shown(token)})
        goals.append(goal)
    return goals


def _check_length(text: str, limit: int, message: StrOrPromise = TEXT_TOO_LONG) -> str:
    if len(text) > limit:
        raise CellError(str(message) % {"length": len(text), "limit": limit})
    return text


class RowChecker:
    """Turns the file's rows into activities to save, collecting every error on the way."""

    def __init__(self, *, user: User | None, header: list[str]) -> None:
        self.user = user
        self.header = header
        self.errors: list[RowError] = []
        self.columns: dict[str, int] = {}  # field → column index
        self.names: dict[str, str] = {}  # field → the header as the file writes it

    # The header --------------------------------------------------------------------------------

    def check_header(self, rows: list[tuple[int, list[Any]]]) -> bool:
        known = ", ".join(TEMPLATE_HEADERS)
        for index, raw in enumerate(self.header):
            name = _normalise_header(raw or "")
            if not name:
                if any(index < len(cells) and not is_blank([cells[index]]) for _, cells in rows):
                    self._add(1, gettext("column %(number)s") % {"number": index + 1}, HEADER_EMPTY)
                continue
            field_name = HEADER_TO_FIELD.get(name)
            shown = _shown(raw.strip())
            if field_name is None:
                self._add(1, shown, str(HEADER_UNKNOWN) % {"value": shown, "columns": known})
            elif field_name in self.columns:
                self._add(1, shown, str(HEADER_DUPLICATE) % {"value": shown})
            else:
                self.columns[field_name] = index
                self.names[field_name] = shown
        for required in REQUIRED_COLUMNS:
            if required not in self.columns:
                shown = COLUMNS[required][0]
                self._add(1, shown, str(HEADER_MISSING) % {"value": shown})
        return not self.errors

    def position(self, error: RowError) -> int:
        """The column's place in the file; a column the file lacks (motivering) comes last."""
        for field_name, shown in self.names.items():
            if shown == error.column:
                return self.columns[field_name]
        return len(self.header)

    # The rows ----------------------------------------------------------------------------------

    def _add(self, line: int, column: str, message: Any) -> None:
        self.errors.append(RowError(line, column, str(message)))

    def _column(self, field_name: str) -> str:
        return self.names.get(field_name) or COLUMNS[field_name][0]

    def _cell(self, cells: list[Any], field_name: str) -> Any:
        index = self.columns.get(field_name)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def check_rows(self, rows: list[tuple[int, list[Any]]], lookups: Lookups) -> list[ParsedRow]:
        parsed: list[ParsedRow] = []
        for line, cells in rows:
            parsed.append(self._check_row(line, cells, lookups))
        self._check_duplicates(parsed)
        return parsed

    def _check_row(self, line: int, cells: list[Any], lookups: Lookups) -> ParsedRow:
        failed: set[str] = set()
        values: dict[str, Any] = {}
        for field_name, index in self.columns.items():
            value = cells[index] if index < len(cells) else None
            char = _is_formula(value)
            if char is not None:
                self._add(line, self._column(field_name), str(FORMULA_REFUSED) % {"char": char})
                failed.add(field_name)
            else:
                values[field_name] = value

        def parse(field_name: str, parser: Callable[[Any], Any], default: Any = None) -> Any:
            if field_name in failed or field_name not in values:
                return default
            try:
                return parser(values[field_name])
            except CellError as error:
                self._add(line, self._column(field_name), error.message)
                failed.add(field_name)
                return default

        def required_text(
            limit: int, message: StrOrPromise = TEXT_TOO_LONG
        ) -> Callable[[Any], str]:
            def parser(value: Any) -> str:
                text = " ".join(_text(value).split())
                if not text:
                    raise CellError(str(REQUIRED))
                return _check_length(text, limit, message)

            return parser

        title = parse("title", required_text(200, TITLE_TOO_LONG), "")
        unit = parse(
            "unit",
            lambda v: self._lookup(
                _text(v), lookups.units, UNKNOWN_UNIT, AMBIGUOUS_UNIT, required=True
            ),
        )
        if unit is None:
            failed.add("unit")
        process = parse(
            "process",
            lambda v: self._lookup(_text(v), lookups.processes, UNKNOWN_PROCESS, AMBIGUOUS_PROCESS),
        )
        data = {
            "title": title,
            "description": parse("description", lambda v: _text(v).replace("\r\n", "\n"), ""),
            "owner_unit": unit,
            "responsible": parse(
                "responsible", lambda v: _check_length(" ".join(_text(v).split()), 200), ""
            ),
            "status": parse("status", self._status, Activity.Status.PLANNED),
            "start_date": parse("start", _parse_date),
            "end_date": parse("end", _parse_date),
            "budget_sek": parse("budget", _parse_budget),
            "process": process,
        }
        goals = parse("goals", lambda v: _parse_goals(v, lookups), [])
        effect = parse("effect", self._effect, Contribution.Effect.SUPPORTS)
        reason = parse("reason", lambda v: _check_length(" ".join(_text(v).split()), 500), "")

        start, end = data["start_date"], data["end_date"]
        if start and end and end < start:
            self._add(
                line,
                self._column("end"),
                str(END_BEFORE_START) % {"end": end.isoformat(), "start": start.isoformat()},
            )
            failed.add("end")
        if goals and effect == Contribution.Effect.COUNTERACTS and not reason:
            if "reason" not in failed:
                self._add(line, self._column("reason"), COUNTERACTION_NEEDS_REASON)
            failed.add("reason")
        if unit is not None and "process" not in failed:
            self._check_permission(line, unit, process)
        row = ParsedRow(line, data, goals, effect, reason, failed)
        self._model_checks(row)
        return row

    @staticmethod
    def _lookup(
        value: str,
        table: dict[str, list[Any]],
        unknown: StrOrPromise,
        ambiguous: StrOrPromise,
        required: bool = False,
    ) -> Any:
        if not value:
            if required:
                raise CellError(str(REQUIRED))
            return None
        return _one(table.get(_key(value), []), value, unknown, ambiguous)

    @staticmethod
    def _status(value: Any) -> str:
        text = _text(value)
        if not text:
            return Activity.Status.PLANNED
        status = STATUSES.get(_key(text))
        if status is None:
            raise CellError(str(BAD_STATUS) % {"value": _shown(text), "choices": STATUS_HELP})
        return status

    @staticmethod
    def _effect(value: Any) -> str:
        text = _text(value)
        if not text:
            return Contribution.Effect.SUPPORTS
        effect = EFFECTS.get(_key(text))
        if effect is None:
            raise CellError(str(BAD_EFFECT) % {"value": _shown(text)})
        return effect

    def _check_permission(self, line: int, unit: Unit, process: Process | None) -> None:
        if self.user is None:  # a system import writes as an administrator
            return
        if activity_services.user_may_write_activity_in(
            user=self.user, owner_unit=unit, process=process
        ):
            return
        if owned_process_area_ids(self.user):
            # A process owner may write in any unit, through their own processes.
            self._add(
                line,
                self._column("process"),
                str(PROCESS_NOT_ALLOWED)
                % {"unit": unit.name, "process": process.name if process else "-"},
            )
        else:
            self._add(line, self._column("unit"), str(UNIT_NOT_ALLOWED) % {"unit": unit.name})

    # The model's own field checks, as activity_create runs them, without its per-row queries.
    MODEL_FIELD_COLUMNS = {
        "title": "title",
        "description": "description",
        "responsible": "responsible",
        "status": "status",
        "start_date": "start",
        "end_date": "end",
        "budget_sek": "budget",
    }

    def _model_checks(self, row: ParsedRow) -> None:
        if row.failed & {"title", "unit"}:
            return
        activity = Activity(**row.data)
        try:
            activity.full_clean(
                exclude=["owner_unit", "process", "created_by", "withdrawn_by"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = self.MODEL_FIELD_COLUMNS.get(name)
                if column in row.failed:
                    continue
                for message in messages:
                    self._add(row.line, self._column(column) if column else name, message)
                row.failed.add(column or name)

    def _check_duplicates(self, rows: list[ParsedRow]) -> None:
        seen: dict[tuple[int, str], int] = {}
        candidates: list[ParsedRow] = []
        for row in rows:
            if row.failed & {"title", "unit"}:
                continue
            key = (row.data["owner_unit"].pk, row.data["title"].upper())
            if key in seen:
                self._add(row.line, self._column("title"), str(DUPLICATE_ROW) % {"line": seen[key]})
                row.failed.add("title")
            else:
                seen[key] = row.line
                candidates.append(row)
        if not candidates:
            return
        # One query for the whole file, through the index on UPPER(title).
        existing = {
            (unit_id, title): pk
            for unit_id, title, pk in Activity.objects.active()
            .annotate(upper_title=Upper("title"))
            .filter(
                owner_unit_id__in={r.data["owner_unit"].pk for r in candidates},
                upper_title__in={r.data["title"].upper() for r in candidates},
            )
            .values_list("owner_unit_id", "upper_title", "pk")
        }
        for row in candidates:
            unit = row.data["owner_unit"]
            pk = existing.get((unit.pk, row.data["title"].upper()))
            if pk is not None:
                self._add(
                    row.line,
                    self._column("title"),
                    str(ALREADY_EXISTS) % {"unit": unit.name, "id": pk},
                )
                row.failed.add("title")


# --- The import ----------------------------------------------------------------------------------


def _save(*, user: User | None, rows: list[ParsedRow], file_name: str) -> list[int]:
    from goals.tasks import overlap_scan_activities_task  # the tasks import this module

    with transaction.atomic(), pghistory.context(import_file=file_name, import_rows=len(rows)):
        activities = Activity.objects.bulk_create(
            Activity(created_by=user, **row.data) for row in rows
        )
        Contribution.objects.bulk_create(
            Contribution(activity=activity, goal=goal, effect=row.effect, reason=row.reason)
            for activity, row in zip(activities, rows, strict=True)
            for goal in row.goals
        )
        ids = [a.pk for a in activities]
        # Through the outbox: the activities are saved whatever happens to the broker, and
        # their scan runs when it is back.
        outbox.enqueue(overlap_scan_activities_task, ids)
        overview_refresh_on_commit()
    return ids


def importing_run(
    *, user: User | None, file_name: str, content: bytes, dry_run: bool = False
) -> ImportResult:
    """Import the activities of a CSV or Excel file: all of them, or none and every error.

    `user` is the person importing, whose rights are checked row by row; None is a system import
    (a management command run without --user) with an administrator's rights. With `dry_run`, the
    file is checked and nothing is saved.
    """
    result = ImportResult(dry_run=dry_run)
    try:
        table = read_table(file_name=file_name, content=content)
    except FileRefused as refusal:
        result.errors.append(RowError(None, "", refusal.message))
        return result
    checker = RowChecker(user=user, header=table.header)
    if not checker.check_header(table.rows):
        result.errors = checker.errors
        return result
    if not table.rows:
        result.errors.append(RowError(None, "", str(FILE_NO_ROWS)))
        return result
    rows = checker.check_rows(table.rows, Lookups.load())
    result.row_count = len(rows)
    if checker.errors:
        # As the spreadsheet reads: by line, and within a line from left to right.
        result.errors = sorted(checker.errors, key=lambda e: (e.line or 0, checker.position(e)))
        return result
    if not dry_run:
        result.created_ids = _save(user=user, rows=rows, file_name=file_name)
    return result


def template_rows(*, unit: Unit | None = None, goal: Goal | None = None) -> Iterator[list[str]]:
    """The header and one example row for the downloadable template."""
    yield TEMPLATE_HEADERS
    yield [
        unit.name if unit else "Utbildningsförvaltningen",
        "Läxhjälp i alla skolor",
        "Läxhjälp efter skoltid för elever i årskurs 4–9.",
        goal.code or goal.title if goal else "1",
        "stödjer",
        "",
        "",
        "planerad",
        "2026-03-01",
        "2026-12-31",
        "250 000",
        "Anna Andersson",
    ]
