"""Reads for the process pages, the rollout matrix, the process owner's cockpit and the rollout
parts of the overview and the unit pages.

Each function answers with a fixed number of SQL queries, whatever the size of the group.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.core.paginator import Page
from django.db import connection
from django.db.models import Count, F, Lookup, Q, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from goals.models import Activity, ActivityCell, Goal, OverlapSuggestion
from goals.selectors import activity_table_queryset
from processes.models import Implementation, Process, ProcessArea, Stage
from processes.permissions import can_edit_implementation, implementation_editor
from vaxjo_riktning import paging
from vaxjo_riktning.history import newest_events, newest_events_sql
from vaxjo_riktning.models import Role, RoleAssignment, Unit, User
from vaxjo_riktning.permissions import can_edit_activity, owned_process_area_ids

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STAGES = [(value, label, level) for level, (value, label) in enumerate(Stage.choices)]


def top_units(queryset: QuerySet[Unit] | None = None) -> list[Unit]:
    """The matrix's columns: the administrations, then the parent company, then the companies.
    (Of ``queryset``, the top-level units with something more, when given.)"""
    queryset = Unit.objects.top_level() if queryset is None else queryset
    units = list(queryset.order_by("sort_order", "name"))
    order = {Unit.Kind.ADMINISTRATION: 0, Unit.Kind.PARENT_COMPANY: 1, Unit.Kind.COMPANY: 2}
    return sorted(units, key=lambda u: order[u.kind])


# --- The rollout matrix ---------------------------------------------------------------------------


@dataclass
class RolloutCell:
    process: Process
    unit: Unit
    implementation: Implementation | None
    editable: bool = False

    @property
    def stage(self) -> str:
        return self.implementation.stage if self.implementation else Stage.NOT_STARTED

    @property
    def stage_label(self) -> StrOrPromise:
        return Stage(self.stage).label

    @property
    def level(self) -> int:
        return Stage.level(self.stage)

    @property
    def version(self) -> int:
        return self.implementation.version if self.implementation else 0

    @property
    def contact(self) -> str:
        return self.implementation.contact if self.implementation else ""

    @property
    def note(self) -> str:
        return self.implementation.note if self.implementation else ""


@dataclass
class ProcessRow:
    process: Process
    cells: list[RolloutCell]

    @property
    def stage_counts(self) -> list[int]:
        counts = [0] * len(Stage.values)
        for cell in self.cells:
            counts[cell.level] += 1
        return counts


@dataclass
class AreaBlock:
    area: ProcessArea
    rows: list[ProcessRow] = field(default_factory=list)


@dataclass
class RolloutMatrix:
    units: list[Unit]
    areas: list[AreaBlock]
    editable: bool = False

    @property
    def process_count(self) -> int:
        return sum(len(block.rows) for block in self.areas)

    @property
    def stage_totals(self) -> list[tuple[str, StrOrPromise, int]]:
        counts = [0] * len(Stage.values)
        for block in self.areas:
            for row in block.rows:
                for level, n in enumerate(row.stage_counts):
                    counts[level] += n
        return [(value, label, counts[level]) for value, label, level in STAGES]


# Everything the rollout matrix shows: the implementations, processes and process areas
# (inserts, updates and deletes, by whatever writes them); newest_events() adds the unit tree.
# The overview keeps its heat map's HTML under their fingerprint.
ROLLOUT_EVENTS = [
    "processes.ImplementationEvent",
    "processes.ProcessEvent",
    "processes.ProcessAreaEvent",
]


def rollout_matrix(
    *,
    user: User | None = None,
    area: ProcessArea | None = None,
    units: list[Unit] | None = None,
) -> RolloutMatrix:
    """Processes (rows, grouped by area) against the top-level units (columns, top_units() unless
    given), each cell the unit's stage with its contact and note, and whether ``user`` may
    change it.

    Queries: top-level units (1, unless given), processes with area and owner (1),
    implementations (1).
    """
    units = top_units() if units is None else units
    queryset = Process.objects.select_related("area", "owner").order_by(
        "area__sort_order", "area__name", "sort_order", "name"
    )
    if area is not None:
        queryset = queryset.filter(area=area)
    processes = list(queryset)
    found = {
        (i.process_id, i.unit_id): i
        for i in Implementation.objects.filter(
            process__in=[p.pk for p in processes], unit__in=[u.pk for u in units]
        )
    }
    blocks: dict[int, AreaBlock] = {}
    any_editable = False
    may_edit = implementation_editor(user) if user is not None else None
    for process in processes:
        block = blocks.setdefault(process.area_id, AreaBlock(area=process.area))
        cells = []
        for unit in units:
            editable = may_edit is not None and may_edit(process, unit)
            any_editable = any_editable or editable
            cells.append(
                RolloutCell(
                    process=process,
                    unit=unit,
                    implementation=found.get((process.pk, unit.pk)),
                    editable=editable,
                )
            )
        block.rows.append(ProcessRow(process=process, cells=cells))
    return RolloutMatrix(units=units, areas=list(blocks.values()), editable=any_editable)


def _rollout_page_state_sql() -> str:
    """The newest event of each of ROLLOUT_EVENTS and a hash of the processes' owners' names."""
    quote = connection.ops.quote_name
    owners = (
        "coalesce((SELECT md5(string_agg(row(o.id, o.first_name, o.last_name, o.username)::text,"
        f" ',' ORDER BY o.id)) FROM {quote(User._meta.db_table)} o"
        f" WHERE o.id IN (SELECT owner_id FROM {quote(Process._meta.db_table)})), '')"
    )
    return newest_events_sql(ROLLOUT_EVENTS, units=False, more=(owners,))


def rollout_page_columns() -> tuple[list[Unit], str]:
    """The rollout matrix's columns (as top_units()) and a fingerprint of everything the rollout
    page shows, for its HTML kept in the cache: the implementations, processes and process areas
    (their newest events: inserts, updates and deletes, by whatever writes them), the
    processes' owners by name (a person's name is not in the history, and a sign-in with the
    municipal account may change it) and the columns themselves as the page shows them.

    Queries: the top-level units with the newest events and the owners' names (1), so that a
    visit with the page in the cache reads nothing else, and one without it no more than before.
    Without top-level units the fingerprint is empty.
    """
    units = top_units(
        Unit.objects.top_level().annotate(rollout_state=RawSQL(_rollout_page_state_sql(), ()))
    )
    # (The same on every row: the annotation is the query's, not the unit's.)
    state = units[0].rollout_state if units else ""  # type: ignore[attr-defined]
    shown = repr([(u.pk, u.name, u.short_name, u.slug, u.kind, u.sort_order) for u in units])
    return units, f"{state}:{hashlib.blake2b(shown.encode(), digest_size=8).hexdigest()}"


def rollout_cell(*, user: User, process: Process, unit: Unit) -> RolloutCell:
    """One cell as it is now. Queries: the implementation (1)."""
    return RolloutCell(
        process=process,
        unit=unit,
        implementation=Implementation.objects.filter(process=process, unit=unit).first(),
        editable=can_edit_implementation(user, process=process, unit=unit),
    )


@dataclass
class UnitRollout:
    unit: Unit
    cells: list[RolloutCell]


def unit_rollout(*, unit: Unit, user: User | None = None) -> UnitRollout | None:
    """The unit's column of the matrix: every process with the stage of the unit's top unit.
    None for the group or the municipality, which have no column.

    Queries: processes with their area (1), the unit's implementations (1), and for a
    department its top unit (1).
    """
    top_id = unit.top_unit_id if unit.top_unit_id else unit.pk
    if unit.kind not in Unit.TOP_LEVEL_KINDS and top_id == unit.pk:
        return None
    # A department shows its administration's (or company's) column: one query more for it.
    top = unit if top_id == unit.pk else Unit.objects.get(pk=top_id)
    processes = list(
        Process.objects.select_related("area", "owner").order_by(
            "area__sort_order", "area__name", "sort_order", "name"
        )
    )
    found = {i.process_id: i for i in Implementation.objects.filter(unit_id=top_id)}
    cells = [
        RolloutCell(
            process=p,
            unit=top,
            implementation=found.get(p.pk),
            editable=user is not None
            and top_id == unit.pk
            and can_edit_implementation(user, process=p, unit=unit),
        )
        for p in processes
    ]
    return UnitRollout(unit=top, cells=cells)


# --- History of the rollout -----------------------------------------------------------------------


@dataclass
class RolloutChange:
    when: datetime
    user: User | None
    source: str
    process: Process | None
    unit: Unit | None
    stage_label: str
    previous_label: str
    contact: str
    note: str
    created: bool


def rollout_changes(
    *, process: Process | None = None, unit: Unit | None = None, limit: int = 20
) -> list[RolloutChange]:
    """The latest changes of the rollout, newest first, with who made them: of one process, one
    cell (process and unit) or one unit.

    Queries: the events with their context, process and unit (1), the people (1, when any).
    """
    event_model = apps.get_model("processes", "ImplementationEvent")
    events = event_model.objects.select_related("pgh_context", "process", "unit").order_by(
        "-pgh_created_at", "-pgh_id"
    )
    if process is not None:
        events = events.filter(process=process)
    if unit is not None:
        events = events.filter(unit=unit)
    events = list(events[: limit + 1])
    user_ids = set()
    for event in events:
        metadata = event.pgh_context.metadata if event.pgh_context else {}
        if metadata.get("user"):
            user_ids.add(metadata["user"])
    users = User.objects.in_bulk(user_ids) if user_ids else {}
    changes = []
    labels = dict(Stage.choices)
    # The event before each one of the same cell, when it is in the window read.
    for position, event in enumerate(events[:limit]):
        previous = next(
            (
                e
                for e in events[position + 1 :]
                if (e.process_id, e.unit_id) == (event.process_id, event.unit_id)
            ),
            None,
        )
        metadata = event.pgh_context.metadata if event.pgh_context else {}
        changes.append(
            RolloutChange(
                when=event.pgh_created_at,
                user=users.get(metadata.get("user")),
                source=str(metadata.get("source") or metadata.get("command") or ""),
                process=event.process,
                unit=event.unit,
                stage_label=str(labels.get(event.stage, event.stage)),
                previous_label=str(labels.get(previous.stage, "")) if previous else "",
                contact=event.contact,
                note=event.note,
                created=event.pgh_label == "insert",
            )
        )
    return changes


# --- The process pages ----------------------------------------------------------------------------


@dataclass
class AreaSummary:
    area: ProcessArea
    processes: list[Process]
    owners: list[User]


def process_areas() -> list[AreaSummary]:
    """Every process area with its processes, their owners and goals, and the area's process
    owners. Queries: areas with their owning unit (1), processes with owners (1), their goals
    (1), the process owners' role assignments (1)."""
    areas = list(ProcessArea.objects.select_related("owner_unit").order_by("sort_order", "name"))
    processes = Process.objects.select_related("owner").prefetch_related("goals")
    by_area: dict[int, list[Process]] = {}
    for process in processes.order_by("sort_order", "name"):
        by_area.setdefault(process.area_id, []).append(process)
    owners: dict[int, list[User]] = {}
    for assignment in (
        RoleAssignment.objects.filter(role=Role.PROCESS_OWNER)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    ):
        # (A process owner's assignment always has an area: a check constraint says so.)
        if assignment.process_area_id is not None:
            owners.setdefault(assignment.process_area_id, []).append(assignment.user)
    return [
        AreaSummary(area=a, processes=by_area.get(a.pk, []), owners=owners.get(a.pk, []))
        for a in areas
    ]


