"""Reads of the goal chain and the activities for the browsing pages.

Every function here answers with a number of SQL queries that does not grow with the data:
lists come with their related rows joined or prefetched, and counts come from one aggregate
query each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.shortcuts import get_object_or_404

from goals.charts import indicator_chart
from goals.models import (
    Activity,
    ActivityCell,
    Contribution,
    Goal,
    Indicator,
    Measurement,
    UnitActivityCount,
)
from vaxjo_riktning.history import newest_events

Effect = Contribution.Effect


# --- Activities as the shared table shows them -------------------------------------------------


def activity_table_queryset(queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    """Join and prefetch what templates/goals/includes/activity_table.html shows: the unit, the
    process and every contribution with its goal (three queries whatever the number of rows)."""
    return queryset.select_related("owner_unit", "process").prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.select_related("goal"))
    )


def active_activity_count() -> int:
    """How many active activities the group has: the units' kept counts added up
    (goals.UnitActivityCount, kept by the database as activities change), one query over a few
    hundred rows rather than a count of every activity."""
    return int(UnitActivityCount.objects.aggregate(n=Sum("active"))["n"] or 0)


def with_focus_contributions(
    queryset: QuerySet[Activity], *, contributions: QuerySet[Contribution]
) -> QuerySet[Activity]:
    """Prefetch, as activity.focus_contributions, the contributions a page is about (those to
    one goal and the goals below it), so the table can show their effect and reason."""
    return queryset.prefetch_related(
        Prefetch(
            "contributions",
            queryset=contributions.select_related("goal"),
            to_attr="focus_contributions",
        )
    )


def contributions_to_goal(goal: Goal) -> QuerySet[Contribution]:
    """The contributions that bear on a goal: to the goal itself, to its direct sub-goals and,
    for a council goal, to every unit goal that breaks it down."""
    # One IN over a small set of goal ids, so PostgreSQL reads the contributions through their
    # goal index; an OR of three joined conditions made it read them all (0.4 s at 100,000
    # activities). A council goal is its own council goal, so one condition covers it.
    if goal.level == Goal.Level.COUNCIL:
        goals = Goal.objects.filter(council_goal=goal).order_by()
    else:
        goals = Goal.objects.filter(Q(pk=goal.pk) | Q(parent=goal)).order_by()
    return Contribution.objects.filter(goal__in=goals.values("pk"))


# --- The goal chain as a tree ---------------------------------------------------------------------


@dataclass
class GoalNode:
    goal: Goal
    supports: int = 0
    counteracts: int = 0
    # For a council goal: distinct activities on it or on any unit goal that breaks it down.
    chain_supports: int | None = None
    chain_counteracts: int | None = None
    children: list[GoalNode] = field(default_factory=list)


# What the goal tree shows: the goals, their activities' contributions and whether those are
# withdrawn; newest_events() adds the unit tree (the goals' owners).
GOAL_TREE_EVENTS = ["goals.ActivityEvent", "goals.ContributionEvent", "goals.GoalEvent"]


def goal_tree_state() -> str:
    """The fingerprint the goal list keeps its tree's HTML under (one query)."""
    return newest_events(GOAL_TREE_EVENTS)


