"""Reads of conflicts between units, in a fixed number of queries whatever the data's size.

Two kinds appear in one list, each row saying who is hurt and who runs the activity:

- *raised*: a unit flagged another unit's activity as working against one of its goals
  (Conflict); the hurt unit is the goal's owning unit when it was raised;
- *self-declared*: the running unit itself says its activity counteracts a goal (a Contribution
  with effect "counteracts"), counted as the counteraction page counts them (another top-level
  unit supports the goal's council goal: goals.overlap.selectors.counteractions); the hurt unit is
  the goal's owning unit.

Money at stake is the activity's budget (Activity.budget_sek) as it is now. A total counts each
activity once, however many conflicts name it.

For the overview: open_conflicts() (how many raised conflicts wait for a decision, the kronor at
stake and the largest of them) and open_conflicts_by_cell() (per top-level unit and council goal,
for markers on the matrix).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    DateTimeField,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.conflicts.models import Conflict
from goals.models import Contribution, Goal
from goals.overlap.selectors import Support, counteractions, support_by_top_unit
from vaxjo_riktning import paging
from vaxjo_riktning.history import newest_events_of
from vaxjo_riktning.models import Unit

Outcome = Conflict.Outcome

# How many of the largest open conflicts the overview names.
TOP_CONFLICTS = 5
# The support behind the self-declared rows, a page of the list and the filters' choices are
# kept while the data they are read from is unchanged (the key changes with it), at most this
# long.
CACHE_SECONDS = 24 * 60 * 60


class Kind:
    RAISED = "raised"
    DECLARED = "declared"

    CHOICES = [
        (RAISED, _("Raised by the hurt unit")),
        (DECLARED, _("Self-declared “counteracts”")),
    ]


class Status:
    """The list's status filter (query string values are Swedish, as the paths are)."""

    CURRENT = "aktuella"
    OPEN = "oppna"
    ESCALATED = "eskalerade"
    SETTLED = "avgjorda"
    WITHDRAWN = "aterkallade"
    ALL = "alla"

    CHOICES = [
        (CURRENT, _("Current: open, escalated and self-declared")),
        (OPEN, _("Open: waiting for a decision")),
        (ESCALATED, _("Escalated to the municipal executive board")),
        (SETTLED, _("Settled: resolved or accepted")),
        (WITHDRAWN, _("Withdrawn")),
        (ALL, _("All")),
    ]


# The row every conflict becomes, whatever its kind: the columns of the UNION, in this order.
COLUMNS = (
    "row_kind",
    "row_id",
    "row_activity_id",
    "row_activity_title",
    "row_activity_withdrawn",
    "row_runner_name",
    "row_runner_slug",
    "row_goal_id",
    "row_goal_code",
    "row_goal_title",
    "row_hurt_name",
    "row_hurt_slug",
    "row_kronor",
    "row_outcome",
    "row_due_on",
    "row_reason",
    "row_raised_at",
    "row_withdrawn",
)


