"""The overlap scan: pairs of activities in different units that look like the same work, kept
as OverlapSuggestion rows for the review queue, and the decisions people make about them.

Which pairs, how they are scored, why a rescan never touches a decided pair, and how the full
and the incremental scan differ: docs/design/overlap-scan.md.
"""

from __future__ import annotations

import functools
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from scipy import sparse

from goals.models import Activity, Contribution, OverlapSuggestion
from goals.overlap import documents, search, vocabulary
from goals.overlap.evidence import MIN_DOCUMENTS, Doc, idf, likeness
from goals.overlap.reasons import Reason, reasons
from goals.overlap.text import key
from vaxjo_riktning.models import Role
from vaxjo_riktning.permissions import owned_process_area_ids

GOAL_BONUS = 0.05
MAX_GOAL_BONUSES = 2
PROCESS_BONUS = 0.05
BLOCK_ROWS = 1000
# The first cut of the full scan: pairs whose word vectors' cosine reaches this, each activity
# keeping its strongest few, go on to the model. The model takes about 0.1 ms a pair in Python.
# Measured at 98,990 synthetic activities (2026-12-07, idle): ten candidates each, a scan of
# 155 s storing 362 of 500 planted pairs, 130 of the others lost in this cut although the model
# would have kept them; twenty, 212 s and 391.
CANDIDATE_SIMILARITY = 0.05
CANDIDATES_PER_ACTIVITY = 20
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
class _Found:
    text_score: float
    same_process: bool
    reasons: list[Reason]


def overlap_scan(*, activity_ids: Sequence[int] | None = None) -> ScanResult:
    """Find alike pairs and store them as suggestions. None: every active activity against every
    other (the nightly scan). A list: those activities against all others (after a save)."""
    started = time.monotonic()
    documents.refresh(activity_ids)
    if activity_ids is None:
        found, compared = _full_candidates()
        scope = Q()
    else:
        ids = sorted(set(activity_ids))
        found, compared = _incremental_candidates(ids)
        scope = Q(activity_a_id__in=ids) | Q(activity_b_id__in=ids)
    created, updated, removed = _store(found, scope)
    if activity_ids is None:
        # The nightly scan rewrites much of the queue (1.1 million rows changed in one scan of
        # the 100,000-activity benchmark group), and the pages that read it should not plan
        # with the numbers of the day before until autovacuum comes round.
        documents.update_statistics(OverlapSuggestion)
    from goals.overlap import cases  # cases decides through this module

    cases.assign(None if activity_ids is None else ids)
    return ScanResult(
        pairs_compared=compared,
        suggestions_created=created,
        suggestions_updated=updated,
        suggestions_removed=removed,
        seconds=round(time.monotonic() - started, 3),
    )


# --- Finding pairs ------------------------------------------------------------------------------


def _docs(stored: list[documents.Stored]) -> list[Doc]:
    words = vocabulary.current()
    counts, total = documents.counts(k for s in stored for k in documents.keys_of(s.text))

    @functools.cache
    def weight(k: str) -> float:
        return idf(counts.get(k, 0), total)

    return [Doc(s.title, s.text, words, weight) for s in stored]


def _unweighted(_key: str) -> float:
    return 1.0


def _first_cut_vector(doc: Doc) -> dict[str, float]:
    """What the first cut compares, before rarity: the text's words, parts and vocabulary groups,
    a word of a group counted only as its group, and the places it names (which the live search
    also finds by). A group is then as rare as the texts that use any of its words, so a text
    that says "spillvärme" weighs as one that says "värmeåtervinning"."""
    vector = dict(Doc(doc.title, doc.text, doc.vocabulary, _unweighted).text_meaning)
    for _group_id, (word, share) in doc.vocabulary.groups_in(doc.text).items():
        if share == 1.0 and " " not in word:
            vector.pop(key(word), None)
    for place in doc.places:
        vector[f"@{place}"] = 1.0
    return vector


