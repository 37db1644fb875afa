"""Cases: when three or more units run the same work, the review queue shows one case with every
unit in it, decided once, instead of a pair for every two of them (five units' recruitment
campaigns are one case, not ten pairs).

A case is what the strong open pairs join: activities linked by open pairs of at least
CASE_SCORE, directly or through another, found with a union-find over the pairs, strongest
first. A case stops growing at MAX_ACTIVITIES, so that a chain of loosely alike pairs does not
pull half a field into one case; the pair that would overflow it stays a pair of its own. Each
open pair carries its case as case_key, the lowest activity id of the case, written after every
scan (the whole queue after a full scan, the cases the scanned activities touch after an
incremental one). Decided pairs have no case: a case is something to decide.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db import connection, transaction
from django.db.models import BooleanField, Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse

from goals.models import (
    Activity,
    ActivityCell,
    Contribution,
    Goal,
    OpenPairCount,
    OverlapCase,
    OverlapSuggestion,
)
from goals.overlap import documents
from goals.overlap.scan import can_decide_overlap, overlap_decide
from goals.savings.services import ExpectedSaving, involved_units, saving_record
from vaxjo_riktning.history import newest_events
from vaxjo_riktning.models import Unit

MAX_ACTIVITIES = 8
# Only pairs this likely to be the same work join a case: a case says "these units all run the
# same thing", which a chain of weaker pairs (a preschool and a plan for the same district, the
# plan and solar panels) cannot say. Weaker pairs stay pairs of their own.
CASE_SCORE = 0.5

Decision = OverlapSuggestion.Decision

# The cases change without a history event (assign() rewrites case_key in bulk after every scan),
# so what caches them (the overview's act-on list) keys on this version, renewed after each
# assign() commits. Never reused: a version lost from the cache becomes a new one, not an old.
VERSION_KEY = "riktning:overlap-cases-version"


def cases_version() -> str:
    """The cases' version: changes after every regrouping of the open pairs (no query)."""
    return str(cache.get_or_set(VERSION_KEY, lambda: str(time.time_ns()), None))


def strong_open_pairs() -> QuerySet[OverlapSuggestion]:
    """The open pairs strong enough to join a case (assign() joins only these), between active
    activities (a pair with a withdrawn activity needs no decision any more): what the overview's
    matrix calls duplicated work."""
    return OverlapSuggestion.objects.open().filter(
        text_score__gte=CASE_SCORE,
        activity_a__withdrawn_at__isnull=True,
        activity_b__withdrawn_at__isnull=True,
    )


@contextmanager
def rows_deferred() -> Iterator[None]:
    """Inside a transaction: leave what the database keeps of the open pairs (goals.OverlapCase,
    the duplicate marks of goals.ActivityCell and goals.OpenPairCount) as it is while the block
    writes pairs (the full scan, whose long transaction would otherwise hold every case and
    activity it touches, and the decisions and saves waiting on them). refresh_rows() must
    follow, as assign() does."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL riktning.overlap_case_upkeep = 'after'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL riktning.overlap_case_upkeep = 'as-written'")


def refresh_rows() -> None:
    """Rewrite every row of goals.OverlapCase, every duplicate mark of goals.ActivityCell and
    the number of open pairs from the pairs (migrations 0026, 0027 and 0029)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT goals_overlap_cases_refresh(NULL)")
        cursor.execute("SELECT goals_activity_cells_mark(NULL)")
        cursor.execute("SELECT goals_open_pairs_recount()")


def open_pair_count() -> int:
    """How many pairs are open, whether or not in a case: one query of the row the database
    keeps as pairs open and close (goals.OpenPairCount), instead of counting every pair."""
    return OpenPairCount.objects.filter(pk=1).values_list("pairs", flat=True).first() or 0


