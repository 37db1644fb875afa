"""Reads for the sub-optimisation signals: counteraction between units, and gaps (goals nobody
works for, council goals a unit does nothing for, activities linked to no goal). The lists, the
overview's tiles and the goal page share the definitions in docs/design/counteraction-and-gaps.md;
every function answers with a fixed number of SQL queries whatever the size of the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from goals.models import (
    Activity,
    ActivityCell,
    CellTotal,
    Contribution,
    Goal,
    UnitActivityCount,
)
from goals.overlap.cases import open_pair_count
from processes.models import Process
from vaxjo_riktning.models import Unit

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

Effect = Contribution.Effect

# How many supporting activities a counteraction row names; the rest are counted.
SUPPORTERS_SHOWN = 3


# --- Overlap ------------------------------------------------------------------------------------


def open_overlap_count() -> int:
    """Overlap suggestions (pairs) nobody has decided yet, whether or not their pair is part of a
    case: the overview's tile and the review queue's page (one query: cases.open_pair_count())."""
    return open_pair_count()


# --- Counteraction ------------------------------------------------------------------------------

# Distinct supporting active activities per council goal (the family) and top-level unit.
Support = dict[int, dict[int, int]]


def _supporting() -> QuerySet[Contribution]:
    return Contribution.objects.filter(effect=Effect.SUPPORTS, activity__withdrawn_at__isnull=True)


def support_by_top_unit() -> Support:
    """How many active activities of each top-level unit (departments counted in it) support each
    council goal or a unit goal below it: the overview matrix's numbers, so
    ``support_from_cells`` can give the same without a query. One query over goals.CellTotal,
    the matrix's cells as the database keeps them (migration 0034): a few thousand rows, where
    counting distinct activities over every supporting contribution took 250 ms at 100,000
    activities (the conflict list's first visit after a change)."""
    support: Support = {}
    rows = (
        # Withdrawn council goals are left out on the counteracting side (counteractions()).
        CellTotal.objects.filter(effect=Effect.SUPPORTS, top_unit__kind__in=Unit.TOP_LEVEL_KINDS)
        .values_list("council_goal_id", "top_unit_id")
        .annotate(n=Sum("activities"))
        .order_by()
    )
    for family, top, n in rows:
        if n:
            support.setdefault(family, {})[top] = n
    return support


class SupportCell(Protocol):
    unit: Unit
    goal: Goal
    supports: int


def support_from_cells(cells: Iterable[SupportCell]) -> Support:
    """The same numbers from the overview matrix's cells (anything with unit, goal, supports)."""
    support: Support = {}
    for cell in cells:
        if cell.supports:
            support.setdefault(cell.goal.pk, {})[cell.unit.pk] = cell.supports
    return support


def _conflict(support: Support) -> Q:
    """Counteracting contributions whose council goal a top-level unit other than the activity's
    own supports: every family supported by two units or more, and a family supported by one
    unit for the activities of the other units."""
    several = [family for family, units in support.items() if len(units) > 1]
    condition = Q(goal__council_goal_id__in=several)
    for family, units in support.items():
        if len(units) == 1:
            (only,) = units
            condition |= Q(goal__council_goal_id=family) & ~Q(
                activity__owner_unit__top_unit_id=only
            )
    return condition


def counteractions(*, support: Support) -> QuerySet[Contribution]:
    """Every counteracting contribution of an active activity to a goal in a council goal's
    family that an active activity of another top-level unit supports."""
    return Contribution.objects.filter(
        _conflict(support),
        effect=Effect.COUNTERACTS,
        activity__withdrawn_at__isnull=True,
        goal__council_goal__withdrawn_at__isnull=True,
    )


def counteraction_count(*, support: Support | None = None) -> int:
    """The number of counteractions: one query, and one more for the support unless given."""
    if support is None:
        support = support_by_top_unit()
    return counteractions(support=support).count()


def _goal_condition(goal: Goal) -> Q:
    """Contributions to ``goal``, its direct sub-goals and, for a council goal, its family (as
    goals.selectors.contributions_to_goal, and so the activity list's goal filter)."""
    # One IN over the family's ids, read through the goal index (see contributions_to_goal).
    if goal.level == Goal.Level.COUNCIL:
        goals = Goal.objects.filter(council_goal=goal).order_by()
    else:
        goals = Goal.objects.filter(Q(pk=goal.pk) | Q(parent=goal)).order_by()
    return Q(goal__in=goals.values("pk"))


def _other_units_support(*, depth: int = 1) -> QuerySet[Contribution]:
    """Supporting contributions, by active activities of another top-level unit, to the council
    goal family of the counteracting contribution ``depth`` levels out."""

    def outer(name: str) -> OuterRef:
        ref = OuterRef(name)
        for _ in range(depth - 1):
            ref = OuterRef(ref)
        return ref

    return (
        _supporting()
        .filter(goal__council_goal_id=outer("goal__council_goal_id"))
        .exclude(activity__owner_unit__top_unit_id=outer("activity__owner_unit__top_unit_id"))
    )


@dataclass
class Supporter:
    activity: Activity
    # Whether it supports the counteracted goal itself, or only another goal of its family.
    same_goal: bool


def counteraction_page(
    *,
    unit: Unit | None = None,
    goal: Goal | None = None,
    process: Process | None = None,
    page: str | None = None,
) -> Page[Contribution]:
    """One page of counteractions in the goal chain's order. Each row is a Contribution with its
    activity (unit, process) and goal (council goal) joined, and:

    - ``family_supporters``: active activities of other top-level units that support the goal's
      council goal or a goal below it (the goal itself included);
    - ``same_goal_supporters``: ... that support the goal itself;
    - ``supporting_units``: how many other top-level units those belong to;
    - ``supporters``: the first SUPPORTERS_SHOWN of them (list of Supporter), those on the goal
      itself first.

    ``unit`` keeps rows where either side belongs to the unit or its departments; ``process``
    rows where either side runs in the process; ``goal`` rows whose counteracted goal is the goal,
    a direct sub-goal or, for a council goal, any goal of its family.

    Queries: the support per council goal and top-level unit (1), the unit's subtree if a unit is
    given (1), the count (1), the page's ids (1), the page's rows with the supporters' ids (1), the
    supporters with their units (1).
    """
    support = support_by_top_unit()
    queryset = counteractions(support=support)
    if unit is not None:
        subtree = Unit.subtree_ids([unit.pk])
        queryset = queryset.filter(
            Q(activity__owner_unit_id__in=subtree)
            | Exists(_other_units_support().filter(activity__owner_unit_id__in=subtree))
        )
    if process is not None:
        queryset = queryset.filter(
            Q(activity__process=process)
            | Exists(_other_units_support().filter(activity__process=process))
        )
    if goal is not None:
        queryset = queryset.filter(_goal_condition(goal))

    # Only the page's rows are worked out (the ordering needs none of these): the supporters of
    # the goal itself through the (goal, effect) index, and the rest of the family only for a
    # row with fewer than SUPPORTERS_SHOWN on the goal itself (CASE evaluates lazily).
    on_goal = _other_units_support().filter(goal_id=OuterRef("goal_id"))
    same_goal_count = Coalesce(
        on_goal.order_by()
        .values("effect")
        .annotate(n=Count("activity_id", distinct=True))
        .values("n"),
        Value(0),
        output_field=IntegerField(),
    )
    on_goal_ids = ArraySubquery(
        on_goal.order_by("activity__title", "activity_id").values("activity_id")[:SUPPORTERS_SHOWN]
    )
    family_ids = Case(
        When(
            Q(same_goal_supporters__lt=SUPPORTERS_SHOWN),
            then=ArraySubquery(
                _other_units_support()
                .exclude(goal_id=OuterRef("goal_id"))
                .exclude(
                    activity_id__in=_other_units_support(depth=2)
                    .filter(goal_id=OuterRef(OuterRef("goal_id")))
                    .values("activity_id")
                )
                .order_by("activity_id")
                .values("activity_id")
                .distinct()[:SUPPORTERS_SHOWN]
            ),
        ),
        default=Value([]),
        output_field=ArrayField(IntegerField()),
    )
    ordering = (
        "goal__council_goal__sort_order",
        "goal__council_goal__code",
        "goal__council_goal_id",
        "goal__level",
        "goal__sort_order",
        "goal__code",
        "goal_id",
        "activity__title",
        "pk",
    )
    # The page's ids first, so that only its rows are annotated whatever the page's number
    # (PostgreSQL works out the select list of the rows an OFFSET skips too). Its object_list
    # then turns from ids into the rows, which get the attributes above: so Page[Any].
    page_obj: Page[Any] = Paginator(
        queryset.order_by(*ordering).values_list("pk", flat=True), settings.PAGE_SIZE
    ).get_page(page)
    page_ids = list(page_obj.object_list)
    page_obj.object_list = (
        list(
            Contribution.objects.filter(pk__in=page_ids)
            .select_related(
                "activity__owner_unit",
                "activity__process",
                "goal__council_goal",
                "goal__owner_unit",
            )
            .annotate(same_goal_supporters=same_goal_count)
            .annotate(on_goal_ids=on_goal_ids, family_ids=family_ids)
            .order_by(*ordering)
        )
        if page_ids
        else []
    )
    ids = {pk for row in page_obj.object_list for pk in row.on_goal_ids + row.family_ids}
    activities = Activity.objects.select_related("owner_unit").in_bulk(list(ids)) if ids else {}
    for row in page_obj.object_list:
        by_unit = support.get(row.goal.council_goal_id, {})
        own = row.activity.owner_unit.top_unit_id
        row.family_supporters = sum(n for top, n in by_unit.items() if top != own)
        row.supporting_units = sum(1 for top in by_unit if top != own)
        chosen = [(pk, True) for pk in row.on_goal_ids] + [(pk, False) for pk in row.family_ids]
        row.supporters = [
            Supporter(activity=activities[pk], same_goal=same)
            for pk, same in chosen[:SUPPORTERS_SHOWN]
            if pk in activities
        ]
        row.more_supporters = row.family_supporters - len(row.supporters)
    return page_obj


def goal_support_elsewhere(*, goal: Goal) -> int:
    """For a goal's page: the active activities supporting the goal (or the goals below it, as
    the page counts them) that belong to none of the top-level units whose active activities
    counteract it. Zero where nothing counteracts it. One query.

    A council goal's family is read from goals.ActivityCell, which holds each of its active
    activities once per effect with its top-level unit: at 100,000 activities that took the
    largest council goal's page from 83 ms to a few for this count, against joining every
    contribution of the family to its activity and unit."""
    if goal.level == Goal.Level.COUNCIL:
        cells = ActivityCell.objects.filter(council_goal=goal)
        counteracting_cells = cells.filter(effect=Effect.COUNTERACTS)
        return (
            cells.filter(effect=Effect.SUPPORTS)
            .filter(Exists(counteracting_cells.values("pk")))
            .exclude(top_unit_id__in=counteracting_cells.values("top_unit_id"))
            .count()
        )
    return _support_elsewhere_from_contributions(goal)


def _support_elsewhere_from_contributions(goal: Goal) -> int:
    """goal_support_elsewhere() from the contributions to the goal and those below it."""
    contributions = Contribution.objects.filter(
        _goal_condition(goal), activity__withdrawn_at__isnull=True
    )
    counteracting = contributions.filter(effect=Effect.COUNTERACTS)
    return (
        contributions.filter(effect=Effect.SUPPORTS)
        .filter(Exists(counteracting.values("pk")))
        .exclude(
            activity__owner_unit__top_unit_id__in=counteracting.values(
                "activity__owner_unit__top_unit_id"
            )
        )
        .aggregate(n=Count("activity_id", distinct=True))["n"]
    )


# --- Gaps ---------------------------------------------------------------------------------------


class Coverage:
    NONE = "none"
    VIA_UNIT_GOALS = "via_unit_goals"
    VIA_SUB_GOALS = "via_sub_goals"


class GoalSupport(TypedDict):
    direct: bool
    via_family: bool
    via_children: bool
    no_activity: bool


def _goals_without_support(
    *, unit: Unit | None = None, goal: Goal | None = None
) -> QuerySet[WithAnnotations[Goal, GoalSupport]]:
    """Active council and unit goals no active activity supports directly, annotated with
    ``via_family`` (a council goal: an active unit goal of its family is supported),
    ``via_children`` (an active direct sub-goal is supported) and ``no_activity`` (neither: the
    one definition of a goal without activity, which every page's count and list reads)."""
    supported = _supporting().filter(goal__withdrawn_at__isnull=True)
    queryset = (
        Goal.objects.active()
        .exclude(level=Goal.Level.VISION)
        .annotate(
            direct=Exists(supported.filter(goal=OuterRef("pk"))),
            # Goal by goal of the family, each looked up in the contributions' goal index: as
            # one join of every supporting contribution with its goal, PostgreSQL hashed all
            # 168,000 of them to answer for the few goals left (120 of the overview's 430 ms
            # with nothing cached, at 100,000 activities).
            via_family=Exists(
                Goal.objects.filter(council_goal=OuterRef("pk"), withdrawn_at__isnull=True)
                .exclude(pk=OuterRef("pk"))
                .filter(Exists(supported.filter(goal=OuterRef("pk"))))
            ),
            via_children=Exists(supported.filter(goal__parent=OuterRef("pk"))),
        )
        .filter(direct=False)
        .annotate(
            no_activity=ExpressionWrapper(
                Q(via_family=False, via_children=False), output_field=BooleanField()
            )
        )
    )
    if unit is not None:
        queryset = queryset.filter(owner_unit_id__in=Unit.subtree_ids([unit.pk]))
    if goal is not None:
        condition = Q(pk=goal.pk) | Q(parent=goal)
        if goal.level == Goal.Level.COUNCIL:
            condition |= Q(council_goal=goal)
        queryset = queryset.filter(condition)
    return queryset


def goals_without_activity() -> QuerySet[Goal]:
    """Goals no active activity supports in any way: not directly, not through their unit goals
    or sub-goals. The overview's tile and the gaps list count these."""
    return _goals_without_support().filter(no_activity=True)


def goals_without_activity_count() -> int:
    """How many goals are without activity (goals_without_activity; one query)."""
    return goals_without_activity().count()


@dataclass
class GoalGap:
    goal: Goal
    coverage: str

    @property
    def no_activity(self) -> bool:
        return self.coverage == Coverage.NONE


class GoalGaps(list[GoalGap]):
    """The gaps list's goals, which also says how many of them are without activity."""

    @property
    def without_activity(self) -> int:
        """Of the goals listed, those without activity (the overview's number, unfiltered)."""
        return sum(1 for gap in self if gap.no_activity)


def goal_gaps(*, unit: Unit | None = None, goal: Goal | None = None) -> GoalGaps:
    """The goals without a supporting activity of their own, in the goal chain's order (each
    council goal followed by its unit goals), those with no activity at all and those covered
    only through goals below them told apart.

    Queries: the unit's subtree if a unit is given (1), the goals with their owner units (1).
    """
    goals = (
        _goals_without_support(unit=unit, goal=goal)
        .select_related("owner_unit", "council_goal")
        .order_by(
            "council_goal__sort_order",
            "council_goal__code",
            "council_goal_id",
            "level",
            "sort_order",
            "code",
            "title",
            "pk",
        )
    )
    gaps = []
    for item in goals:
        if item.no_activity:
            coverage = Coverage.NONE
        elif item.level == Goal.Level.COUNCIL and item.via_family:
            coverage = Coverage.VIA_UNIT_GOALS
        else:
            coverage = Coverage.VIA_SUB_GOALS
        gaps.append(GoalGap(goal=item, coverage=coverage))
    return GoalGaps(gaps)


@dataclass
class UnitGap:
    unit: Unit
    goals: list[Goal] = field(default_factory=list)


@dataclass
class UnitGaps:
    rows: list[UnitGap]
    # Of the top-level units looked at (all, or the one filtered by), how many and how many goals.
    units: int
    goals: int

    @property
    def pairs(self) -> int:
        return sum(len(row.goals) for row in self.rows)


def unit_gaps(*, unit: Unit | None = None, goal: Goal | None = None) -> UnitGaps:
    """Per top-level unit, the active council goals that no active activity of the unit or its
    departments supports (directly or through a unit goal): the overview's empty cells.
    ``unit`` narrows to its administration or company, ``goal`` to its council goal.

    Queries: top-level units (1), active council goals (1), the supported pairs (1).
    """
    units = Unit.objects.top_level().order_by("sort_order", "name")
    if unit is not None:
        units = units.filter(pk=unit.top_unit_id or unit.pk)
    goals = Goal.objects.council_goals().active().order_by("sort_order", "code", "title", "pk")
    if goal is not None:
        goals = goals.filter(pk=goal.council_goal_id or goal.pk)
    top_units, council_goals = list(units), list(goals)
    supported = set(
        Contribution.objects.filter(
            effect=Effect.SUPPORTS,
            activity__withdrawn_at__isnull=True,
            goal__council_goal__isnull=False,
        )
        .values_list("activity__owner_unit__top_unit_id", "goal__council_goal_id")
        .distinct()
        .order_by()
    )
    rows = []
    for top in top_units:
        missing = [g for g in council_goals if (top.pk, g.pk) not in supported]
        if missing:
            rows.append(UnitGap(unit=top, goals=missing))
    return UnitGaps(rows=rows, units=len(top_units), goals=len(council_goals))


def _activities_without_goal() -> QuerySet[Activity]:
    return Activity.objects.active().filter(
        ~Exists(Contribution.objects.filter(activity=OuterRef("pk")))
    )


def activities_without_goal_count() -> int:
    """Active activities linked to no goal: one query, adding up the units' rows that the
    database keeps (goals.UnitActivityCount) instead of looking at every activity."""
    total = UnitActivityCount.objects.aggregate(n=Sum("without_goal"))["n"]
    return int(total or 0)


def activities_without_goal_page(
    *, unit: Unit | None = None, page: str | None = None
) -> Page[Activity]:
    """One page of the active activities linked to no goal, with their unit and process; ``unit``
    narrows to the unit and its departments.

    Queries: the unit's subtree if a unit is given (1), the count (1), the page (1).
    """
    queryset = _activities_without_goal().select_related("owner_unit", "process")
    if unit is not None:
        queryset = queryset.filter(owner_unit_id__in=Unit.subtree_ids([unit.pk]))
    return Paginator(queryset.order_by("title", "pk"), settings.PAGE_SIZE).get_page(page)