def goal_tree(*, include_withdrawn: bool = False) -> list[GoalNode]:
    """The goal chain (vision → council goals → unit goals) with each goal's number of active
    supporting and counteracting activities.

    Queries: the goals with their owner units (1), the direct counts per goal and effect with
    the counts rolled up into council goals (1). The tree is built in Python.
    """
    goals = Goal.objects.select_related("owner_unit").order_by("sort_order", "code", "title", "pk")
    if not include_withdrawn:
        goals = goals.active()
    nodes = {goal.pk: GoalNode(goal=goal) for goal in goals}

    # Per goal and effect, in one query of two parts:
    # - Direct: an activity links a goal once (the contribution_unique constraint), so a plain
    #   count is the number of activities: at 100,000 activities it took 68 ms where counting
    #   distinct ones sorted every goal's rows and took 276 ms (EXPLAIN ANALYZE).
    # - Rolled up into a council goal: an activity with contributions to a council goal and to
    #   unit goals below it counts once. goals.ActivityCell holds it once per council goal and
    #   effect (kept by the database as writes happen), which replaced a distinct count over
    #   every contribution (206 ms at 100,000 activities).
    direct = (
        Contribution.objects.filter(activity__withdrawn_at__isnull=True)
        .annotate(chain=Value(False))
        .values_list("chain", "goal_id", "effect")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rolled_up = (
        ActivityCell.objects.annotate(chain=Value(True))
        .values_list("chain", "council_goal_id", "effect")
        .annotate(n=Count("*"))
        .order_by()
    )
    for node in nodes.values():
        if node.goal.level == Goal.Level.COUNCIL:
            node.chain_supports = node.chain_counteracts = 0
    for chain, goal_id, effect, n in direct.union(rolled_up, all=True):
        counted = nodes.get(goal_id)
        if counted is not None:
            setattr(counted, f"chain_{effect}" if chain else effect, n)

    roots: list[GoalNode] = []
    for node in nodes.values():
        # A goal whose parent is hidden (withdrawn) is shown at the top rather than lost.
        parent = nodes.get(node.goal.parent_id)
        (parent.children if parent is not None else roots).append(node)
    return roots


# --- One goal -------------------------------------------------------------------------------------


@dataclass
class GoalSection:
    effect: str
    activities: list[Activity]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.activities)


@dataclass
class GoalPage:
    goal: Goal
    ancestors: list[Goal]
    sub_goals: list[Goal]
    indicators: list[Indicator]
    supports: GoalSection
    counteracts: GoalSection

    @property
    def charted_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators if getattr(i, "chart", None) is not None]


def goal_page(*, pk: int, limit: int | None = None) -> GoalPage:
    """A goal with its place in the chain, sub-goals, indicators and the active activities that
    support or counteract it (or the goals below it), at most ``limit`` of each kind.

    Queries: the goal with up to three levels of parents (1), sub-goals (1), indicators with
    their latest measurement (1) and all their measurements for the charts (1), counts per
    effect (1), and per effect the activities (1), their contributions (1) and the contributions
    to this goal (1).
    """
    limit = limit or settings.PAGE_SIZE
    goal = get_object_or_404(
        Goal.objects.select_related("owner_unit", "withdrawn_by", "parent__parent__parent"),
        pk=pk,
    )
    sub_goals = list(
        goal.children.select_related("owner_unit").order_by("sort_order", "code", "title", "pk")
    )
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-year", "-period")
    indicators = list(
        goal.indicators.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_year=Subquery(latest.values("year")[:1]),
            latest_period=Subquery(latest.values("period")[:1]),
        ).prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("year", "period"))
        )
    )
    for indicator in indicators:
        indicator.chart = indicator_chart(indicator, indicator.measurements.all())

    contributions = contributions_to_goal(goal).filter(activity__withdrawn_at__isnull=True)
    # A council goal's active activities per effect, each once, are its rows in
    # goals.ActivityCell (kept by the database as writes happen); for another goal they are
    # counted from the contributions to it and the goals right below it.
    members: QuerySet[Any]
    if goal.level == Goal.Level.COUNCIL:
        members = ActivityCell.objects.filter(council_goal=goal)
        totals = dict(members.values_list("effect").annotate(n=Count("*")).order_by())
    else:
        members = contributions
        totals = dict(
            members.values_list("effect").annotate(n=Count("activity_id", distinct=True)).order_by()
        )
    sections = {}
    for effect in (Effect.SUPPORTS, Effect.COUNTERACTS):
        total = totals.get(effect, 0)
        activities: list[Activity] = []
        if total:
            focus = contributions.filter(effect=effect)
            # EXISTS rather than IN: with the statistics of migration 0031 PostgreSQL then
            # sorts a goal's few counteracting activities and walks the title order for its
            # thousands of supporting ones, each in a couple of ms at 100,000 activities.
            member = members.filter(effect=effect, activity_id=OuterRef("pk"))
            queryset = Activity.objects.filter(Exists(member)).order_by("title", "pk")
            activities = list(
                with_focus_contributions(activity_table_queryset(queryset), contributions=focus)[
                    :limit
                ]
            )
        sections[effect] = GoalSection(effect=effect, activities=activities, total=total)

    return GoalPage(
        goal=goal,
        ancestors=goal.ancestors(),
        sub_goals=sub_goals,
        indicators=indicators,
        supports=sections[Effect.SUPPORTS],
        counteracts=sections[Effect.COUNTERACTS],
    )