@dataclass
class UnitActivities:
    unit_id: int
    name: str
    slug: str
    count: int


@dataclass
class GoalServed:
    goal_id: int
    code: str
    title: str
    supports: int = 0
    counteracts: int = 0


class _AnyOf(Lookup):
    """``column = ANY(array)``: the column equal to an element of the array."""

    lookup_name = "any_of"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


@dataclass
class ProcessActivities:
    """The process's active activities by top unit, the first of them in the page's order, and
    the council goals they serve."""

    by_unit: list[UnitActivities]
    activities: list[Activity]
    goals_served: list[GoalServed]

    @property
    def activity_total(self) -> int:
        return sum(row.count for row in self.by_unit)


@dataclass
class ProcessPage:
    process: Process
    cells: list[RolloutCell]
    stated_goals: list[Goal]
    changes: list[RolloutChange]
    # The fingerprint of what the parts read by process_activities() show (see
    # PROCESS_PAGE_EVENTS): the page keeps their HTML in the cache under it, so they are read
    # only when it is not there.
    state: str
    limit: int

    @cached_property
    def _activities(self) -> ProcessActivities:
        return process_activities(self.process, limit=self.limit)

    @property
    def by_unit(self) -> list[UnitActivities]:
        return self._activities.by_unit

    @property
    def activities(self) -> list[Activity]:
        return self._activities.activities

    @property
    def activity_total(self) -> int:
        return self._activities.activity_total

    @property
    def goals_served(self) -> list[GoalServed]:
        return self._activities.goals_served