def _renew_version() -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def assign(activity_ids: Sequence[int] | None = None) -> int:
    """Work out the cases of the open pairs (all, or those the activities' cases touch) and store
    each pair's case_key; returns how many pairs changed case."""
    open_pairs = OverlapSuggestion.objects.open()
    if activity_ids is not None:
        ids = list(activity_ids)
        touched = Q(activity_a_id__in=ids) | Q(activity_b_id__in=ids)
        keys = set(
            open_pairs.filter(touched).exclude(case_key=None).values_list("case_key", flat=True)
        )
        open_pairs = open_pairs.filter(touched | Q(case_key__in=keys))
    rows = list(
        open_pairs.order_by("-score", "pk").values_list(
            "pk", "activity_a_id", "activity_b_id", "case_key", "text_score"
        )
    )
    parent: dict[int, int] = {}
    size: dict[int, int] = defaultdict(lambda: 1)

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _pk, a, b, _key, score in rows:
        if score < CASE_SCORE:
            continue
        ra, rb = root(a), root(b)
        if ra != rb and size[ra] + size[rb] <= MAX_ACTIVITIES:
            if ra > rb:
                ra, rb = rb, ra
            parent[rb] = ra
            size[ra] += size[rb]
    changes = []
    for pk, a, b, key, _score in rows:
        ra, rb = root(a), root(b)
        # A pair that would overflow a case stays a pair on its own, under a key of its own.
        wanted = ra if ra == rb else -pk
        if wanted != key:
            changes.append((pk, wanted))
    whole = activity_ids is None
    # After regrouping every pair, one rewrite of every case's row and duplicate mark, in the
    # same transaction, instead of a refresh per change; otherwise the triggers do it.
    with transaction.atomic(), rows_deferred() if whole else nullcontext():
        if changes:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    UPDATE {OverlapSuggestion._meta.db_table} AS s SET case_key = v.key
                    FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, key) WHERE s.id = v.id
                    """,
                    [[pk for pk, _ in changes], [key for _, key in changes]],
                )
        if whole:
            refresh_rows()
    if changes and (activity_ids is None or len(changes) >= documents.BULK_ANALYSED):
        # The full scan brings the pairs' statistics up to date before this regrouping, so the
        # planner would otherwise go on believing that no pair has a case until autovacuum
        # comes round (or never, where it is off): at 255,937 pairs the act-on list's query of
        # the cases then joined every pair with every case in a nested loop and ran for
        # minutes instead of a fraction of a second.
        documents.update_statistics(OverlapSuggestion)
    # Always, not only on changes: the scan before it may have dropped or rescored pairs.
    transaction.on_commit(_renew_version, robust=True)
    return len(changes)


@dataclass
class Case:
    """Open pairs that join the same work in several units."""

    key: int
    pairs: list[OverlapSuggestion] = field(default_factory=list)

    @property
    def activities(self) -> list[Activity]:
        seen: dict[int, Activity] = {}
        for pair in self.pairs:
            seen.setdefault(pair.activity_a_id, pair.activity_a)
            seen.setdefault(pair.activity_b_id, pair.activity_b)
        return sorted(seen.values(), key=lambda a: (a.owner_unit.name, a.title))

    @property
    def units(self) -> list:
        return sorted({a.owner_unit for a in self.activities}, key=lambda u: u.name)

    @property
    def budget_sek(self) -> int:
        return sum(a.budget_sek or 0 for a in self.activities)

    @property
    def score(self) -> float:
        return max(p.score for p in self.pairs)


RELATED = (
    "activity_a__owner_unit__top_unit",
    "activity_a__process__area",
    "activity_b__owner_unit__top_unit",
    "activity_b__process__area",
)


def open_cases(*, pairs=None, limit: int = 20) -> list[Case]:
    """The open cases of three or more activities (two pairs or more), most units first, then
    the largest combined budget. `pairs` narrows the open pairs (the queue's filters); without,
    the candidates are the cases' rows (goals.OverlapCase) with the most open pairs."""
    if pairs is None:
        keys = _first_case_keys(limit)
    else:
        keys = list(
            pairs.exclude(case_key=None)
            .values("case_key")
            .annotate(n=Count("pk"))
            .filter(n__gte=2)
            .order_by("-n", "case_key")
            .values_list("case_key", flat=True)[: limit * 5]
        )
    cases = _cases(keys)
    cases.sort(key=lambda c: (-len(c.units), -c.budget_sek, -c.score, c.key))
    return cases[:limit]


def _first_case_keys(limit: int) -> list[int]:
    """The keys of the cases open_cases() lists without a filter, in one query: of the limit * 5
    cases with the most open pairs (goals.OverlapCase), those with the most units, the largest
    combined budget and the strongest pair first, from the cases' rows and each candidate's
    strongest pair. Only the listed cases' pairs are then read: reading every candidate's pairs
    (4,000 pairs, 15,000 model instances at 100,000 activities) took most of the queue's first
    visit after a change."""
    quote = connection.ops.quote_name
    pairs = quote(OverlapSuggestion._meta.db_table)
    activities = quote(Activity._meta.db_table)
    rows = quote(OverlapCase._meta.db_table)
    # As Case: its units each once, its budget with each activity once, its strongest open pair
    # between active activities.
    sql = f"""
        SELECT c.key
        FROM (
            SELECT key, unit_ids, kronor FROM {rows} ORDER BY pairs DESC, key LIMIT %(candidates)s
        ) c
        CROSS JOIN LATERAL (
            SELECT max(s.score) AS score
            FROM {pairs} s
            JOIN {activities} a ON a.id = s.activity_a_id AND a.withdrawn_at IS NULL
            JOIN {activities} b ON b.id = s.activity_b_id AND b.withdrawn_at IS NULL
            WHERE s.case_key = c.key AND s.decision = %(open)s
        ) strongest
        ORDER BY cardinality(c.unit_ids) DESC, c.kronor DESC, strongest.score DESC, c.key
        LIMIT %(limit)s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"candidates": limit * 5, "open": Decision.OPEN, "limit": limit})
        return [key for (key,) in cursor.fetchall()]


def outside(keys: list[int]) -> RawSQL:
    """A filter: the pair is in none of the cases ``keys``. The keys go to the database as one
    array, not one parameter each: the queue's 7,458 cases in the benchmark group took 80 ms to
    bind one by one."""
    table = connection.ops.quote_name(OverlapSuggestion._meta.db_table)
    return RawSQL(
        f"NOT coalesce({table}.case_key = ANY(%s::bigint[]), false)",
        (keys,),
        output_field=BooleanField(),
    )


def outside_cases() -> RawSQL:
    """A filter: the pair is in no case (no row of goals.OverlapCase has its case_key). For the
    unfiltered queue, the same as outside(case_keys_with_several_pairs()) of the open pairs
    between active activities, without reading them."""
    table = connection.ops.quote_name(OverlapSuggestion._meta.db_table)
    rows = connection.ops.quote_name(OverlapCase._meta.db_table)
    return RawSQL(
        f"NOT EXISTS (SELECT 1 FROM {rows} c WHERE c.key = {table}.case_key)",
        (),
        output_field=BooleanField(),
    )


def case_keys_with_several_pairs(pairs) -> list[int]:
    return list(
        pairs.exclude(case_key=None)
        .values("case_key")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .values_list("case_key", flat=True)
    )


# --- The review queue as most open it: every open pair, no filter -------------------------------

QUEUE_CACHE_SECONDS = 24 * 60 * 60
# Part of the queue's cache key: a new one whenever Queue changes shape.
QUEUE_CACHE_VERSION = 2


@dataclass
class Queue:
    """How many pairs the unfiltered review queue pages through, and how many are open."""

    # Open pairs between active activities outside the cases: the pages' count.
    pairs: int
    # Every open pair, in a case or not: the overview's tile and the queue's heading.
    open_total: int


# What the unfiltered queue shows records history in these tables (see queue_state()).
QUEUE_EVENTS = [
    "goals.OverlapDecisionEvent",
    "goals.ActivityEvent",
    # A pair's row names each activity's process and its area.
    "processes.ProcessEvent",
    "processes.ProcessAreaEvent",
]


def queue_state() -> str:
    """What the unfiltered queue depends on, in one query: the newest history event of the
    pairs (found, decided), of the activities (a title, a budget, a withdrawal, a process) and
    of the processes and their areas (a name), the unit tree, and the cases' version (every
    scan renews it after regrouping, dropping or rescoring pairs, which records no event). The
    queue's table of cases is kept as HTML under it, and its pages of pairs (cached_page())."""
    fingerprint = newest_events(QUEUE_EVENTS)
    return f"{fingerprint}:{cases_version()}"