@dataclass
class ConflictRow:
    """One conflict in a list, with what the list shows of the activity, the goal and both units
    (read in the list's own query, nothing more)."""

    kind: str
    pk: int
    activity_id: int
    activity_title: str
    activity_withdrawn: bool
    runner_name: str
    runner_slug: str
    goal_id: int
    goal_code: str
    goal_title: str
    hurt_name: str | None
    hurt_slug: str | None
    kronor: int | None
    outcome: str
    due_on: date | None
    reason: str
    raised_at: datetime | None
    withdrawn: bool

    @property
    def is_raised(self) -> bool:
        return self.kind == Kind.RAISED

    @property
    def url(self) -> str:
        if self.is_raised:
            return reverse("goals:conflict_detail", kwargs={"pk": self.pk})
        return self.activity_url

    @property
    def activity_url(self) -> str:
        return reverse("goals:activity_detail", kwargs={"pk": self.activity_id})

    @property
    def goal_url(self) -> str:
        return reverse("goals:goal_detail", kwargs={"pk": self.goal_id})

    @property
    def runner_url(self) -> str:
        return reverse("unit_detail", kwargs={"slug": self.runner_slug})

    @property
    def hurt_url(self) -> str | None:
        return reverse("unit_detail", kwargs={"slug": self.hurt_slug}) if self.hurt_slug else None

    @property
    def goal_label(self) -> str:
        return f"{self.goal_code} {self.goal_title}" if self.goal_code else self.goal_title

    @property
    def outcome_label(self) -> str:
        if self.withdrawn:
            return str(_("Withdrawn"))
        if not self.is_raised:
            return str(_("Self-declared"))
        return str(Outcome(self.outcome).label)

    @property
    def is_overdue(self) -> bool:
        return (
            self.is_raised
            and not self.withdrawn
            and self.outcome == Outcome.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


def _raised_rows(queryset: QuerySet[Conflict]) -> QuerySet[Conflict, Any]:
    return queryset.annotate(
        row_kind=Value(Kind.RAISED, output_field=CharField()),
        row_id=F("pk"),
        row_activity_id=F("activity_id"),
        row_activity_title=F("activity__title"),
        row_activity_withdrawn=Q(activity__withdrawn_at__isnull=False),
        row_runner_name=F("activity__owner_unit__name"),
        row_runner_slug=F("activity__owner_unit__slug"),
        row_goal_id=F("goal_id"),
        row_goal_code=F("goal__code"),
        row_goal_title=F("goal__title"),
        row_hurt_name=F("hurt_unit__name"),
        row_hurt_slug=F("hurt_unit__slug"),
        row_kronor=F("activity__budget_sek"),
        row_outcome=F("outcome"),
        row_due_on=F("due_on"),
        row_reason=F("reason"),
        row_raised_at=F("raised_at"),
        row_withdrawn=Q(withdrawn_at__isnull=False),
    ).values_list(*COLUMNS)


def _declared_rows(queryset: QuerySet[Contribution]) -> QuerySet[Contribution, Any]:
    return queryset.annotate(
        row_kind=Value(Kind.DECLARED, output_field=CharField()),
        row_id=F("pk"),
        row_activity_id=F("activity_id"),
        row_activity_title=F("activity__title"),
        row_activity_withdrawn=Value(False, output_field=BooleanField()),
        row_runner_name=F("activity__owner_unit__name"),
        row_runner_slug=F("activity__owner_unit__slug"),
        row_goal_id=F("goal_id"),
        row_goal_code=F("goal__code"),
        row_goal_title=F("goal__title"),
        row_hurt_name=F("goal__owner_unit__name"),
        row_hurt_slug=F("goal__owner_unit__slug"),
        row_kronor=F("activity__budget_sek"),
        row_outcome=Value(Outcome.OPEN, output_field=CharField()),
        row_due_on=Cast(Value(None), output_field=DateField()),
        row_reason=F("reason"),
        row_raised_at=Cast(Value(None), output_field=DateTimeField()),
        row_withdrawn=Value(False, output_field=BooleanField()),
    ).values_list(*COLUMNS)


def _goal_condition(goal: Goal) -> Q:
    """The goal, its direct sub-goals and, for a council goal, every goal of its family (as the
    activity list's and the counteraction list's goal filters read it)."""
    if goal.level == Goal.Level.COUNCIL:
        return Q(goal__council_goal=goal)
    return Q(goal=goal) | Q(goal__parent=goal)


@dataclass
class ConflictFilter:
    kind: str | None = None
    status: str = Status.CURRENT
    unit: Unit | None = None
    goal: Goal | None = None


def _raised(filters: ConflictFilter, subtree: set[int] | None) -> QuerySet[Conflict]:
    queryset = Conflict.objects.all()
    status = filters.status
    if status == Status.CURRENT:
        queryset = queryset.unsettled()
    elif status == Status.OPEN:
        queryset = queryset.open()
    elif status == Status.ESCALATED:
        queryset = queryset.active().filter(outcome=Outcome.ESCALATED)
    elif status == Status.SETTLED:
        queryset = queryset.active().filter(outcome__in=[Outcome.RESOLVED, Outcome.ACCEPTED])
    elif status == Status.WITHDRAWN:
        queryset = queryset.withdrawn()
    if subtree is not None:
        queryset = queryset.filter(
            Q(activity__owner_unit_id__in=subtree) | Q(hurt_unit_id__in=subtree)
        )
    if filters.goal is not None:
        queryset = queryset.filter(_goal_condition(filters.goal))
    return queryset


# What support_by_top_unit() reads: activities (a withdrawal, another owner), contributions
# and goals (a goal moved to another council goal); newest_events() adds the unit tree.
SUPPORT_EVENTS = ["goals.ActivityEvent", "goals.ContributionEvent", "goals.GoalEvent"]
# What the list's rows and totals read besides: the raised conflicts (never deleted: a
# conflict is withdrawn, with a reason). The activities' titles and budgets, the goals' codes
# and titles and the units' names are in the events above and the unit tree.
LIST_EVENTS = ["goals.ConflictEvent", *SUPPORT_EVENTS]
# What the filters' choices read: the goals and the unit tree.
CHOICE_EVENTS = ["goals.GoalEvent"]


@dataclass(frozen=True)
class ListState:
    """Fingerprints of what the conflict list reads (newest_events()), each changing with every
    write to its tables, bulk ones and raw SQL included: the cache keys of the support behind
    the self-declared rows, of a page of the list and of the filters' choices."""

    support: str
    rows: str
    choices: str


def list_state() -> ListState:
    """The list's fingerprints, in one cheap query (the newest id of four history tables and a
    hash of the unit tree)."""
    return ListState(
        **newest_events_of(
            {"support": SUPPORT_EVENTS, "rows": LIST_EVENTS, "choices": CHOICE_EVENTS}
        )
    )


def _support(state: str) -> Support:
    """support_by_top_unit(), kept in the cache under the fingerprint of what it reads (``state``,
    ListState.support).

    It aggregates every supporting contribution of the group (a COUNT(DISTINCT) over 170,000 of
    them at 100,000 activities: 1.0 s of the conflict list's 1.6 s under a load of 9, see
    docs/benchmarks.md), and it changes only when an activity, a contribution, a goal or the
    unit tree does, far less often than the list is read."""
    key = f"riktning:conflicts:support:{state}"
    support: Support | None = cache.get(key)
    if support is None:
        support = support_by_top_unit()
        cache.set(key, support, CACHE_SECONDS)
    return support


def _declared(
    filters: ConflictFilter, subtree: set[int] | None, support_state: str
) -> QuerySet[Contribution] | None:
    if filters.status not in (Status.CURRENT, Status.ALL):
        return None
    queryset = counteractions(support=_support(support_state))
    if subtree is not None:
        queryset = queryset.filter(
            Q(activity__owner_unit_id__in=subtree) | Q(goal__owner_unit_id__in=subtree)
        )
    if filters.goal is not None:
        queryset = queryset.filter(_goal_condition(filters.goal))
    return queryset


def _rows_query(filters: ConflictFilter, support_state: str) -> QuerySet[Any, Any] | None:
    """Both kinds' rows as one UNION ALL, unordered; None when the filters leave nothing."""
    subtree = Unit.subtree_ids([filters.unit.pk]) if filters.unit is not None else None
    parts: list[QuerySet[Any, Any]] = []
    if filters.kind in (None, "", Kind.RAISED):
        parts.append(_raised_rows(_raised(filters, subtree)))
    if filters.kind in (None, "", Kind.DECLARED):
        declared = _declared(filters, subtree, support_state)
        if declared is not None:
            parts.append(_declared_rows(declared))
    if not parts:
        return None
    rows = parts[0].order_by()
    if len(parts) > 1:
        rows = rows.union(*(p.order_by() for p in parts[1:]), all=True)
    return rows


# Largest money at stake first; among equals, the one due first, then the newest.
ORDERING = (
    F("row_kronor").desc(nulls_last=True),
    F("row_due_on").asc(nulls_last=True),
    F("row_kind").desc(),
    F("row_id").desc(),
)


@dataclass
class Summary:
    count: int
    activities: int
    kronor: int


def _summary(rows: QuerySet[Any, Any]) -> Summary:
    """How many rows, how many activities, and their kronor at stake, each activity counted
    once: one query over the rows' SQL (none when the filters can match nothing: with no unit
    supporting any council goal, no self-declared row can be a conflict)."""
    try:
        sql, params = rows.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:
        return Summary(count=0, activities=0, kronor=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH r AS ({sql})
            SELECT
                (SELECT COUNT(*) FROM r),
                (SELECT COUNT(DISTINCT row_activity_id) FROM r),
                (SELECT COALESCE(SUM(row_kronor), 0) FROM (
                    SELECT DISTINCT row_activity_id, row_kronor FROM r
                ) AS per_activity)
            """,
            params,
        )
        count, activities, kronor = cursor.fetchone()
    return Summary(count=count, activities=activities, kronor=int(kronor))


def _to_rows(values: list[tuple[Any, ...]]) -> list[ConflictRow]:
    return [ConflictRow(*row) for row in values]


@dataclass
class ConflictList:
    """A page of rows, and the summary of every row the filters keep."""

    page: Page[ConflictRow]
    summary: Summary


# ORDERING as the page's SQL below writes it, over the columns of the UNION.
ORDER_SQL = (
    ("row_kronor", "DESC NULLS LAST"),
    ("row_due_on", "ASC NULLS LAST"),
    ("row_kind", "DESC"),
    ("row_id", "DESC"),
)


def _order_sql(table: str) -> str:
    return ", ".join(f"{table}.{column} {direction}" for column, direction in ORDER_SQL)


def _summary_and_page(
    sql: str, params: Any, *, offset: int
) -> tuple[Summary, list[tuple[Any, ...]]]:
    """The summary of the rows (as _summary()) and the page of them from ``offset``, in one
    query that works the UNION out once."""
    columns = ", ".join(f"page.{name}" for name in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH r AS MATERIALIZED ({sql}),
            summary AS (
                SELECT
                    COUNT(*) AS n,
                    COUNT(DISTINCT row_activity_id) AS activities,
                    (SELECT COALESCE(SUM(row_kronor), 0) FROM (
                        SELECT DISTINCT row_activity_id, row_kronor FROM r
                    ) AS per_activity) AS kronor
                FROM r
            )
            SELECT summary.n, summary.activities, summary.kronor, {columns}
            FROM summary LEFT JOIN LATERAL (
                SELECT * FROM r ORDER BY {_order_sql("r")} LIMIT %s OFFSET %s
            ) AS page ON true
            ORDER BY {_order_sql("page")}
            """,
            [*params, settings.PAGE_SIZE, offset],
        )
        found = cursor.fetchall()
    count, activities, kronor = found[0][:3]
    # With no row on the page, the one row found is the summary's with nulls beside it.
    rows = [row[3:] for row in found if row[3] is not None]
    return Summary(count=count, activities=activities, kronor=int(kronor)), rows


def _page_rows(sql: str, params: Any, *, offset: int) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM ({sql}) AS r ORDER BY {_order_sql('r')} "
            "LIMIT %s OFFSET %s",
            [*params, settings.PAGE_SIZE, offset],
        )
        return cursor.fetchall()