# What the process page's activities by unit, its first activities and the council goals they
# serve show: the activities (their process, unit, title, status, withdrawal), their
# contributions, the goals (council goal, code, title, order) and the processes (name, slug);
# the page's state adds the unit tree (a unit's top unit, names and order).
PROCESS_PAGE_EVENTS = [
    "goals.ActivityEvent",
    "goals.ContributionEvent",
    "goals.GoalEvent",
    "processes.ProcessEvent",
]


def process_page(*, slug: str, user: User, limit: int | None = None) -> ProcessPage:
    """A process with its owner, its rollout across the units, its active activities by unit
    (counts, and the first ``limit`` of them), the council goals they serve, and the latest
    changes of its rollout.

    Queries: the process with area and owner and the page's state (1), the goals it states (1),
    the top-level units (1), its implementations (1), rollout changes (2); and the activities'
    parts when the page asks for them (4, see process_activities()).
    """
    process = get_object_or_404(
        Process.objects.select_related("area", "owner").annotate(
            page_state=RawSQL(newest_events_sql(PROCESS_PAGE_EVENTS), ())
        ),
        slug=slug,
    )
    stated_goals = list(process.goals.order_by("sort_order", "code", "title"))
    units = top_units()
    found = {i.unit_id: i for i in Implementation.objects.filter(process=process)}
    may_edit = implementation_editor(user)
    cells = [
        RolloutCell(
            process=process, unit=u, implementation=found.get(u.pk), editable=may_edit(process, u)
        )
        for u in units
    ]
    return ProcessPage(
        process=process,
        cells=cells,
        stated_goals=stated_goals,
        changes=rollout_changes(process=process, limit=15),
        state=process.page_state,  # type: ignore[attr-defined]
        limit=limit or settings.PAGE_SIZE,
    )


