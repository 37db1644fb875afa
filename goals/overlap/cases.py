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
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Count, Q

from goals.models import Activity, OverlapSuggestion
from goals.overlap import documents
from goals.overlap.scan import can_decide_overlap, overlap_decide

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
    if changes:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {OverlapSuggestion._meta.db_table} AS s SET case_key = v.key
                FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, key) WHERE s.id = v.id
                """,
                [[pk for pk, _ in changes], [key for _, key in changes]],
            )
        if activity_ids is None or len(changes) >= documents.BULK_ANALYSED:
            # The full scan brings the pairs' statistics up to date before this regrouping, so
            # the planner would otherwise go on believing that no pair has a case until
            # autovacuum comes round (or never, where it is off): at 255,937 pairs the act-on
            # list's query of the cases then joined every pair with every case in a nested
            # loop and ran for minutes instead of a fraction of a second.
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
    "activity_a__owner_unit",
    "activity_a__process__area",
    "activity_b__owner_unit",
    "activity_b__process__area",
)


def open_cases(*, pairs=None, limit: int = 20) -> list[Case]:
    """The open cases of three or more activities (two pairs or more), most units first, then
    the largest combined budget. `pairs` narrows the open pairs (the queue's filters)."""
    pairs = OverlapSuggestion.objects.open() if pairs is None else pairs
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


def case_keys_with_several_pairs(pairs) -> list[int]:
    return list(
        pairs.exclude(case_key=None)
        .values("case_key")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .values_list("case_key", flat=True)
    )


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


def can_decide_case(user, case: Case) -> bool:
    """Who may decide every pair of the case."""
    return all(can_decide_overlap(user, pair) for pair in case.pairs)


@transaction.atomic
def case_decide(*, user, case: Case, decision: str, note: str = "") -> int:
    """Decide every open pair of the case at once, each with the same decision and note (so each
    activity's history shows it); returns how many pairs were decided."""
    if not can_decide_case(user, case):
        raise PermissionDenied
    for pair in case.pairs:
        overlap_decide(user=user, suggestion=pair, decision=decision, note=note)
    OverlapSuggestion.objects.filter(pk__in=[p.pk for p in case.pairs]).update(case_key=None)
    return len(case.pairs)
