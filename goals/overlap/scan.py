"""The overlap scan: pairs of activities in different units that look like the same work, kept
as OverlapSuggestion rows for the review queue, and the decisions people make about them.

Which pairs
    Two active (not withdrawn) activities with different owner units. Different owner units,
    not only different top units: two departments of the same administration running the same
    thing side by side is duplication too, and the review queue shows both units so a reader
    sees at once whether it is inside one administration or across the group. An activity is
    never paired with itself, and a pair is stored once, lower id first.

How alike
    text_score is goals.overlap.search's score (trigram similarity of the Swedish-normalised title
    and text, generic words out; see that module). What the text cannot see, the goal chain
    can: each goal both activities contribute to (directly, or through the same council goal)
    and the same group-wide process add a little:

        score = min(1, text_score + 0.05 × min(shared_goals, 2) + 0.05 × same_process)

    A pair is suggested when score ≥ MIN_SCORE (0.30) and text_score ≥ TEXT_FLOOR (0.20): goals
    alone never pair two activities (a council goal has hundreds), but they lift a pair whose
    text is alike yet not quite enough, such as two leadership programmes written in different
    words under the same goal.

Rescanning
    Running a scan again creates no duplicates: a pair is one row (unique constraint), updated
    in place. A decided pair (duplicate, related or not alike) is never touched again: its
    decision, note and scores stay as they were when someone decided, and it is never reopened.
    An open pair that no longer reaches the threshold (its text changed, or one side was
    withdrawn) is removed: nobody decided anything about it, and a stale suggestion in the
    queue costs the reviewers' trust.

Full and incremental
    overlap_scan() compares every active activity with every other, in Python: the trigram
    sets of all titles and all texts become two sparse matrices (documents × trigrams), and the
    products block × rest-of-matrix give, for every pair once (upper triangle only), how many
    trigrams the two share. Trigrams found in more than 5% of all texts are left out of that
    first cut (they pair everything with everything and prove nothing), and of the pairs it
    finds each activity keeps its hundred strongest (CANDIDATES_PER_ACTIVITY, block by block, so
    a field written from one template does not flood the next step); those candidates get
    their exact similarity from the full matrices, all at once, and the strongest five of
    each activity (PAIRS_PER_ACTIVITY; a pair counts when it is among either side's five) are
    scored one by one exactly as goals.overlap.search scores them. The cap keeps the queue readable
    where a whole field is written from one template (a synthetic group of 100,000 activities
    has some 11 million pairs above 0.3); a real group rarely reaches it.
    overlap_scan(activity_ids=[...]) compares those activities with all others through the
    database's trigram index, the same search as the live suggestions: what runs after a save
    or an import.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from scipy import sparse

from goals.models import Activity, Contribution, OverlapSuggestion
from goals.overlap.search import (
    MIN_SCORE,
    TEXT_WEIGHT,
    TITLE_WEIGHT,
    Doc,
    candidate_rows,
    pair_score,
)
from vaxjo_riktning.models import Role
from vaxjo_riktning.permissions import owned_process_area_ids

TEXT_FLOOR = 0.20
GOAL_BONUS = 0.05
MAX_GOAL_BONUSES = 2
PROCESS_BONUS = 0.05
# First cut of the full scan: a pair goes on to exact scoring when the trigrams it shares
# (frequent ones not counted) make a similarity of at least this, for title or full text.
CANDIDATE_SIMILARITY = 0.15
# Trigrams in more than this share of all texts are left out of the first cut (never fewer
# than FREQUENT_MIN_DOCUMENTS, so a small group keeps every trigram).
FREQUENT_SHARE = 0.05
FREQUENT_MIN_DOCUMENTS = 500
BLOCK_ROWS = 1000
# The first cut keeps at most this many pairs per activity, its strongest by shared trigrams,
# for title and for text each, so the exact score decides among them. On the synthetic
# 100,000-activity group, titles written from one template gave 27 million candidates, and
# scoring them all exactly took 390 of the scan's 470 s; with 100 per activity finding the
# pairs takes 130 s and finds 271 of the 500 planted duplicates (scoring all found 270; 20 per
# activity found 251).
CANDIDATES_PER_ACTIVITY = 100
# Pairs whose score without generic words falls this little short of TEXT_FLOOR are scored
# again with generic words inside compounds kept (which can only bring two texts closer).
RESCUE_MARGIN = 0.1
# At most this many suggestions per activity from one full scan: its strongest pairs. A pair
# is kept when it is among the strongest of either side. Where a whole field is written from
# the same template this keeps the queue readable; real groups rarely reach it. (On the
# synthetic 100,000-activity group, 5 kept 280 of the 500 planted duplicates: 170 more scored
# above 0.30 but below five stronger look-alikes of the same template. 10 kept 312 of them and
# doubled the queue to 689,000 pairs.)
PAIRS_PER_ACTIVITY = 5
# Serialises the writing part of scans running at the same time (nightly and after a save).
_LOCK_KEY = 7_202_603

DECISION_REQUIRED = _("Choose duplicate, related or not alike.")

Decision = OverlapSuggestion.Decision


@dataclass
class ScanResult:
    pairs_compared: int
    suggestions_created: int
    suggestions_updated: int
    seconds: float
    suggestions_removed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.pairs_compared} pairs compared, {self.suggestions_created} suggestions "
            f"created, {self.suggestions_updated} updated, {self.suggestions_removed} removed "
            f"in {self.seconds:.1f} s"
        )


@dataclass
class _Row:
    pk: int
    unit_id: int
    process_id: int | None
    title: Doc
    text: Doc


@dataclass
class _Found:
    text_score: float
    same_process: bool


def overlap_scan(*, activity_ids: Sequence[int] | None = None) -> ScanResult:
    """Find alike pairs and store them as suggestions. None: every active activity against every
    other (the nightly scan). A list: those activities against all others (after a save)."""
    started = time.monotonic()
    if activity_ids is None:
        found, compared = _full_candidates()
        scope = Q()
    else:
        ids = sorted(set(activity_ids))
        found, compared = _incremental_candidates(ids)
        scope = Q(activity_a_id__in=ids) | Q(activity_b_id__in=ids)
    created, updated, removed = _store(found, scope)
    return ScanResult(
        pairs_compared=compared,
        suggestions_created=created,
        suggestions_updated=updated,
        suggestions_removed=removed,
        seconds=round(time.monotonic() - started, 3),
    )


# --- Finding pairs ------------------------------------------------------------------------------


def _load_rows() -> list[_Row]:
    rows = Activity.objects.active().order_by("pk")
    return [
        _Row(pk, unit_id, process_id, Doc.of(title), Doc.of(text))
        for pk, unit_id, process_id, title, text in rows.values_list(
            "pk", "owner_unit_id", "process_id", "similarity_title", "similarity_text"
        ).iterator(chunk_size=5000)
    ]


def _matrix(docs: list[Doc]) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
    """Documents × trigrams (1 where the text has the trigram): all of them, and without the
    frequent ones (for the first cut); and the size of each document's trigram set."""
    vocabulary: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for doc in docs:
        indices.extend(vocabulary.setdefault(t, len(vocabulary)) for t in doc.trigrams)
        indptr.append(len(indices))
    sizes = np.diff(np.asarray(indptr, dtype=np.int64)).astype(np.float32)
    matrix = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
        shape=(len(docs), max(len(vocabulary), 1)),
    )
    limit = max(FREQUENT_SHARE * len(docs), FREQUENT_MIN_DOCUMENTS)
    frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    keep = sparse.diags((frequency <= limit).astype(np.float32))
    reduced = (matrix @ keep).tocsr()
    reduced.eliminate_zeros()
    return matrix, reduced, sizes