def process_activities(process: Process, *, limit: int) -> ProcessActivities:
    """The process's active activities by top unit, the first ``limit`` of them in the page's
    order (with their unit, process and contributions), and the council goals they serve.

    Queries: activities per top unit (1), the first activities with their contributions (2),
    council goals served (1).
    """
    active = Activity.objects.active().filter(process=process)
    by_unit = [
        UnitActivities(
            unit_id=row["owner_unit__top_unit_id"],
            name=row["owner_unit__top_unit__name"],
            slug=row["owner_unit__top_unit__slug"],
            count=row["n"],
        )
        for row in active.values(
            "owner_unit__top_unit_id",
            "owner_unit__top_unit__name",
            "owner_unit__top_unit__slug",
            "owner_unit__top_unit__sort_order",
        )
        .annotate(n=Count("id"))
        .order_by("owner_unit__top_unit__sort_order", "owner_unit__top_unit__name")
        if row["owner_unit__top_unit_id"] is not None
    ]
    activities = list(
        activity_table_queryset(
            active.order_by("owner_unit__top_unit__sort_order", "owner_unit__name", "title", "pk")
        )[:limit]
    )
    goals: dict[int, GoalServed] = {}
    # From goals.ActivityCell (an active activity's council goals and effects, once each) by the
    # process's activity ids as an array: PostgreSQL then reads the cells of those activities
    # from their index alone, where a join to the activities had it hash every contribution
    # (174,000 of them at 100,000 activities: 38 ms; this 8 ms).
    for row in (
        ActivityCell.objects.filter(
            _AnyOf(F("activity_id"), ArraySubquery(active.order_by().values("pk")))
        )
        .values(
            "council_goal_id",
            "council_goal__code",
            "council_goal__title",
            "council_goal__sort_order",
            "effect",
        )
        .annotate(n=Count("activity_id", distinct=True))
        .order_by("council_goal__sort_order", "council_goal__code")
    ):
        goal_id = row["council_goal_id"]
        served = goals.setdefault(
            goal_id,
            GoalServed(
                goal_id=goal_id,
                code=row["council_goal__code"],
                title=row["council_goal__title"],
            ),
        )
        setattr(served, row["effect"], row["n"])
    return ProcessActivities(
        by_unit=by_unit, activities=activities, goals_served=list(goals.values())
    )


# --- The process owner's cockpit ------------------------------------------------------------------


@dataclass
class CockpitRow:
    """One row of the cockpit's table: an activity and whether the user may edit it."""

    activity: Activity
    may_edit: bool