def _matrix(docs: list[Doc]) -> sparse.csr_matrix:
    """Documents × words: each text's first-cut vector weighed by each column's rarity (idf)
    in these documents, scaled to length one.

    Measured on the synthetic group at 98,990 activities with 500 duplicates planted in other
    words: with each word and its group as two columns weighed by the words' own rarity, 62 of
    500 copies were among their original's ten strongest (the first cut keeps ten) and the scan
    stored 8 % of them; with the groups and places as here, 285, and the scan stored 72 %.
    The evaluation set's figures did not move."""
    columns: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    values: list[float] = []
    for doc in docs:
        for k, v in _first_cut_vector(doc).items():
            indices.append(columns.setdefault(k, len(columns)))
            values.append(v)
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
        shape=(len(docs), max(len(columns), 1)),
    )
    used_by = np.bincount(matrix.indices, minlength=matrix.shape[1])
    n = max(len(docs), MIN_DOCUMENTS)  # evidence.idf, for every column at once
    rarity = np.log1p((n - used_by + 0.5) / (used_by + 0.5)).astype(np.float32)
    matrix = matrix @ sparse.diags(rarity)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1 / np.maximum(norms, 1e-9)) @ matrix)


def _without_common_words(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """The matrix without the columns of words too common to bring candidates, by the live
    search's rule (search.rare_limit). Measured at 98,971 synthetic activities: the words above
    it made nearly all of the block products (the sum of their squared document counts, 3.2e10
    against 1.7e8), and the first cut took over ten minutes with them and 84 s without. The rows
    keep the length they had, so a cosine here is never more than the full vectors' cosine."""
    used_by = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return matrix[:, np.flatnonzero(used_by <= search.rare_limit(matrix.shape[0]))]


def _candidate_pairs(matrix: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray, int]:
    """Pairs (i < j) whose cosine reaches CANDIDATE_SIMILARITY and that are among the
    CANDIDATES_PER_ACTIVITY strongest of either side, each computed once (upper triangle, block
    by block); and how many pairs shared any word.

    A pair among an activity's strongest overall is among its strongest in any block that holds
    it, so each block keeps its own strongest per activity and the strongest of what the blocks
    kept are the strongest overall."""
    n = matrix.shape[0]
    transposed = matrix.T.tocsc()
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    sims: list[np.ndarray] = []
    compared = 0
    for start in range(0, n, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, n)
        product = sparse.triu(matrix[start:stop] @ transposed[:, start:], k=1).tocoo()
        compared += product.nnz
        i = product.row.astype(np.int64) + start
        j = product.col.astype(np.int64) + start
        hit = product.data >= CANDIDATE_SIMILARITY
        i, j, similarity = i[hit], j[hit], product.data[hit]
        strongest = _top_for_each(i, j, similarity, CANDIDATES_PER_ACTIVITY)
        rows.append(i[strongest])
        cols.append(j[strongest])
        sims.append(similarity[strongest])
    if not rows:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, compared
    i, j, similarity = np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)
    strongest = _top_for_each(i, j, similarity, CANDIDATES_PER_ACTIVITY)
    return i[strongest], j[strongest], compared