def _listing(
    filters: ConflictFilter, number: int | None, support_state: str
) -> tuple[Summary, int, list[tuple[Any, ...]]]:
    """The summary, the number of the page shown and its rows (as tuples of COLUMNS)."""
    rows = _rows_query(filters, support_state)
    if rows is None:
        return Summary(0, 0, 0), 1, []
    try:
        sql, params = rows.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:
        # With no unit supporting any council goal, no self-declared row can be a conflict.
        return Summary(0, 0, 0), 1, []
    size = settings.PAGE_SIZE
    summary, values = _summary_and_page(sql, params, offset=((number or 1) - 1) * size)
    shown = paging.shown_page(number, summary.count)
    if shown != (number or 1) and summary.count:
        # Asked for a page past the last (a link from before a change): the last one.
        values = _page_rows(sql, params, offset=(shown - 1) * size)
    return summary, shown, values


# A page kept in the cache is COLUMNS' values: another release with other columns must not read
# it.
_COLUMNS_KEY = hashlib.blake2b(",".join(COLUMNS).encode(), digest_size=4).hexdigest()


def conflict_page(
    *, filters: ConflictFilter, page: str | None = None, state: ListState | None = None
) -> ConflictList:
    """One page of conflicts of both kinds, the largest money at stake first, with a summary of
    everything the filters keep (rows, activities, kronor).

    The page is kept in the cache under the fingerprint of everything it reads (``state``,
    list_state(), read when not given), so a page read again before any change to the conflicts,
    activities, contributions, goals or units runs no query but the fingerprint's.

    Queries: the fingerprints (1, none when given); when the page is not cached: the unit's
    subtree if a unit is given (1), unless only raised conflicts are asked for the support per
    council goal and top-level unit when it is not cached under its own fingerprint (1), the
    summary and the page's rows (1; one more for a page past the last).
    """
    state = state or list_state()
    number = paging.page_number(page)
    unit = filters.unit.pk if filters.unit is not None else ""
    goal = filters.goal.pk if filters.goal is not None else ""
    key = (
        f"riktning:conflicts:list:{state.rows}:{_COLUMNS_KEY}:"
        f"{filters.kind or ''}:{filters.status}:{unit}:{goal}:{number}"
    )
    # Kept as plain values (numbers, and the rows as tuples).
    cached: tuple[int, int, int, int, list[tuple[Any, ...]]] | None = cache.get(key)
    if cached is None:
        summary, shown, values = _listing(filters, number, state.support)
        cached = (summary.count, summary.activities, summary.kronor, shown, values)
        cache.set(key, cached, CACHE_SECONDS)
    count, activities, kronor, shown, values = cached
    page_obj = Page(_to_rows(values), shown, paging.counted(count))
    return ConflictList(page=page_obj, summary=Summary(count, activities, kronor))