@dataclass
class Cockpit:
    area: ProcessArea
    areas: list[ProcessArea]
    processes: list[Process]
    overlaps: list[OverlapSuggestion]
    overlap_total: int
    # The page of activities (for the count and the page links) and its rows, in the same order.
    activities: Page[Activity]
    rows: list[CockpitRow]
    owner: bool
    # The filters in use, for the links and the selects.
    process: Process | None = None
    unit: Unit | None = None

    @property
    def overlaps_capped(self) -> bool:
        return self.overlap_total > COCKPIT_OVERLAP_COUNT_CAP

    @property
    def overlap_cap(self) -> int:
        return COCKPIT_OVERLAP_COUNT_CAP


COCKPIT_OVERLAPS = 10
COCKPIT_OVERLAP_COUNT_CAP = 100
# What the cockpit reads of its activities and does not show: left in the database.
COCKPIT_UNREAD_FIELDS = ("description", "owner_unit__description", "process__description")
# What the list of pairs shows: the score, and each side's title, unit and process.
COCKPIT_PAIR_FIELDS = (
    "score",
    *(
        f"{side}__{name}"
        for side in ("activity_a", "activity_b")
        for name in (
            "title",
            "owner_unit__name",
            "owner_unit__short_name",
            "process__name",
        )
    ),
)


# What decides which activities a page of the cockpit lists, and in which order: the activities
# (withdrawn, moved to another process, retitled, given to another unit) and the processes (in
# which area); newest_events() adds the unit tree (the top unit and its place, the order).
COCKPIT_PAGE_EVENTS = ["goals.ActivityEvent", "processes.ProcessEvent"]
# The page's place in the cache is renewed by any change to them; this only bounds how long an
# unused one stays.
COCKPIT_PAGE_SECONDS = 24 * 60 * 60


def _cockpit_page(queryset: QuerySet[Activity], *, filters: str, page: Any) -> Page[Activity]:
    """The page of ``queryset`` Paginator.get_page() would give, with the number of activities.

    The number, the page's number and its activities' ids are kept in the cache under the
    fingerprint of what decides them (COCKPIT_PAGE_EVENTS) and the filters: counting the
    area's activities and sorting them by top unit and title read 7,000 of them at 100,000
    activities (16 ms and 20 ms). The activities themselves are read by id on every visit, so
    what a row shows is always as saved.

    Queries: the fingerprint (1); the page's activities (1), when not cached with their number
    counted in the same query (a window over the rows), and one or two more for a page past the
    last.
    """
    number = paging.page_number(page)
    size = settings.PAGE_SIZE
    key = f"riktning:cockpit:page:{newest_events(COCKPIT_PAGE_EVENTS)}:{filters}:{number}"
    cached: tuple[int, int, list[int]] | None = cache.get(key)
    if cached is not None:
        count, shown, ids = cached
        # (By id: the order is the ids', so the query need not sort or join the top units.)
        found = queryset.order_by().in_bulk(ids)
        return Page([found[pk] for pk in ids], shown, paging.counted(count))
    offset = ((number or 1) - 1) * size
    counted = list(queryset.annotate(cockpit_total=Window(Count("pk")))[offset : offset + size])
    # No row on a page past the first: the number is counted on its own.
    count = counted[0].cockpit_total if counted else (queryset.count() if offset else 0)
    rows: list[Activity] = []
    for row in counted:
        del row.cockpit_total
        rows.append(row)
    shown = paging.shown_page(number, count)
    if shown != (number or 1) and count:
        # Asked for a page past the last (a link from before a change): the last one.
        rows = list(queryset[(shown - 1) * size : shown * size])
    cache.set(key, (count, shown, [row.pk for row in rows]), COCKPIT_PAGE_SECONDS)
    return Page(rows, shown, paging.counted(count))


def cockpit_areas(user: User) -> list[ProcessArea]:
    """The areas the cockpit may show, the user's own first. Queries: the areas (1)."""
    owned = owned_process_area_ids(user)
    areas = list(ProcessArea.objects.order_by("sort_order", "name"))
    return sorted(areas, key=lambda a: a.pk not in owned)


