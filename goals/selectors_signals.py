"""Reads for the sub-optimisation signals: counteraction between units, and gaps (goals nobody
works for, council goals a unit does nothing for, activities linked to no goal).

Definitions, used alike by the lists, the overview's tiles and the goal page:

- A goal's *family* is its council goal with every unit goal that breaks it down
  (``Goal.council_goal``); a goal outside the chain below a council goal (the vision) is a family
  of its own.
- A *counteraction* is an active activity's counteracting contribution to a goal G for which an
  active activity of another unit (another owning unit: a department is a unit of its own)
  supports G itself or another goal of G's family. Each row says which: "the same goal" or
  "the same council goal".
- A goal *without activity* is an active council or unit goal that no active activity supports;
  a council goal supported only through its unit goals, or a unit goal only through its
  sub-goals, is listed as such, apart from those with no activity at all.
- A *unit gap* is a top-level unit (administration or company) and an active council goal that
  no active activity of the unit or its departments supports, counted as on the overview.

Every function answers with a fixed number of SQL queries whatever the size of the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from goals.models import Activity, Contribution, Goal
from processes.models import Process
from vaxjo_riktning.models import Unit

Effect = Contribution.Effect

# How many supporting activities a counteraction row names; the rest are counted.
SUPPORTERS_SHOWN = 3


# --- Counteraction ------------------------------------------------------------------------------


def _in_family(family: OuterRef | F) -> Q:
    """Contributions to a goal of the family ``family`` (a council goal's id, or the id of a goal
    outside the chain). No goal has a non-council goal as its council goal, so the second half
    only ever matches for a goal outside the chain."""
    return Q(goal__council_goal_id=family) | Q(goal_id=family)


def _supporting() -> QuerySet[Contribution]:
    return Contribution.objects.filter(effect=Effect.SUPPORTS, activity__withdrawn_at__isnull=True)


def _conflicting_support(*, depth: int = 1) -> QuerySet[Contribution]:
    """Supporting contributions, by active activities of another unit, to the family of the
    counteracting contribution ``depth`` levels out (OuterRef, or OuterRef(OuterRef))."""

    def outer(name: str):
        ref = OuterRef(name)
        for _ in range(depth - 1):
            ref = OuterRef(ref)
        return ref

    return (
        _supporting()
        .filter(_in_family(outer("family")))
        .exclude(activity__owner_unit_id=outer("activity__owner_unit_id"))
    )


def counteractions() -> QuerySet[Contribution]:
    """Every counteracting contribution of an active activity whose goal's family an activity of
    another unit supports, annotated with ``family`` (the family's id). One query to count."""
    return (
        Contribution.objects.filter(effect=Effect.COUNTERACTS, activity__withdrawn_at__isnull=True)
        .annotate(family=Coalesce("goal__council_goal_id", "goal_id"))
        .filter(Exists(_conflicting_support()))
    )


def counteraction_count() -> int:
    """The number of counteractions (one query)."""
    return counteractions().count()


def _goal_condition(goal: Goal) -> Q:
    """Contributions to ``goal``, its direct sub-goals and, for a council goal, its family (as
    goals.selectors.contributions_to_goal, and so the activity list's goal filter)."""
    condition = Q(goal=goal) | Q(goal__parent=goal)
    if goal.level == Goal.Level.COUNCIL:
        condition |= Q(goal__council_goal=goal)
    return condition


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
) -> Page:
    """One page of counteractions, most supported first. Each row is a Contribution with its
    activity (unit, process) and goal (council goal) joined, and:

    - ``same_goal_supporters``: active activities of other units that support the goal itself;
    - ``family_supporters``: ... that support any goal of its family (the goal itself included);
    - ``supporting_units``: the other units those belong to;
    - ``supporters``: the first SUPPORTERS_SHOWN of them (list of Supporter), the goal itself
      first.

    ``unit`` keeps rows where either side belongs to the unit or its departments; ``process``
    rows where either side runs in the process; ``goal`` rows whose counteracted goal is the goal,
    a direct sub-goal or, for a council goal, any goal of its family.

    Queries: the unit's subtree if a unit is given (1), the count (1), the page's rows with their
    counts and supporters' ids (1), the supporters with their units (1).
    """
    queryset = counteractions()
    if unit is not None:
        subtree = Unit.subtree_ids([unit.pk])
        queryset = queryset.filter(
            Q(activity__owner_unit_id__in=subtree)
            | Exists(_conflicting_support().filter(activity__owner_unit_id__in=subtree))
        )
    if process is not None:
        queryset = queryset.filter(
            Q(activity__process=process)
            | Exists(_conflicting_support().filter(activity__process=process))
        )
    if goal is not None:
        queryset = queryset.filter(_goal_condition(goal))

    def count_of(queryset: QuerySet[Contribution], column: str):
        # Grouped by effect, which the queryset fixes to "supports": one row, one number.
        return Coalesce(
            queryset.order_by()
            .values("effect")
            .annotate(n=Count(column, distinct=True))
            .values("n"),
            Value(0),
            output_field=IntegerField(),
        )

    family_support = _conflicting_support()
    same_goal_support = family_support.filter(goal_id=OuterRef("goal_id"))
    # The supporters' ids: active activities of other units with a supporting contribution to the
    # family, those on the goal itself first. Two levels out is the counteracting contribution.
    supporting_activities = (
        Activity.objects.active()
        .filter(Exists(_conflicting_support(depth=2).filter(activity=OuterRef("pk"))))
        .exclude(owner_unit_id=OuterRef("activity__owner_unit_id"))
        .annotate(
            on_goal=Exists(
                _supporting().filter(activity=OuterRef("pk"), goal_id=OuterRef(OuterRef("goal_id")))
            )
        )
        .order_by("-on_goal", "title", "pk")
    )
    rows = (
        queryset.select_related(
            "activity__owner_unit", "activity__process", "goal__council_goal", "goal__owner_unit"
        )
        .annotate(
            same_goal_supporters=count_of(same_goal_support, "activity_id"),
            family_supporters=count_of(family_support, "activity_id"),
            supporting_units=count_of(family_support, "activity__owner_unit_id"),
            supporter_ids=ArraySubquery(supporting_activities.values("pk")[:SUPPORTERS_SHOWN]),
            same_goal_ids=ArraySubquery(
                supporting_activities.filter(on_goal=True).values("pk")[:SUPPORTERS_SHOWN]
            ),
        )
        .order_by("-family_supporters", "goal__council_goal__sort_order", "activity__title", "pk")
    )
    page_obj = Paginator(rows, settings.PAGE_SIZE).get_page(page)
    ids = {pk for row in page_obj.object_list for pk in row.supporter_ids}
    activities = Activity.objects.select_related("owner_unit").in_bulk(list(ids)) if ids else {}
    for row in page_obj.object_list:
        same = set(row.same_goal_ids)
        row.supporters = [
            Supporter(activity=activities[pk], same_goal=pk in same)
            for pk in row.supporter_ids
            if pk in activities
        ]
        row.more_supporters = row.family_supporters - len(row.supporters)
    return page_obj


