"""The live search: while an editor types, the activities of other units that describe the same
work, in the same words or in other words, with the reason in words a person understands.

Candidates come through independent channels, so that no single one decides what is ever
considered:
- words: activities sharing a rare word, a compound's part, a place, or a word of the same
  vocabulary group as the typed text (OverlapPosting's index of keys), ranked by
  the summed rarity (idf) of what they share, as BM25 ranks;
- letters: activities whose title holds the typed title's words that the dictionary does not
  know, letter by letter (pg_trgm's word similarity on the title).
The two rankings are fused by reciprocal rank (k = 60), and the best CANDIDATES are scored with
goals/overlap/evidence.py's fitted model, exactly as the overlap scan scores a pair. What reaches
the model's threshold is suggested, most alike first.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from goals.models import Activity, Contribution
from goals.overlap import documents, vocabulary
from goals.overlap.evidence import Doc, Model, idf, likeness
from goals.overlap.reasons import Reason, reasons
from goals.overlap.text import Analysis, analyse_word, is_generic, key, words_of

MAX_TEXT_LENGTH = 10_000
TEXT_TOO_LONG = _(
    "The text is too long to search for similar activities: at most 10,000 characters."
)
# Fewer meaningful (not generic) words than this: nothing to search for ("Utveckling av
# projekt", "Cykelvägar").
MIN_WORDS = 2
# How many candidates each channel brings, and how many of the fused list are scored (the
# model costs about a millisecond a candidate; 40 scored the evaluation set's tuning part as 60
# did, 30 lost a duplicate).
CHANNEL_LIMIT = 100
# The words channel ranks this many times CHANNEL_LIMIT before leaving out the withdrawn
# activities and the typing unit's own: a unit seldom has hundreds alike its own text.
RANKED_BEFORE_FILTER = 4
CANDIDATES = 40
# A word used by more than this share of all activities (never fewer than RARE_FLOOR) brings no
# candidates: it would bring thousands, and proves little. It still counts in the score. At
# 98,971 activities 5 % let the word channel read 20,000 documents a search (0.5 s); 1 % reads a
# fifth of that. Below 20,000 activities the floor decides.
RARE_SHARE = 0.01
RARE_FLOOR = 200
LETTERS_THRESHOLD = 0.6
LETTERS_WORDS = 4
LETTERS_MIN_LENGTH = 5
RRF_K = 60


@dataclass(frozen=True)
class Match:
    """An activity alike the searched text: how likely a person would call it the same work or
    related (0..1), and why."""

    activity: Activity
    score: float
    text_score: float
    reasons: tuple[Reason, ...] = field(default=())


def check_text_length(*texts: str) -> None:
    if sum(len(t or "") for t in texts) > MAX_TEXT_LENGTH:
        raise ValidationError(TEXT_TOO_LONG, code="too_long")


def model() -> Model:
    return _MODEL.get()


class _Lazy:
    def __init__(self) -> None:
        self._model: Model | None = None

    def get(self) -> Model:
        if self._model is None:
            self._model = Model.load()
        return self._model


_MODEL = _Lazy()


def similar_activities(
    *,
    title: str,
    description: str = "",
    unit=None,
    exclude_unit_ids: Collection[int] = (),
    exclude_activity_id: int | None = None,
    limit: int = 10,
    min_score: float | None = None,
) -> list[Match]:
    """Active activities of other units alike the given text, most alike first.

    `unit` is the unit of the person typing: its own activities are left out, since the point is
    to find other units doing the same; so are those of `exclude_unit_ids` (every unit the person
    writes for, whether they have chosen one yet or not). Too little text (empty, or fewer than
    two words) gives []; more than MAX_TEXT_LENGTH characters raises
    ValidationError(TEXT_TOO_LONG) before any work."""
    title, description = (title or "").strip(), (description or "").strip()
    check_text_length(title, description)
    if len(words_of(f"{title} {description}")) < MIN_WORDS:
        return []
    documents.prepare_words(title, description)
    try:
        unit_id = getattr(unit, "pk", unit)
        return _similar(
            title=title,
            description=description,
            unit_ids=sorted({*exclude_unit_ids, *([unit_id] if unit_id is not None else [])}),
            exclude_activity_id=exclude_activity_id,
            limit=limit,
            min_score=min_score,
        )
    finally:
        documents.store_new_words()


def _similar(
    *,
    title: str,
    description: str,
    unit_ids: list[int],
    exclude_activity_id: int | None,
    limit: int,
    min_score: float | None,
) -> list[Match]:
    title_analysis, text_analysis = documents.analyse_activity(title, description)
    if len([w for w in text_analysis.words if not is_generic(w)]) < MIN_WORDS:
        return []
    threshold = model().threshold if min_score is None else min_score
    scored = [
        found
        for found in score_candidates(
            title=title,
            title_analysis=title_analysis,
            text_analysis=text_analysis,
            unit_id=None,
            exclude_unit_ids=unit_ids,
            exclude_activity_id=exclude_activity_id,
        )
        if found.probability >= threshold
    ][:limit]
    if not scored:
        return []
    activities = Activity.objects.select_related("owner_unit", "process").prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.select_related("goal"))
    )
    by_pk = activities.in_bulk([found.pk for found in scored])
    return [
        Match(
            activity=by_pk[found.pk],
            score=round(found.probability, 4),
            text_score=round(found.probability, 4),
            reasons=tuple(reasons(found.query, found.other)),
        )
        for found in scored
        if found.pk in by_pk
    ]


@dataclass(frozen=True)
class Scored:
    """A candidate scored against the searched text."""

    pk: int
    unit_id: int
    process_id: int | None
    probability: float
    query: Doc
    other: Doc


def score_candidates(
    *,
    title: str,
    title_analysis: Analysis,
    text_analysis: Analysis,
    unit_id: int | None,
    exclude_activity_id: int | None,
    exclude_unit_ids: Collection[int] = (),
) -> list[Scored]:
    """The candidates the channels bring for a text, scored by the model, most alike first;
    none of the unit `unit_id` nor of `exclude_unit_ids`."""
    unit_ids = sorted({*exclude_unit_ids, *([unit_id] if unit_id is not None else [])})
    words = vocabulary.current()
    expanded = set(documents.keys_of(text_analysis))
    for group_id in words.groups_in(text_analysis):
        for term in words.members(group_id):
            expanded.update(term.keys)
    for k in list(expanded):
        for link in words.learned.get(k, ()):
            expanded.update(link.split("|"))
    counts, total = documents.counts(expanded)
    limit = rare_limit(total)
    rare = sorted(k for k in expanded if 0 < counts.get(k, 0) <= limit)
    typed = _unknown_title_words(title, counts, limit)
    fused = _fuse(
        _by_words(rare, {k: idf(counts[k], total) for k in rare}, unit_ids, exclude_activity_id),
        _by_letters(typed, unit_ids, exclude_activity_id),
    )
    if not fused:
        return []
    stored = documents.load(fused[:CANDIDATES])
    candidate_keys: set[str] = set()
    for s in stored:
        candidate_keys.update(documents.keys_of(s.text))
    more, _ = documents.counts(candidate_keys - counts.keys())
    counts.update(more)

    @functools.cache
    def weight(k: str) -> float:
        return idf(counts.get(k, 0), total)

    query = Doc(title_analysis, text_analysis, words, weight)
    fitted = model()
    scored = []
    for s in stored:
        other = Doc(s.title, s.text, words, weight)
        probability = likeness(fitted, query, other)
        scored.append(Scored(s.pk, s.unit_id, s.process_id, probability, query, other))
    scored.sort(key=lambda found: (-found.probability, found.pk))
    return scored


def rare_limit(total: int) -> float:
    """How many activities may use a word for it to bring candidates, in the live search and in
    the full scan alike (RARE_SHARE of them, never fewer than RARE_FLOOR)."""
    return max(RARE_SHARE * total, RARE_FLOOR)


def _fuse(*rankings: list[int]) -> list[int]:
    """Reciprocal rank fusion: an activity ranked well by either channel comes early."""
    score: dict[int, float] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking):
            score[pk] = score.get(pk, 0.0) + 1 / (RRF_K + rank)
    return sorted(score, key=lambda pk: (-score[pk], pk))


def _by_words(
    keys: list[str],
    weights: dict[str, float],
    unit_ids: Collection[int] | None,
    exclude_id: int | None,
) -> list[int]:
    if not keys:
        return []
    # The postings' (key, activity) index alone gives every activity sharing a rare key; only
    # the best of them are then looked up in the activities, to leave out the withdrawn ones,
    # the typing unit's own and the activity being edited.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH ranked AS (
                SELECT p.activity_id, sum(q.w) AS shared
                FROM unnest(%s::text[], %s::float8[]) AS q(k, w)
                JOIN goals_overlapposting p ON p.key = q.k
                GROUP BY p.activity_id
                ORDER BY shared DESC, p.activity_id
                LIMIT %s
            )
            SELECT r.activity_id
            FROM ranked r
            JOIN goals_activity a ON a.id = r.activity_id
            WHERE a.withdrawn_at IS NULL
              AND a.owner_unit_id <> ALL(%s::bigint[])
              AND (%s::bigint IS NULL OR a.id <> %s)
            ORDER BY r.shared DESC, r.activity_id
            LIMIT %s
            """,
            [
                keys,
                [weights[k] for k in keys],
                CHANNEL_LIMIT * RANKED_BEFORE_FILTER,
                list(unit_ids or ()),
                exclude_id,
                exclude_id,
                CHANNEL_LIMIT,
            ],
        )
        return [row[0] for row in cursor.fetchall()]