# --- For the overview ----------------------------------------------------------------------------


@dataclass
class OpenConflicts:
    """Raised conflicts waiting for a decision (open, not escalated or withdrawn)."""

    count: int
    activities: int
    kronor: int
    # The largest by money at stake, each naming the activity, the running unit and the hurt one.
    largest: list[ConflictRow]


def open_conflicts(
    *, limit: int = TOP_CONFLICTS, unit_ids: Collection[int] | None = None
) -> OpenConflicts:
    """How many raised conflicts wait for a decision, the kronor at stake (each activity once)
    and the ``limit`` largest, for the overview's list of what to act on and the period report.
    ``unit_ids`` keeps those where one of the units runs the activity or is hurt (a board's
    report), as the list's unit filter does.

    Queries: the summary (1), the largest (1, none when nothing is open).
    """
    queryset = Conflict.objects.open()
    if unit_ids is not None:
        queryset = queryset.filter(
            Q(activity__owner_unit_id__in=unit_ids) | Q(hurt_unit_id__in=unit_ids)
        )
    rows = _raised_rows(queryset).order_by()
    summary = _summary(rows)
    largest = _to_rows(list(rows.order_by(*ORDERING)[:limit])) if summary.count else []
    return OpenConflicts(
        count=summary.count, activities=summary.activities, kronor=summary.kronor, largest=largest
    )