def goal_support_elsewhere(*, goal: Goal) -> int:
    """For a goal's page: the active activities supporting the goal (or the goals below it, as
    the page counts them) that belong to none of the units whose active activities counteract
    it. Zero where nothing counteracts it. One query."""
    contributions = Contribution.objects.filter(
        _goal_condition(goal), activity__withdrawn_at__isnull=True
    )
    counteracting_units = contributions.filter(effect=Effect.COUNTERACTS).values(
        "activity__owner_unit_id"
    )
    return (
        contributions.filter(effect=Effect.SUPPORTS)
        .filter(Exists(contributions.filter(effect=Effect.COUNTERACTS).values("pk")))
        .exclude(activity__owner_unit_id__in=counteracting_units)
        .aggregate(n=Count("activity_id", distinct=True))["n"]
    )


# --- Gaps ---------------------------------------------------------------------------------------


class Coverage:
    NONE = "none"
    VIA_UNIT_GOALS = "via_unit_goals"
    VIA_SUB_GOALS = "via_sub_goals"


def _goals_without_support(*, unit: Unit | None = None, goal: Goal | None = None) -> QuerySet[Goal]:
    """Active council and unit goals no active activity supports directly, annotated with
    ``via_family`` (a council goal: an active unit goal of its family is supported) and
    ``via_children`` (an active direct sub-goal is supported)."""
    supported = _supporting().filter(goal__withdrawn_at__isnull=True)
    queryset = (
        Goal.objects.active()
        .exclude(level=Goal.Level.VISION)
        .annotate(
            direct=Exists(supported.filter(goal=OuterRef("pk"))),
            via_family=Exists(
                supported.filter(goal__council_goal=OuterRef("pk")).exclude(goal=OuterRef("pk"))
            ),
            via_children=Exists(supported.filter(goal__parent=OuterRef("pk"))),
        )
        .filter(direct=False)
    )
    if unit is not None:
        queryset = queryset.filter(owner_unit_id__in=Unit.subtree_ids([unit.pk]))
    if goal is not None:
        condition = Q(pk=goal.pk) | Q(parent=goal)
        if goal.level == Goal.Level.COUNCIL:
            condition |= Q(council_goal=goal)
        queryset = queryset.filter(condition)
    return queryset


def goals_without_activity_count() -> int:
    """Goals no active activity supports in any way: not directly, not through their unit goals
    or sub-goals (one query)."""
    return _goals_without_support().filter(via_family=False, via_children=False).count()


@dataclass
class GoalGap:
    goal: Goal
    coverage: str

    @property
    def no_activity(self) -> bool:
        return self.coverage == Coverage.NONE


def goal_gaps(*, unit: Unit | None = None, goal: Goal | None = None) -> list[GoalGap]:
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
        if item.level == Goal.Level.COUNCIL and item.via_family:
            coverage = Coverage.VIA_UNIT_GOALS
        elif item.via_children:
            coverage = Coverage.VIA_SUB_GOALS
        else:
            coverage = Coverage.NONE
        gaps.append(GoalGap(goal=item, coverage=coverage))
    return gaps


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
    units, goals = list(units), list(goals)
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
    for top in units:
        missing = [g for g in goals if (top.pk, g.pk) not in supported]
        if missing:
            rows.append(UnitGap(unit=top, goals=missing))
    return UnitGaps(rows=rows, units=len(units), goals=len(goals))


def _activities_without_goal() -> QuerySet[Activity]:
    return Activity.objects.active().filter(
        ~Exists(Contribution.objects.filter(activity=OuterRef("pk")))
    )


def activities_without_goal_count() -> int:
    """Active activities linked to no goal (one query)."""
    return _activities_without_goal().count()


def activities_without_goal_page(*, unit: Unit | None = None, page: str | None = None) -> Page:
    """One page of the active activities linked to no goal, with their unit and process; ``unit``
    narrows to the unit and its departments.

    Queries: the unit's subtree if a unit is given (1), the count (1), the page (1).
    """
    queryset = _activities_without_goal().select_related("owner_unit", "process")
    if unit is not None:
        queryset = queryset.filter(owner_unit_id__in=Unit.subtree_ids([unit.pk]))
    return Paginator(queryset.order_by("title", "pk"), settings.PAGE_SIZE).get_page(page)