def _full_candidates() -> tuple[dict[tuple[int, int], _Found], int]:
    stored = documents.load()
    if len(stored) < 2:
        return {}, 0
    docs = _docs(stored)
    i, j, compared = _candidate_pairs(_without_common_words(_matrix(docs)))
    fitted = search.model()
    kept_i, kept_j, probabilities = [], [], []
    for a_index, b_index in zip(i.tolist(), j.tolist(), strict=True):
        a, b = stored[a_index], stored[b_index]
        if a.unit_id == b.unit_id:
            continue
        probability = likeness(fitted, docs[a_index], docs[b_index])
        if probability >= fitted.scan_threshold:
            kept_i.append(a_index)
            kept_j.append(b_index)
            probabilities.append(probability)
    if not kept_i:
        return {}, compared
    ii, jj = np.asarray(kept_i), np.asarray(kept_j)
    keep = _top_for_each(ii, jj, np.asarray(probabilities), PAIRS_PER_ACTIVITY)
    found: dict[tuple[int, int], _Found] = {}
    for k in np.flatnonzero(keep).tolist():
        a, b = stored[kept_i[k]], stored[kept_j[k]]
        same_process = a.process_id is not None and a.process_id == b.process_id
        found[(a.pk, b.pk)] = _Found(
            probabilities[k], same_process, reasons(docs[kept_i[k]], docs[kept_j[k]])
        )
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
    """Each of these activities against all others, through the live search's channels and
    scored by the same model."""
    found: dict[tuple[int, int], _Found] = {}
    compared = 0
    fitted = search.model()
    titles = dict(Activity.objects.filter(pk__in=ids).values_list("pk", "title"))
    for own in documents.load(ids):
        for other in search.score_candidates(
            title=titles.get(own.pk, ""),
            title_analysis=own.title,
            text_analysis=own.text,
            unit_id=own.unit_id,
            exclude_activity_id=own.pk,
        ):
            key_ = (min(own.pk, other.pk), max(own.pk, other.pk))
            compared += 1
            if key_ in found or other.probability < fitted.scan_threshold:
                continue
            a_doc, b_doc = (other.query, other.other)
            if own.pk > other.pk:
                a_doc, b_doc = b_doc, a_doc
            same = own.process_id is not None and own.process_id == other.process_id
            found[key_] = _Found(other.probability, same, reasons(a_doc, b_doc))
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
        why = [*hit.reasons]
        if shared:
            why.append(Reason("goal"))
        if hit.same_process:
            why.append(Reason("process"))
        wanted[(a, b)] = OverlapSuggestion(
            activity_a_id=a,
            activity_b_id=b,
            score=round(score, 4),
            text_score=round(hit.text_score, 4),
            shared_goals=min(shared, 32767),
            same_process=hit.same_process,
            reasons=[r.to_json() for r in why],
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
        from goals.overlap import cases  # cases decides through this module

        # The full scan touches nearly every case and activity: assign() brings what the
        # database keeps of them up to date after this transaction, in a short one of its own.
        with cases.rows_deferred() if not scope else nullcontext():
            return _write(wanted, scope, now)


def _write(wanted: dict[tuple[int, int], OverlapSuggestion], scope: Q, now) -> tuple[int, int, int]:
    """_store()'s writes, inside its transaction."""
    existing = {
        (a, b): (pk, decision)
        for pk, a, b, decision in _existing(scope, wanted)
        .values_list("pk", "activity_a_id", "activity_b_id", "decision")
        .order_by()
        .iterator(chunk_size=10_000)
    }
    new, changed = [], []
    for pair, suggestion in wanted.items():
        if pair not in existing:
            new.append(suggestion)
        elif existing[pair][1] == Decision.OPEN:
            suggestion.pk = existing[pair][0]
            changed.append(suggestion)
    stale = [
        pk
        for pair, (pk, decision) in existing.items()
        if decision == Decision.OPEN and pair not in wanted
    ]
    # A scan running at the same time may have created a pair since we read: update it.
    OverlapSuggestion.objects.bulk_create(
        new,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["activity_a", "activity_b"],
        update_fields=[
            "score",
            "text_score",
            "shared_goals",
            "same_process",
            "reasons",
            "scanned_at",
        ],
    )
    _update_scores(changed, now)
    removed = 0
    for start in range(0, len(stale), 10_000):
        removed += OverlapSuggestion.objects.filter(pk__in=stale[start : start + 10_000]).delete()[
            0
        ]
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
                    same_process = v.same_process, reasons = v.reasons::jsonb, scanned_at = %s
                FROM unnest(
                    %s::bigint[], %s::float8[], %s::float8[], %s::int[], %s::bool[], %s::text[]
                ) AS v(id, score, text_score, shared_goals, same_process, reasons)
                WHERE s.id = v.id AND s.decision = %s
                """,
                [
                    now,
                    [c.pk for c in chunk],
                    [c.score for c in chunk],
                    [c.text_score for c in chunk],
                    [c.shared_goals for c in chunk],
                    [c.same_process for c in chunk],
                    [json.dumps(c.reasons, ensure_ascii=False) for c in chunk],
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
    from goals.overlap import learning  # learning reads documents through this package

    learning.learn(locked, decision)
    return locked


def suggestions_for_activity(activity: Activity) -> list[OverlapSuggestion]:
    """Every suggestion involving the activity, open and decided, strongest first, with both
    activities and their units joined (use suggestion.other(activity) for the other side)."""
    return list(
        OverlapSuggestion.objects.involving(activity)
        .select_related("activity_a__owner_unit", "activity_b__owner_unit", "decided_by")
        .order_by("-score", "pk")
    )
