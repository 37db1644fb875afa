"""Reads for the chief executive's overview and the unit pages.

Each function answers with a fixed number of SQL queries, whatever the size of the group: the
overview matrix is one aggregate over the contributions, rolled up through the derived
Unit.top_unit and Goal.council_goal columns.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from goals.conflicts.selectors import CellConflictList, CellConflicts, open_conflicts_in_cell
from goals.followup.selectors import FOLLOWUP_EVENTS, followup_state, overview_followup
from goals.models import Activity, ActivityCell, CellTotal, Contribution, Goal, UnitActivityCount
from goals.overlap import selectors as overlap_selectors
from goals.overlap.cases import CellDuplicates, cell_duplicates
from goals.selectors import (
    active_activity_count,
    activity_table_queryset,
    with_focus_contributions,
)
from goals.services import fold_kept_counts
from processes.selectors import ROLLOUT_EVENTS
from vaxjo_riktning import act_on
from vaxjo_riktning.history import newest_events, newest_events_of
from vaxjo_riktning.models import Unit

Effect = Contribution.Effect


# --- The overview matrix ------------------------------------------------------------------------


@dataclass
class Cell:
    unit: Unit
    goal: Goal
    supports: int = 0
    counteracts: int = 0
    # The combined budget (budget_sek) of those activities, each counted once; an activity
    # without a budget adds nothing.
    supports_kronor: int = 0
    counteracts_kronor: int = 0
    # Whether the cell's goal is uncovered in the whole group (set once the totals are known).
    uncovered: bool = False
    # Open conflicts raised about the unit's activities or against its goals, and how many of
    # its activities are in duplicated work (set by overview() from the act-on list's cache,
    # which changes when a conflict, a pair or a case does).
    conflicts: CellConflicts | None = None
    duplicates: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.supports or self.counteracts)


@dataclass
class Row:
    unit: Unit
    cells: list[Cell]


@dataclass
class Column:
    goal: Goal
    supports: int = 0
    counteracts: int = 0
    supports_kronor: int = 0
    counteracts_kronor: int = 0

    @property
    def uncovered(self) -> bool:
        """No unit runs any activity that supports the goal."""
        return self.supports == 0


@dataclass
class Matrix:
    columns: list[Column]
    administrations: list[Row]
    companies: list[Row]
    active_activities: int

    @property
    def unit_count(self) -> int:
        return len(self.administrations) + len(self.companies)

    @property
    def uncovered_count(self) -> int:
        return sum(1 for column in self.columns if column.uncovered)


def _cell_aggregate() -> dict[tuple[int | None, int], dict[str, tuple[int, int]]]:
    """Per (top unit, council goal) and effect: the number of active activities and their
    combined budget, each activity counted once in a cell however many of its contributions fall
    in it (one to the council goal and one to a unit goal below it, say).

    One query over goals.CellTotal, which the database keeps per cell as writes happen
    (goals/migrations/0034_cell_totals.py): a few thousand rows, read from their covering
    index, where adding up goals.ActivityCell's 170,000 rows at 100,000 activities took 25-47
    ms (and that had replaced a join of every contribution with its activity, goal and unit,
    made distinct per cell on each visit)."""
    found: dict[tuple[int | None, int], dict[str, tuple[int, int]]] = {}
    rows = (
        CellTotal.objects.filter(top_unit__isnull=False)
        .values_list("top_unit_id", "council_goal_id", "effect")
        .annotate(n=Sum("activities"), kronor=Sum("budget_sek"))
        .order_by()
    )
    for unit_id, goal_id, effect, n, kronor in rows:
        if n:
            found.setdefault((unit_id, goal_id), {})[effect] = (int(n), int(kronor))
    return found


def overview_matrix() -> Matrix:
    """Top-level units against active council goals, with the number of active activities that
    support and counteract each goal in each unit (departments counted in their administration
    or company, unit goals in their council goal) and their combined budget.

    Queries: top-level units (1), active council goals (1), the aggregate (1), the number of
    active activities (1, adding up goals.UnitActivityCount's rows).
    """
    units = list(Unit.objects.top_level().order_by("sort_order", "name"))
    goals = list(
        Goal.objects.council_goals().active().order_by("sort_order", "code", "title", "pk")
    )
    counts = _cell_aggregate()

    columns = [Column(goal=goal) for goal in goals]
    administrations: list[Row] = []
    companies: list[Row] = []
    for unit in units:
        cells = []
        for column in columns:
            found = counts.get((unit.pk, column.goal.pk), {})
            supports, supports_kronor = found.get(Effect.SUPPORTS, (0, 0))
            counteracts, counteracts_kronor = found.get(Effect.COUNTERACTS, (0, 0))
            cell = Cell(
                unit=unit,
                goal=column.goal,
                supports=supports,
                counteracts=counteracts,
                supports_kronor=supports_kronor,
                counteracts_kronor=counteracts_kronor,
            )
            # The totals are over the rows shown, so the column adds up on screen. An activity
            # belongs to one unit, so summing rows counts no activity twice.
            column.supports += cell.supports
            column.counteracts += cell.counteracts
            column.supports_kronor += cell.supports_kronor
            column.counteracts_kronor += cell.counteracts_kronor
            cells.append(cell)
        (companies if unit.is_company else administrations).append(Row(unit=unit, cells=cells))
    for row in administrations + companies:
        for cell, column in zip(row.cells, columns, strict=True):
            cell.uncovered = column.uncovered
    # The parent company heads the companies.
    companies.sort(key=lambda row: row.unit.kind != Unit.Kind.PARENT_COMPANY)

    return Matrix(
        columns=columns,
        administrations=administrations,
        companies=companies,
        active_activities=active_activity_count(),
    )


@dataclass
class CellActivities:
    unit: Unit
    goal: Goal
    activities: list[Activity]
    total: int
    # What the cell's markers count: the open duplicate cases and strong pairs its activities
    # are in, and the open conflicts about its activities or against its goals.
    duplicates: CellDuplicates = field(default_factory=CellDuplicates)
    conflicts: CellConflictList = field(default_factory=lambda: CellConflictList(shown=[]))

    @property
    def more(self) -> int:
        return self.total - len(self.activities)


def overview_cell(*, unit_slug: str, goal_pk: str, limit: int | None = None) -> CellActivities:
    """The active activities of a top-level unit (and its departments) that bear on a council
    goal (or a unit goal below it), each with its contributions to that goal; the open duplicate
    cases and strong pairs those activities are in, and the open conflicts the cell's marker
    counts. 404 for an unknown unit or goal.

    Queries: the unit (1), the goal (1), the count (1), the activities (1), their contributions
    (1) and their contributions to this goal (1), the duplicate cases and pairs (1), the
    conflicts (1).
    """
    limit = limit or settings.PAGE_SIZE
    unit = get_object_or_404(Unit.objects.top_level(), slug=unit_slug)
    if not goal_pk.isdigit():
        raise Http404("No such goal.")
    goal = get_object_or_404(Goal.objects.council_goals(), pk=int(goal_pk))
    focus = Contribution.objects.filter(goal__council_goal=goal)
    # The cell's activities are its rows in goals.ActivityCell, which the matrix counts: the
    # number on the cell and the list it opens cannot disagree.
    in_cell = ActivityCell.objects.filter(top_unit=unit, council_goal=goal)
    queryset = Activity.objects.filter(pk__in=in_cell.values("activity_id").order_by())
    total = queryset.count()
    activities = (
        list(
            with_focus_contributions(
                activity_table_queryset(queryset.order_by("title", "pk")), contributions=focus
            )[:limit]
        )
        if total
        else []
    )
    return CellActivities(
        unit=unit,
        goal=goal,
        activities=activities,
        total=total,
        duplicates=cell_duplicates(unit_id=unit.pk, goal_id=goal.pk, limit=limit),
        conflicts=open_conflicts_in_cell(unit_id=unit.pk, goal_id=goal.pk, limit=limit),
    )


# --- The sub-optimisation tiles above the matrix -------------------------------------------------


@dataclass
class Signals:
    open_overlaps: int
    counteractions: int
    goals_without_activity: int
    activities_without_goal: int
    # Top-level unit × council goal pairs without supporting activity: the matrix's cells.
    unit_gaps: int


def overview_signals(*, matrix: Matrix, open_overlaps: int | None = None) -> Signals:
    """The numbers on the overview's tiles, each linking to its list.

    Queries: open overlap suggestions (1, none when given), counteractions (1), goals without
    any supporting activity (1), active activities without goal (1). The unit gaps come from
    the matrix.
    """
    return Signals(
        open_overlaps=(
            overlap_selectors.open_overlap_count() if open_overlaps is None else open_overlaps
        ),
        # The support per unit and council goal is the matrix's: no query of its own.
        counteractions=overlap_selectors.counteraction_count(
            support=overlap_selectors.support_from_cells(
                cell for row in matrix.administrations + matrix.companies for cell in row.cells
            )
        ),
        goals_without_activity=overlap_selectors.goals_without_activity_count(),
        activities_without_goal=overlap_selectors.activities_without_goal_count(),
        unit_gaps=sum(
            1
            for row in matrix.administrations + matrix.companies
            for cell in row.cells
            if not cell.supports
        ),
    )


# --- The overview, kept while the group stays the same ------------------------------------------

# Long enough to be useful overnight; the key changes with the data, so this only bounds how long
# an unused entry stays.
OVERVIEW_CACHE_SECONDS = 24 * 60 * 60
# Part of the cache key: a new one whenever the cached Matrix changes shape (the kronor per cell
# came with 2), so that what the previous release cached is never read back after a deploy.
OVERVIEW_CACHE_VERSION = 2


GROUP_EVENTS = ["goals.ActivityEvent", "goals.ContributionEvent", "goals.GoalEvent"]


def group_state() -> str:
    """A fingerprint of everything the overview's numbers depend on, in one cheap query.

    Activities, contributions and goals are tracked by django-pghistory's triggers, so the
    newest event id of each changes with every insert, update or delete, bulk updates and raw
    SQL included. Units are not tracked; the tree is small (a few hundred rows), so the
    fingerprint hashes all of it, which also catches a department moved to another administration.
    """
    return newest_events(GROUP_EVENTS)


@dataclass(frozen=True)
class OverviewState:
    """The fingerprints the overview's parts are kept under in the cache, read once per visit:
    the group's (group_state()) for the matrix and its numbers, the act-on list's
    (act_on.state()) for the money and the marks in the matrix's cells, the follow-up's
    (followup_state()) and the rollout's (processes.selectors.ROLLOUT_EVENTS) for the heat map.
    """

    group: str
    act_on: act_on.State
    followup: str
    rollout: str

    @property
    def marks(self) -> str:
        """What the marked matrix depends on: its numbers and the open cases and conflicts."""
        return f"{self.group}:{self.act_on.fingerprint}:{self.act_on.open_pairs}"


def overview_state() -> OverviewState:
    """Queries: the four fingerprints' history events and unit tree, read together (1)."""
    events = newest_events_of(
        {
            "group": GROUP_EVENTS,
            "act_on": act_on.STATE_EVENTS,
            "followup": FOLLOWUP_EVENTS,
            "rollout": ROLLOUT_EVENTS,
        }
    )
    return OverviewState(
        group=events["group"],
        act_on=act_on.state(events["act_on"]),
        followup=followup_state(events["followup"]),
        rollout=events["rollout"],
    )


@dataclass
class OverviewNumbers:
    """The overview's few numbers outside the matrix: the summary under its heading and the
    tiles. Kept apart from the matrix, so that a visit whose matrix is served as HTML from the
    cache does not read the matrix back."""

    active_activities: int
    unit_count: int
    council_goals: int
    signals: Signals

    @property
    def has_matrix(self) -> bool:
        return bool(self.council_goals and self.unit_count)


def _matrix_and_signals(state: OverviewState) -> tuple[Matrix, Signals]:
    """The matrix and the tiles' numbers, from the cache while the group's data is unchanged.

    The matrix aggregates the whole group, and the chief executive's landing page should not
    pay that on every visit. The key is group_state(), so any change to an activity, a
    contribution, a goal or the unit tree, made by any process, gives a new key: nothing has
    to remember to clear it. The open pairs on the tile come from the act-on list's state
    (act_on.state(), which the overlap scan changes too).

    Queries: none on a hit; on a miss overview_matrix's and overview_signals'."""
    key = f"riktning:overview:v{OVERVIEW_CACHE_VERSION}:{state.group}"
    cached = cache.get(key)
    if cached is None:
        matrix = overview_matrix()
        signals = overview_signals(matrix=matrix, open_overlaps=state.act_on.open_pairs)
        cache.set(key, (matrix, signals), OVERVIEW_CACHE_SECONDS)
    else:
        matrix, signals = cached
    return matrix, dataclasses.replace(signals, open_overlaps=state.act_on.open_pairs)


def overview_numbers(state: OverviewState) -> OverviewNumbers:
    """The summary's and the tiles' numbers under the same key as the matrix, but on their own:
    a few bytes to read back instead of the whole matrix. Queries: none on a hit."""
    key = f"riktning:overview-numbers:v{OVERVIEW_CACHE_VERSION}:{state.group}"
    numbers = cache.get(key)
    if numbers is None:
        matrix, signals = _matrix_and_signals(state)
        numbers = OverviewNumbers(
            active_activities=matrix.active_activities,
            unit_count=matrix.unit_count,
            council_goals=len(matrix.columns),
            signals=signals,
        )
        cache.set(key, numbers, OVERVIEW_CACHE_SECONDS)
    signals = dataclasses.replace(numbers.signals, open_overlaps=state.act_on.open_pairs)
    return dataclasses.replace(numbers, signals=signals)


def overview_refresh() -> None:
    """Work out what the overview reads for the group as it is now (see
    vaxjo_riktning.tasks.overview_refresh_task). First the kept counts are folded
    (goals.services.fold_kept_counts()), since the task runs after changes, which add to them."""
    fold_kept_counts()
    state = overview_state()
    overview_numbers(state)
    overview_matrix_marked(state, act_on.cached_money_at_stake(state.act_on))
    overview_followup(state.followup)


def overview_matrix_marked(state: OverviewState, money: act_on.Money) -> Matrix:
    """The matrix with each cell's marks for open goal conflicts and duplicated work, from the
    act-on list's money part (act_on.cached_money_at_stake(state.act_on)).

    Queries: as _matrix_and_signals(); the marks come from `money`."""
    matrix, _ = _matrix_and_signals(state)
    for row in matrix.administrations + matrix.companies:
        for cell in row.cells:
            cell.conflicts = money.conflict_cells.get((row.unit.pk, cell.goal.pk))
            cell.duplicates = money.duplicate_cells.get((row.unit.pk, cell.goal.pk), 0)
    return matrix


# --- Units ----------------------------------------------------------------------------------------


@dataclass
class UnitNode:
    unit: Unit
    activities: int = 0
    # Including every department below the unit.
    activities_in_subtree: int = 0
    children: list[UnitNode] = field(default_factory=list)


def unit_tree() -> list[UnitNode]:
    """The whole group as a tree, each unit with its number of active activities.

    Queries: every unit (1), active activities per owning unit (1).
    """
    nodes = {unit.pk: UnitNode(unit=unit) for unit in Unit.objects.order_by("sort_order", "name")}
    # goals.UnitActivityCount: the rows the database keeps per unit as activities change.
    for unit_id, n in UnitActivityCount.objects.values_list("unit_id", "active"):
        if unit_id in nodes:
            nodes[unit_id].activities = n

    roots: list[UnitNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent is not None else roots).append(node)

    def total(node: UnitNode, seen: set[int]) -> int:
        seen.add(node.unit.pk)
        node.activities_in_subtree = node.activities + sum(
            total(child, seen) for child in node.children if child.unit.pk not in seen
        )
        return node.activities_in_subtree

    seen: set[int] = set()
    for root in roots:
        total(root, seen)
    return roots


@dataclass
class GoalCount:
    goal_id: int
    code: str
    title: str
    supports: int = 0
    counteracts: int = 0


@dataclass
class UnitPage:
    unit: Unit
    departments: list[Unit]
    activities: Page[Activity]
    goals: list[GoalCount]
    cooperations: Page[Activity]


def unit_page(
    *, slug: str, page: str | None = None, cooperation_page: str | None = None
) -> UnitPage:
    """A unit with its departments, the active activities of the unit and its departments (one
    page of them), the council goals they serve and the other units' activities it co-operates
    on (one page of them: a large administration co-operates on hundreds).

    Queries: the unit with its parent (1), every unit (1: the departments and the subtree), the
    number of activities (1), one page of them with their contributions (2), council goal counts
    (1), the number of co-operations (1), one page of them with their contributions (2).
    """
    unit = get_object_or_404(Unit.objects.select_related("parent"), slug=slug)
    units = list(Unit.objects.order_by("sort_order", "name"))
    units_by_pk = {other.pk: other for other in units}
    departments = [other for other in units if other.parent_id == unit.pk]
    subtree = Unit.subtree_ids([unit.pk], tree=((other.pk, other.parent_id) for other in units))

    own: QuerySet[Activity] = activity_table_queryset(
        Activity.objects.active().filter(owner_unit_id__in=subtree).order_by("title", "pk")
    )
    activities = Paginator(own, settings.PAGE_SIZE).get_page(page)

    # The council goals the activities serve, each activity once per goal and effect: the
    # rows of goals.ActivityCell (kept by the database as writes happen) rather than a distinct
    # count over every contribution (19 ms for the largest administration at 100,000
    # activities). An administration's or company's subtree is every unit under it, so its
    # cells are found by their top unit alone; a department's through their activities' owner.
    cells = ActivityCell.objects.all()
    if all(units_by_pk[pk].top_unit_id == unit.pk for pk in subtree):
        cells = cells.filter(top_unit_id=unit.pk)
    else:
        cells = cells.filter(activity__owner_unit_id__in=subtree)
    goals: dict[int, GoalCount] = {}
    for row in (
        cells.values(
            "council_goal_id",
            "council_goal__code",
            "council_goal__title",
            "council_goal__sort_order",
            "effect",
        )
        .annotate(n=Count("*"))
        .order_by("council_goal__sort_order", "council_goal__code")
    ):
        goal_id = row["council_goal_id"]
        count = goals.setdefault(
            goal_id,
            GoalCount(
                goal_id=goal_id, code=row["council_goal__code"], title=row["council_goal__title"]
            ),
        )
        setattr(count, row["effect"], row["n"])

    cooperations = Paginator(
        activity_table_queryset(
            Activity.objects.active()
            .filter(Q(cooperations__unit_id__in=subtree) & ~Q(owner_unit_id__in=subtree))
            .distinct()
            .order_by("title", "pk")
        ),
        settings.PAGE_SIZE,
    ).get_page(cooperation_page)
    return UnitPage(
        unit=unit,
        departments=departments,
        activities=activities,
        goals=list(goals.values()),
        cooperations=cooperations,
    )