def _letter_words(title: str) -> list[str]:
    """The title's longest words as written (the analysis already made of them tells whether
    the dictionary knows them), which the letters channel looks for."""
    tokens: dict[str, str] = {}
    for token in words_of(title):
        if len(token) >= LETTERS_MIN_LENGTH:
            tokens.setdefault(token.lower(), token)
    return [tokens[w] for w in sorted(tokens, key=lambda t: (-len(t), t))[:LETTERS_WORDS]]


def _unknown_title_words(title: str, counts: dict[str, int], limit: float) -> list[str]:
    """The title words the letters channel looks for: those the dictionary does not know
    (jargon, a new compound, a misspelling), since a known word is found by its base form and
    parts in the words channel. A word too common to bring candidates by its meaning brings
    none by its letters either: at 100,000 activities one such word matched thousands of titles
    (a second a search)."""
    return [
        token.lower()
        for token in _letter_words(title)
        if not (analysed := analyse_word(token)).known
        and counts.get(key(analysed.lemma), 0) <= limit
    ]


def _by_letters(
    typed: list[str], unit_ids: Collection[int] | None, exclude_id: int | None
) -> list[int]:
    """Titles holding one of these words, or one spelt almost alike (pg_trgm's word similarity
    of the word to the closest stretch of the title)."""
    if not typed:
        return []
    match = " OR ".join(["a.title %%> %s"] * len(typed))
    closest = ", ".join(["word_similarity(%s, a.title)"] * len(typed))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(LETTERS_THRESHOLD)],
        )
        cursor.execute(
            f"""
            SELECT a.id FROM goals_activity a
            WHERE ({match})
              AND a.withdrawn_at IS NULL
              AND a.owner_unit_id <> ALL(%s::bigint[])
              AND (%s::bigint IS NULL OR a.id <> %s)
            ORDER BY greatest({closest}) DESC, a.id
            LIMIT %s
            """,
            [*typed, list(unit_ids or ()), exclude_id, exclude_id, *typed, CHANNEL_LIMIT],
        )
        return [row[0] for row in cursor.fetchall()]