def _exact_similarity(matrix: sparse.csr_matrix, sizes: np.ndarray, i, j) -> np.ndarray:
    """pg_trgm similarity (Jaccard) of the document pairs (i[k], j[k]), vectorised."""
    out = np.empty(len(i), dtype=np.float32)
    for start in range(0, len(i), 500_000):
        a, b = i[start : start + 500_000], j[start : start + 500_000]
        inter = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
        union = sizes[a] + sizes[b] - inter
        out[start : start + len(a)] = np.divide(
            inter, union, out=np.zeros_like(inter, dtype=np.float32), where=union > 0
        )
    return out


def _candidate_pairs(
    matrix: sparse.csr_matrix, sizes: np.ndarray, per_activity: int
) -> tuple[np.ndarray, int]:
    """Pairs (i < j, as i * n + j) whose shared trigrams reach CANDIDATE_SIMILARITY and are
    among the per_activity strongest of either side, each pair computed once (upper triangle,
    block by block); and how many pairs shared any trigram.

    A block holds every pair of its rows with a later activity, but only some of a column's
    pairs; a pair among an activity's strongest overall is among its strongest in any block
    that holds it, so each block keeps its own strongest per activity (few rows instead of
    hundreds where a whole field shares its words) and the strongest of what the blocks kept
    are the strongest overall."""
    n = matrix.shape[0]
    transposed = matrix.T.tocsc()
    codes: list[np.ndarray] = []
    similarities: list[np.ndarray] = []
    compared = 0
    for start in range(0, n, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n)
        shared = sparse.triu(matrix[start:stop] @ transposed[:, start:], k=1).tocoo()
        compared += shared.nnz
        i = shared.row.astype(np.int64) + start
        j = shared.col.astype(np.int64) + start
        similarity = shared.data / (sizes[i] + sizes[j] - shared.data)
        hit = similarity >= CANDIDATE_SIMILARITY
        i, j, similarity = i[hit], j[hit], similarity[hit]
        strongest = _top_for_each(i, j, similarity, per_activity)
        codes.append(i[strongest] * n + j[strongest])
        similarities.append(similarity[strongest].astype(np.float32))
    if not codes:
        return np.empty(0, dtype=np.int64), compared
    code, similarity = np.concatenate(codes), np.concatenate(similarities)
    strongest = _top_for_each(code // n, code % n, similarity, per_activity)
    return np.sort(code[strongest]), compared


def _full_candidates() -> tuple[dict[tuple[int, int], _Found], int]:
    rows = _load_rows()
    n = len(rows)
    if n < 2:
        return {}, 0
    title = _matrix([r.title for r in rows])
    text = _matrix([r.text for r in rows])
    title_pairs, compared = _candidate_pairs(title[1], title[2], CANDIDATES_PER_ACTIVITY)
    text_pairs, _ = _candidate_pairs(text[1], text[2], CANDIDATES_PER_ACTIVITY)
    codes = np.union1d(title_pairs, text_pairs)
    i, j = codes // n, codes % n
    units = np.asarray([r.unit_id for r in rows], dtype=np.int64)
    other_unit = units[i] != units[j]
    i, j = i[other_unit], j[other_unit]
    # Exact scores, generic words out, for every candidate at once; the few near the floor
    # are scored again one by one with generic words inside compounds kept (pair_score).
    approximate = TITLE_WEIGHT * _exact_similarity(
        title[0], title[2], i, j
    ) + TEXT_WEIGHT * _exact_similarity(text[0], text[2], i, j)
    near = approximate >= TEXT_FLOOR - RESCUE_MARGIN
    i, j, approximate = i[near], j[near], approximate[near]
    keep = _top_for_each(i, j, approximate, PAIRS_PER_ACTIVITY)
    found: dict[tuple[int, int], _Found] = {}
    for a_index, b_index in zip(i[keep].tolist(), j[keep].tolist(), strict=True):
        a, b = rows[a_index], rows[b_index]
        score = pair_score(a.title, a.text, b.title, b.text)
        if score >= TEXT_FLOOR:
            same_process = a.process_id is not None and a.process_id == b.process_id
            found[(a.pk, b.pk)] = _Found(score, same_process)
    return found, compared


def _top_for_each(i: np.ndarray, j: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Which pairs are among the k best of either of their two activities (a boolean mask)."""
    if len(i) == 0:
        return np.zeros(0, dtype=bool)
    node = np.concatenate([i, j])
    pair = np.concatenate([np.arange(len(i)), np.arange(len(i))])
    order = np.lexsort((-np.concatenate([score, score]), node))
    node, pair = node[order], pair[order]
    starts = np.r_[0, np.flatnonzero(np.diff(node)) + 1]
    rank = np.arange(len(node)) - np.repeat(starts, np.diff(np.r_[starts, len(node)]))
    keep = np.zeros(len(i), dtype=bool)
    keep[pair[rank < k]] = True
    return keep


def _incremental_candidates(ids: list[int]) -> tuple[dict[tuple[int, int], _Found], int]:
    found: dict[tuple[int, int], _Found] = {}
    compared = 0
    rows = Activity.objects.active().filter(pk__in=ids)
    for pk, unit_id, process_id, title, text in rows.values_list(
        "pk", "owner_unit_id", "process_id", "similarity_title", "similarity_text"
    ):
        own_title, own_text = Doc.of(title), Doc.of(text)
        for other in candidate_rows(
            norm_title=title, norm_text=text, exclude_unit_id=unit_id, exclude_activity_id=pk
        ):
            other_pk, _unit, other_process, other_title, other_text = other
            key = (min(pk, other_pk), max(pk, other_pk))
            if key in found:
                continue
            compared += 1
            score = pair_score(own_title, own_text, Doc.of(other_title), Doc.of(other_text))
            if score >= TEXT_FLOOR:
                same = process_id is not None and process_id == other_process
                found[key] = _Found(score, same)
    return found, compared


def _goal_keys(activity_ids: Iterable[int] | None) -> dict[int, set[int]]:
    """For each activity, the goals it contributes to and the council goals above them."""
    contributions = Contribution.objects.all()
    if activity_ids is not None:
        contributions = contributions.filter(activity_id__in=list(activity_ids))
    keys: dict[int, set[int]] = defaultdict(set)
    for activity_id, goal_id, council_id in contributions.values_list(
        "activity_id", "goal_id", "goal__council_goal_id"
    ).order_by():
        keys[activity_id].add(goal_id)
        if council_id is not None:
            keys[activity_id].add(council_id)
    return keys


def combined_score(*, text_score: float, shared_goals: int, same_process: bool) -> float:
    bonus = GOAL_BONUS * min(shared_goals, MAX_GOAL_BONUSES) + PROCESS_BONUS * same_process
    return min(1.0, text_score + bonus)


# --- Storing them -------------------------------------------------------------------------------


def _store(found: dict[tuple[int, int], _Found], scope: Q) -> tuple[int, int, int]:
    """Create new pairs, refresh open ones, leave decided ones alone, remove open ones in scope
    that no longer reach the threshold. Returns (created, updated, removed)."""
    involved = {pk for pair in found for pk in pair}
    many = len(involved) > 20_000
    goals = _goal_keys(None if many else involved)
    now = timezone.now()
    wanted: dict[tuple[int, int], OverlapSuggestion] = {}
    for (a, b), hit in found.items():
        shared = len(goals.get(a, set()) & goals.get(b, set()))
        score = combined_score(
            text_score=hit.text_score, shared_goals=shared, same_process=hit.same_process
        )
        if score < MIN_SCORE:
            continue
        wanted[(a, b)] = OverlapSuggestion(
            activity_a_id=a,
            activity_b_id=b,
            score=round(score, 4),
            text_score=round(hit.text_score, 4),
            shared_goals=min(shared, 32767),
            same_process=hit.same_process,
            found_at=now,
            scanned_at=now,
        )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
            # Check the foreign keys row by row as they are written: Django declares them
            # deferred, and hundreds of thousands of checks queued until the commit make every
            # later statement of the transaction slower than the last.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        existing = {
            (a, b): (pk, decision)
            for pk, a, b, decision in _existing(scope, wanted)
            .values_list("pk", "activity_a_id", "activity_b_id", "decision")
            .order_by()
            .iterator(chunk_size=10_000)
        }
        new, changed = [], []
        for key, suggestion in wanted.items():
            if key not in existing:
                new.append(suggestion)
            elif existing[key][1] == Decision.OPEN:
                suggestion.pk = existing[key][0]
                changed.append(suggestion)
        stale = [
            pk
            for key, (pk, decision) in existing.items()
            if decision == Decision.OPEN and key not in wanted
        ]
        # A scan running at the same time may have created a pair since we read: update it.
        OverlapSuggestion.objects.bulk_create(
            new,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["activity_a", "activity_b"],
            update_fields=["score", "text_score", "shared_goals", "same_process", "scanned_at"],
        )
        _update_scores(changed, now)
        removed = 0
        for start in range(0, len(stale), 10_000):
            removed += OverlapSuggestion.objects.filter(
                pk__in=stale[start : start + 10_000]
            ).delete()[0]
    return len(new), len(changed), removed


def _update_scores(changed: list[OverlapSuggestion], now) -> None:
    """Write the new scores of open pairs, 10,000 rows a statement (bulk_update's CASE per row
    grows with the square of the batch). A pair decided meanwhile is left as it is."""
    table = OverlapSuggestion._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(changed), 10_000):
            chunk = changed[start : start + 10_000]
            cursor.execute(
                f"""
                UPDATE {table} AS s
                SET score = v.score, text_score = v.text_score, shared_goals = v.shared_goals,
                    same_process = v.same_process, scanned_at = %s
                FROM unnest(%s::bigint[], %s::float8[], %s::float8[], %s::int[], %s::bool[])
                    AS v(id, score, text_score, shared_goals, same_process)
                WHERE s.id = v.id AND s.decision = %s
                """,
                [
                    now,
                    [c.pk for c in chunk],
                    [c.score for c in chunk],
                    [c.text_score for c in chunk],
                    [c.shared_goals for c in chunk],
                    [c.same_process for c in chunk],
                    Decision.OPEN,
                ],
            )


def _existing(scope: Q, wanted: dict[tuple[int, int], OverlapSuggestion]):
    """The stored suggestions the scan may touch: those in its scope, and any it found."""
    queryset = OverlapSuggestion.objects.all()
    if not scope:  # a full scan: every stored pair
        return queryset
    ids = {pk for pair in wanted for pk in pair}
    return queryset.filter(scope | Q(activity_a_id__in=ids) | Q(activity_b_id__in=ids))


# --- Decisions and reading ----------------------------------------------------------------------


def can_decide_overlap(user, suggestion: OverlapSuggestion) -> bool:
    """The chief executive and administrators decide any pair; a process owner decides a pair
    when either activity runs in one of their process areas."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_administrator or user.has_role(Role.CHIEF_EXECUTIVE):
        return True
    areas = owned_process_area_ids(user)
    if not areas:
        return False
    for activity in (suggestion.activity_a, suggestion.activity_b):
        if activity.process_id is not None and activity.process.area_id in areas:
            return True
    return False


@transaction.atomic
def overlap_decide(
    *, user, suggestion: OverlapSuggestion, decision: str, note: str = ""
) -> OverlapSuggestion:
    """Record a decision about a pair: who, when, and a note. Later scans never change it.
    Merging a duplicate into one shared activity is the caller's next step, not this one's."""
    if decision not in Decision.values or decision == Decision.OPEN:
        raise ValidationError({"decision": DECISION_REQUIRED})
    locked = OverlapSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    locked.decision = decision
    locked.note = note.strip()
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save(update_fields=["decision", "note", "decided_by", "decided_at"])
    return locked


def suggestions_for_activity(activity: Activity) -> list[OverlapSuggestion]:
    """Every suggestion involving the activity, open and decided, strongest first, with both
    activities and their units joined (use suggestion.other(activity) for the other side)."""
    return list(
        OverlapSuggestion.objects.involving(activity)
        .select_related("activity_a__owner_unit", "activity_b__owner_unit", "decided_by")
        .order_by("-score", "pk")
    )