@dataclass
class CellConflicts:
    """Open raised conflicts in one cell of the overview's matrix (a top-level unit and a council
    goal): about the unit's activities (``runs``) and about the unit's goals (``hurt``)."""

    runs: int = 0
    hurt: int = 0


def open_conflicts_by_cell() -> dict[tuple[int, int], CellConflicts]:
    """Open raised conflicts per (top-level unit id, council goal id), from both sides: the unit
    that runs the activity and the unit whose goal is hurt. One query (a UNION ALL of two
    GROUP BYs); conflicts on the vision or on units outside the administrations and companies
    are left out, as the matrix has no cell for them."""
    base = Conflict.objects.open().filter(goal__council_goal__isnull=False)
    runs = (
        base.filter(activity__owner_unit__top_unit__kind__in=Unit.TOP_LEVEL_KINDS)
        .values_list(
            Value("runs", output_field=CharField()),
            "activity__owner_unit__top_unit_id",
            "goal__council_goal_id",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    hurt = (
        base.filter(hurt_unit__top_unit__kind__in=Unit.TOP_LEVEL_KINDS)
        .values_list(
            Value("hurt", output_field=CharField()),
            "hurt_unit__top_unit_id",
            "goal__council_goal_id",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    cells: dict[tuple[int, int], CellConflicts] = {}
    for side, unit_id, goal_id, n in runs.union(hurt, all=True):
        cell = cells.setdefault((unit_id, goal_id), CellConflicts())
        setattr(cell, side, n)
    return cells


@dataclass
class CellConflictList:
    """The open raised conflicts of one cell of the overview's matrix, the largest first."""

    shown: list[ConflictRow]
    # More than shown: the conflict list, filtered to the unit and the goal, has the rest.
    has_more: bool = False


def open_conflicts_in_cell(*, unit_id: int, goal_id: int, limit: int) -> CellConflictList:
    """The open raised conflicts that open_conflicts_by_cell() counts in the cell of a top-level
    unit and a council goal: about the activities of the unit (departments included) or against
    its goals, on the council goal or a goal below it. The ``limit`` largest by money at stake,
    in one query (one row more than shown tells whether there are more)."""
    rows = _raised_rows(
        Conflict.objects.open()
        .filter(goal__council_goal_id=goal_id)
        .filter(Q(activity__owner_unit__top_unit_id=unit_id) | Q(hurt_unit__top_unit_id=unit_id))
    )
    found = _to_rows(list(rows.order_by(*ORDERING)[: limit + 1]))
    return CellConflictList(shown=found[:limit], has_more=len(found) > limit)


def conflicts_for_activity(*, activity_id: int) -> list[Conflict]:
    """Every raised conflict about the activity, newest first, with the goal and hurt unit (one
    query), for the activity's page."""
    return list(
        Conflict.objects.filter(activity_id=activity_id)
        .select_related("goal", "hurt_unit")
        .order_by("-raised_at", "-pk")
    )