def cockpit(
    *,
    user: User,
    area: ProcessArea,
    areas: list[ProcessArea],
    process_slug: str = "",
    unit_slug: str = "",
    page: Any = None,
) -> Cockpit:
    """Every active activity of the area's processes, in whichever unit, one page at a time, with
    the open overlap suggestions among them first. Optionally narrowed to one process or one top
    unit (an unknown slug is ignored).

    Queries: the area's processes (1), the top unit when asked (1), the open overlap suggestions
    among the activities with both sides (1) and their number (1), the page of activities with
    their number (2, see _cockpit_page()).
    """
    processes = list(Process.objects.filter(area=area))
    process = next((p for p in processes if p.slug == process_slug), None)
    unit = Unit.objects.top_level().filter(slug=unit_slug).first() if unit_slug else None

    activities: QuerySet[Activity] = Activity.objects.active().filter(process__area=area)
    if process is not None:
        activities = activities.filter(process=process)
    if unit is not None:
        activities = activities.filter(owner_unit__top_unit=unit)

    # By the area's process ids, not a join to the area: the planner then reads the open pairs
    # and stops at the cap below (5 ms at 100,000 activities and 256,000 open pairs), where the
    # join had it walk the activities of every process by process id first (60 ms).
    process_ids = [p.pk for p in processes]
    in_area = Q(activity_a__process_id__in=process_ids, activity_b__process_id__in=process_ids)
    open_pairs = OverlapSuggestion.objects.open().filter(
        in_area,
        activity_a__withdrawn_at__isnull=True,
        activity_b__withdrawn_at__isnull=True,
    )
    if process is not None:
        open_pairs = open_pairs.filter(
            Q(activity_a__process=process) | Q(activity_b__process=process)
        )
    if unit is not None:
        open_pairs = open_pairs.filter(
            Q(activity_a__owner_unit__top_unit=unit) | Q(activity_b__owner_unit__top_unit=unit)
        )
    overlaps = list(
        open_pairs.select_related(
            "activity_a__owner_unit",
            "activity_a__process",
            "activity_b__owner_unit",
            "activity_b__process",
        )
        .only(*COCKPIT_PAIR_FIELDS)
        .order_by("-score", "pk")[:COCKPIT_OVERLAPS]
    )
    # Counted up to a cap: the exact number of thousands of pairs says no more than "many", and
    # counting them all read every open suggestion (170 ms at 100,000 activities).
    overlap_total = open_pairs.order_by()[: COCKPIT_OVERLAP_COUNT_CAP + 1].count()

    # The rows show the activity's title, status, unit and process, not its goals: nothing is
    # prefetched, and the descriptions (a few hundred characters each) stay in the database.
    ordered = (
        activities.select_related("owner_unit", "process")
        .defer(*COCKPIT_UNREAD_FIELDS)
        .order_by("owner_unit__top_unit__sort_order", "title", "pk")
    )
    filters = f"{area.pk}:{process.pk if process else ''}:{unit.pk if unit else ''}"
    page_obj = _cockpit_page(ordered, filters=filters, page=page)
    return Cockpit(
        area=area,
        areas=areas,
        processes=processes,
        overlaps=overlaps,
        overlap_total=overlap_total,
        activities=page_obj,
        rows=[CockpitRow(a, can_edit_activity(user, a)) for a in page_obj.object_list],
        owner=area.pk in owned_process_area_ids(user) or user.is_administrator,
        process=process,
        unit=unit,
    )


def cockpit_row(*, user: User, activity: Activity) -> tuple[CockpitRow, list[Process]]:
    """One row of the cockpit read again after a change to its activity, and the processes it
    may be moved to (those of its process's area; read only when the user may edit it).

    Queries: the activity with its unit and process (1), the area's processes (1) when the user
    may edit it.
    """
    activity = (
        Activity.objects.select_related("owner_unit", "process")
        .defer(*COCKPIT_UNREAD_FIELDS)
        .get(pk=activity.pk)
    )
    may_edit = can_edit_activity(user, activity)
    processes = (
        list(Process.objects.filter(area_id=activity.process.area_id))
        if may_edit and activity.process is not None
        else []
    )
    return CockpitRow(activity, may_edit), processes


# --- The rollout report ---------------------------------------------------------------------------


def area_report(*, slug: str) -> tuple[ProcessArea, RolloutMatrix, list[User]]:
    """One area's rollout for the group management meeting: its matrix and its process owners.

    Queries: the area (1), the matrix (3), the owners (1).
    """
    area = get_object_or_404(ProcessArea.objects.select_related("owner_unit"), slug=slug)
    matrix = rollout_matrix(area=area)
    owners = [
        a.user
        for a in RoleAssignment.objects.filter(role=Role.PROCESS_OWNER, process_area=area)
        .select_related("user")
        .order_by("user__last_name", "user__username")
    ]
    return area, matrix, owners