def cached_queue(state: str) -> Queue:
    """The unfiltered queue's counts from the cache while queue_state() is unchanged."""
    key = f"riktning:overlap-queue:v{QUEUE_CACHE_VERSION}:{state}"
    queue = cache.get(key)
    if queue is None:
        queue = _queue_counts()
        cache.set(key, queue, QUEUE_CACHE_SECONDS)
    return queue


def _queue_counts() -> Queue:
    """The unfiltered queue's counts in one query, from the rows the database keeps: every open
    pair (goals.OpenPairCount), less those with a withdrawn activity (a few, found through the
    withdrawn activities), less those in the cases (goals.OverlapCase counts each case's open
    pairs between active activities). Counting the open pairs between active activities outside
    the cases took 220-270 ms at 256,000 open pairs, each visit after a change; this takes 30,
    most of it finding the withdrawn activities. tests/goals/overlap/test_queue_pages_cache.py
    compares it with counting every pair."""
    quote = connection.ops.quote_name
    pairs = quote(OverlapSuggestion._meta.db_table)
    activities = quote(Activity._meta.db_table)
    total = quote(OpenPairCount._meta.db_table)
    rows = quote(OverlapCase._meta.db_table)
    # Each withdrawn activity's open pairs are found through the pairs' two activity indexes.
    sql = f"""
        WITH withdrawn AS MATERIALIZED (
            SELECT id FROM {activities} WHERE withdrawn_at IS NOT NULL
        )
        SELECT
            coalesce((SELECT n.pairs FROM {total} n WHERE n.id = 1), 0),
            (SELECT count(DISTINCT p.id) FROM withdrawn w CROSS JOIN LATERAL (
                SELECT s.id FROM {pairs} s WHERE s.activity_a_id = w.id AND s.decision = %(open)s
                UNION ALL
                SELECT s.id FROM {pairs} s WHERE s.activity_b_id = w.id AND s.decision = %(open)s
            ) p),
            (SELECT coalesce(sum(c.pairs), 0) FROM {rows} c)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"open": Decision.OPEN})
        open_total, with_withdrawn, in_cases = cursor.fetchone()
    return Queue(pairs=open_total - with_withdrawn - in_cases, open_total=open_total)


# Part of the key of a page of pairs: a new one whenever what cached_page() keeps changes shape
# (the pairs' related rows, read by the view's select_related()).
PAGE_CACHE_VERSION = 1


def cached_page(page: Page, state: str) -> list[OverlapSuggestion]:
    """The pairs of a page of the unfiltered queue (``page`` from the queue's paginator, its
    object_list not read yet), from the cache while queue_state() is unchanged. The page's
    query joins each pair to both activities with their units, processes and areas: at 256,000
    open pairs its planning and the joins of the pairs in cases it passes on the way took 18 of
    the warm page's 37 ms; unpickling the page's rows takes under 1 ms."""
    key = (
        f"riktning:overlap-queue-page:v{PAGE_CACHE_VERSION}:{page.paginator.per_page}:"
        f"{page.number}:{state}"
    )
    pairs = cache.get(key)
    if pairs is None:
        pairs = list(page.object_list)
        cache.set(key, pairs, QUEUE_CACHE_SECONDS)
    return pairs


def get_case(key: int) -> Case | None:
    found = _cases([key])
    return found[0] if found and len(found[0].pairs) >= 2 else None


def _cases(keys: list[int]) -> list[Case]:
    by_key: dict[int, Case] = {}
    pairs = (
        OverlapSuggestion.objects.open()
        .filter(
            case_key__in=keys,
            activity_a__withdrawn_at__isnull=True,
            activity_b__withdrawn_at__isnull=True,
        )
        .select_related(*RELATED)
        .order_by("-score", "pk")
    )
    for pair in pairs:
        by_key.setdefault(pair.case_key, Case(pair.case_key)).pairs.append(pair)
    return list(by_key.values())


@dataclass
class CaseTotal:
    """An open case as a line in a list: what it is about, where, and its combined budget."""

    key: int
    # The title of the case's largest activity (by budget), which names the work.
    title: str
    units: list[str]
    activities: int
    kronor: int


@dataclass
class OpenCaseTotals:
    """How many open cases, their combined budget ("kronor i parallellt arbete") and the largest."""

    count: int = 0
    kronor: int = 0
    largest: list[CaseTotal] = field(default_factory=list)


def open_case_totals(*, limit: int, unit_ids: Collection[int] | None = None) -> OpenCaseTotals:
    """The open cases (two open pairs or more between active activities, as get_case() finds
    them) by combined budget, each activity counted once, with the count and total over every
    case: the overview's act-on list and the period report read them. ``unit_ids`` keeps the
    cases with an activity of one of those units (a board's report); each is still counted whole.

    One query over goals.OverlapCase, the cases' rows that the database keeps as pairs and
    activities change (migration 0026): the largest come from its index, the count and total
    from its few thousand rows; titles and unit names are read for the largest only.
    """
    quote = connection.ops.quote_name
    cases = quote(OverlapCase._meta.db_table)
    activities = quote(Activity._meta.db_table)
    units = quote(Unit._meta.db_table)
    params: list[object] = []
    involving = ""
    if unit_ids is not None:
        involving = "WHERE c.unit_ids && %s::bigint[]"
        params.append(list(unit_ids))
    params.append(limit)
    sql = f"""
        WITH largest AS (
            SELECT c.key, c.activities, c.kronor, c.unit_ids, c.largest_id,
                   count(*) OVER () AS cases, sum(c.kronor) OVER () AS total
            FROM {cases} c
            {involving}
            ORDER BY c.kronor DESC, c.activities DESC, c.key
            LIMIT %s
        )
        SELECT largest.key, largest.activities, largest.kronor,
               ARRAY(
                   SELECT DISTINCT unit.name FROM {units} unit
                   WHERE unit.id = ANY(largest.unit_ids) ORDER BY unit.name
               ),
               act.title, largest.cases, largest.total
        FROM largest
        JOIN {activities} act ON act.id = largest.largest_id
        ORDER BY largest.kronor DESC, largest.activities DESC, largest.key
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return OpenCaseTotals()
    return OpenCaseTotals(
        count=rows[0][5],
        kronor=int(rows[0][6]),
        largest=[
            CaseTotal(
                key=key, title=title, units=list(unit_names), activities=n, kronor=int(kronor)
            )
            for key, n, kronor, unit_names, title, _count, _total in rows
        ],
    )


def can_decide_case(user, case: Case) -> bool:
    """Who may decide every pair of the case."""
    return all(can_decide_overlap(user, pair) for pair in case.pairs)


@transaction.atomic
def case_decide(
    *, user, case: Case, decision: str, note: str = "", saving: ExpectedSaving | None = None
) -> int:
    """Decide every open pair of the case at once, each with the same decision and note (so each
    activity's history shows it), for a duplicate with one expected saving for the whole case;
    returns how many pairs were decided."""
    if not can_decide_case(user, case):
        raise PermissionDenied
    decided = [
        overlap_decide(user=user, suggestion=pair, decision=decision, note=note)
        for pair in case.pairs
    ]
    if saving is not None:
        largest = max(
            case.activities, key=lambda activity: (activity.budget_sek or 0, -activity.pk)
        )
        saving_record(
            user=user,
            pairs=decided,
            title=largest.title,
            saving=saving,
            involved=involved_units(case.activities),
        )
    OverlapSuggestion.objects.filter(pk__in=[p.pk for p in case.pairs]).update(case_key=None)
    return len(case.pairs)


# --- Duplicated work in the overview's matrix ----------------------------------------------------


def duplicated_work_by_cell() -> dict[tuple[int, int], int]:
    """How many active activities of each (top-level unit id, council goal id) cell of the
    overview's matrix are in a strong open pair (strong_open_pairs()), each activity counted once
    per cell, as the matrix counts them: departments in their administration or company, unit
    goals in their council goal, whatever the contribution's effect.

    One grouped query over the rows of goals.ActivityCell that the database marks as in
    duplicated work as pairs and activities change (migration 0027), read from their partial
    index instead of looking up every strong open pair."""
    rows = (
        ActivityCell.objects.filter(duplicated=True, top_unit__isnull=False)
        .values_list("top_unit_id", "council_goal_id")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by()
    )
    return {(unit_id, goal_id): n for unit_id, goal_id, n in rows}


@dataclass
class CellDuplicate:
    """A case (two open pairs or more, as get_case() reads it) or a single strong pair that one of
    a matrix cell's activities is in, with every activity of it counted once."""

    case_key: int | None
    pair_id: int | None
    activities: int
    kronor: int
    # The units of the activities outside the cell, and the cell's own activities in it.
    other_units: list[str]
    own_titles: list[str]

    @property
    def is_case(self) -> bool:
        return self.case_key is not None

    @property
    def url(self) -> str:
        if self.case_key is not None:
            return reverse("goals:overlap_case", kwargs={"key": self.case_key})
        return reverse("goals:overlap_detail", kwargs={"pk": self.pair_id})


@dataclass
class CellDuplicates:
    shown: list[CellDuplicate] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


def cell_duplicates(*, unit_id: int, goal_id: int, limit: int) -> CellDuplicates:
    """The open cases and single strong pairs that the active activities of a matrix cell (a
    top-level unit with its departments, a council goal with the goals below it) are in, the
    largest combined budget first, at most ``limit`` of them, and how many there are.

    A strong pair of the cell (strong_open_pairs()) counts as its case when its case_key holds two
    open pairs or more between active activities (what get_case() and the case page show), else
    as a pair. One query, grouped in the database: the cell's activities reach the pairs through
    the pair's two activity indexes, a case's other pairs through case_key.
    """
    quote = connection.ops.quote_name
    pairs = quote(OverlapSuggestion._meta.db_table)
    activities = quote(Activity._meta.db_table)
    contributions = quote(Contribution._meta.db_table)
    goals = quote(Goal._meta.db_table)
    units = quote(Unit._meta.db_table)
    # An open pair between active activities, as s; joined once per use so that no CTE holds
    # every open pair of the group.
    live = f"""
        JOIN {activities} pa ON pa.id = s.activity_a_id AND pa.withdrawn_at IS NULL
        JOIN {activities} pb ON pb.id = s.activity_b_id AND pb.withdrawn_at IS NULL
    """
    sql = f"""
        WITH cell AS MATERIALIZED (
            SELECT DISTINCT act.id
            FROM {contributions} c
            JOIN {goals} g ON g.id = c.goal_id
            JOIN {activities} act ON act.id = c.activity_id AND act.withdrawn_at IS NULL
            JOIN {units} u ON u.id = act.owner_unit_id
            WHERE g.council_goal_id = %(goal)s AND u.top_unit_id = %(unit)s
        ),
        touching AS MATERIALIZED (
            SELECT s.id, s.case_key FROM cell JOIN {pairs} s ON s.activity_a_id = cell.id {live}
            WHERE s.decision = %(open)s AND s.text_score >= %(score)s
            UNION
            SELECT s.id, s.case_key FROM cell JOIN {pairs} s ON s.activity_b_id = cell.id {live}
            WHERE s.decision = %(open)s AND s.text_score >= %(score)s
        ),
        in_case AS (
            SELECT s.case_key FROM {pairs} s {live}
            WHERE s.decision = %(open)s
              AND s.case_key IN (SELECT case_key FROM touching WHERE case_key IS NOT NULL)
            GROUP BY s.case_key HAVING count(*) >= 2
        ),
        grp AS (
            SELECT DISTINCT in_case.case_key,
                   CASE WHEN in_case.case_key IS NULL THEN t.id END AS pair_id
            FROM touching t LEFT JOIN in_case USING (case_key)
        ),
        member_pair AS (
            SELECT grp.case_key, grp.pair_id, s.activity_a_id, s.activity_b_id
            FROM grp JOIN {pairs} s ON s.case_key = grp.case_key {live}
            WHERE s.decision = %(open)s
            UNION ALL
            SELECT grp.case_key, grp.pair_id, s.activity_a_id, s.activity_b_id
            FROM grp JOIN {pairs} s ON s.id = grp.pair_id
        ),
        member AS (
            SELECT DISTINCT mp.case_key, mp.pair_id, m.activity_id
            FROM member_pair mp
            CROSS JOIN LATERAL (VALUES (mp.activity_a_id), (mp.activity_b_id)) AS m(activity_id)
        ),
        per_group AS (
            SELECT member.case_key, member.pair_id,
                   count(*) AS activities,
                   COALESCE(sum(act.budget_sek), 0) AS kronor,
                   array_agg(DISTINCT unit.name ORDER BY unit.name)
                       FILTER (WHERE cell.id IS NULL) AS other_units,
                   array_agg(act.title ORDER BY act.budget_sek DESC NULLS LAST, act.title, act.id)
                       FILTER (WHERE cell.id IS NOT NULL) AS own_titles
            FROM member
            JOIN {activities} act ON act.id = member.activity_id
            JOIN {units} unit ON unit.id = act.owner_unit_id
            LEFT JOIN cell ON cell.id = member.activity_id
            GROUP BY member.case_key, member.pair_id
        )
        SELECT case_key, pair_id, activities, kronor, other_units, own_titles, count(*) OVER ()
        FROM per_group
        ORDER BY kronor DESC, activities DESC, case_key, pair_id
        LIMIT %(limit)s
    """
    params = {
        "goal": goal_id,
        "unit": unit_id,
        "open": Decision.OPEN,
        "score": CASE_SCORE,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return CellDuplicates(
        shown=[
            CellDuplicate(
                case_key=case_key,
                pair_id=pair_id,
                activities=n,
                kronor=int(kronor),
                other_units=list(other_units or []),
                own_titles=list(own_titles or []),
            )
            for case_key, pair_id, n, kronor, other_units, own_titles, _total in rows
        ],
        total=rows[0][6] if rows else 0,
    )
