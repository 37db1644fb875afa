"""How alike two activities' texts are, and the live "similar activities in other units" search.

What is compared
    Not the raw text, but what PostgreSQL's Swedish text search makes of it
    (``riktning_normalize``, kept by the database in ``Activity.similarity_title`` and
    ``similarity_text``): lower-cased, stemmed by the Snowball Swedish stemmer ("cykelvägar" →
    "cykelväg", "ledare" → "led") and without stop words ("och", "för", "av", "det"). So
    inflections meet, and stop words can never make two texts alike. A compound that splits
    completely into known parts (goals/overlap/compounds.py) is stored with its parts beside it:
    "ledarutvecklingsprogram" as "ledarutvecklingsprogram led utveckling program",
    "äldreomsorgen" as "äldreomsorg äldr omsorg".

How alike
    Trigram similarity as pg_trgm computes it: every lexeme padded as "  word " and cut into
    three-letter windows; similarity = shared trigrams / all trigrams of both (Jaccard). Trigrams
    see inside words, which is what Swedish compounds need: "solcellsanläggningar" and
    "solceller", "skolgårdar" and "skolgård", "ärendehanteringssystem" and "system för
    ärendehantering" share most of their trigrams although they share no whole word.

    A compound whose parts the text holds is compared by its parts only
    (``compounds_with_parts``): its own two dozen trigrams would otherwise drown the few it
    shares with the same words written apart.

    Before comparing, generic words are taken out (``GENERIC_STEMS``): words such as
    "utveckling", "arbete", "projekt", "insats", "ny", "plan", "översyn", "förbättra" say what
    kind of work it is, not what it is about; "Utveckling av elevhälsan" and "Utveckling av
    gatubelysningen" must not look alike. A generic word is kept when it is part of a
    compound on one side and present on the other ("utveckling av ledare" against
    "ledarutvecklingsprogram"): there it is evidence, not noise. A text needs at least two
    meaningful (non-generic) lexemes to be searched at all, so a one-word title gives no
    suggestions.

    score = 0.6 × similarity(titles) + 0.4 × similarity(title + description), both on the
    normalised text. The title says what the activity is, and is what a person types first; the
    description adds evidence when both sides have one, and is what tells two look-alike titles
    apart. MIN_SCORE = 0.30.

Why these numbers
    On the labelled evaluation set (tests/goals/data/similarity_pairs.csv, 79 pairs of Swedish
    activity texts) the alternatives measured, with recall of the duplicates in the top 5 and
    the precision of everything suggested (first four on the first 65 pairs, before compounds
    were split):

    - max(title, text) without generic words:   0.30 → recall 0.96, precision 0.64
    - 0.5 × title + 0.5 × text, generic words kept: 0.30 → recall 0.88, precision 0.67
    - 0.6 × title + 0.4 × text, generic words out: 0.30 → recall 0.92, precision 0.92 (chosen)
    - overlap coefficient (|A∩B| / min(|A|, |B|)) instead of Jaccard: more recall on compounds,
      but short texts then match everything that contains them (precision 0.62 at equal recall).
    - word-level compound splitting (does a word of one text occur inside a word of the other):
      finds "ledarutveckling" ↔ "utveckling av ledare", but three-letter stems ("led", "ung")
      occur inside hundreds of words; precision fell below 0.5.

    Splitting compounds into known parts only (the whole word must split,
    goals/overlap/compounds.py),
    on all 79 pairs (14 added for compounds: 7 written joined and apart, 7 sharing a part but
    unrelated, such as "Barnmorskemottagning" and "Barnkör"):

    - without splitting:                 suggestions recall 0.92 (59/64), precision 0.94 (61/65);
                                         scan recall 0.91 (29/32), precision 0.94 (30/32)
    - parts instead of the whole word:   the generic part ("utveckling") can no longer be told
                                         from the same word written alone; the rescue above fails
    - parts beside the whole word, compared by the parts, generic words in the candidate query
      (chosen):                          suggestions recall 0.98 (63/64), precision 1.00 (65/65);
                                         scan recall 1.00 (32/32), precision 0.92 (33/36)

    The pair it misses shares too few letters: "laddstolpar" ↔ "laddinfrastruktur" (0.29);
    trigrams cannot know meaning. The scan's one new wrong pair is "LED-belysning i
    idrottshallar" ↔ "Utveckling av gatubelysningen" (both about lighting, through
    "belysning"); "kundtjänst" and "simhall" texts of different pairs are the other two. The
    overlap scan adds what the text cannot: shared goals and the same group-wide process lift a
    pair (goals/overlap/scan.py).

    Other methods considered: PostgreSQL full-text ranking (ts_rank) matches whole lexemes only,
    so compounds never meet their parts; TF-IDF over stemmed words has the same blind spot and
    needs a vocabulary kept in step; embeddings would need a Swedish model and a GPU-free
    inference service the municipality would have to run. Trigrams on stemmed text run inside
    PostgreSQL with a GIN index, and the nightly scan reproduces them exactly in Python.

Speed
    The live search asks the GIN trigram index on similarity_title for candidates (the %
    operator on the typed title's words, generic ones included, compounds as their parts,
    with pg_trgm.similarity_threshold set for this transaction only, strongest
    first), then scores at most ``CANDIDATE_LIMIT`` candidates here, titles and full texts,
    with the same function the scan uses. The title alone picks the candidates: at 100,000
    activities a search of similarity_text (long texts, common trigrams) costs 0.3–1.5 s,
    the title index about a tenth of that, and on the evaluation set recall and precision are
    the same either way. The nightly scan compares full texts of every pair, so a pair alike
    only in its descriptions still reaches the review queue. Measured on 100,000 synthetic
    activities (manage.py generate_group) on a 2-core machine: median 53 ms, 95th percentile
    108 ms, slowest 144 ms over 63 searches (7 queries each; about 43 ms of it in SQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from goals.models import Activity, Contribution

MAX_TEXT_LENGTH = 10_000
TEXT_TOO_LONG = _(
    "The text is too long to search for similar activities: at most 10,000 characters."
)

TITLE_WEIGHT = 0.6
TEXT_WEIGHT = 0.4
# The score from which two texts count as alike: suggested while typing, stored by the scan.
MIN_SCORE = 0.30
# The database's first cut: trigram similarity of the stored title to the typed title (its
# generic words out) from which a row is fetched to be scored here. At 0.22 the evaluation set
# gives the same figures, but the index rechecks far more rows; at 0.4 recall falls to 0.76.
CANDIDATE_THRESHOLD = 0.3
CANDIDATE_LIMIT = 200
# Fewer meaningful lexemes than this: nothing to search for ("Projekt", "Cykelvägar").
MIN_LEXEMES = 2

# Stems (as the Swedish stemmer leaves them) of words that say what kind of work an activity
# is, not what it is about. A lexeme counts as generic when it starts with one of these and is
# at most three letters longer ("projekt", "projektet", "utvecklingen"); longer words are
# compounds that carry meaning ("utvecklingsprogram", "arbetsmiljö").
GENERIC_STEMS = (
    "aktivitet",
    "arbet",
    "bra",
    "bättr",
    "digitalisering",
    "effektiv",
    "fler",
    "förbättr",
    "gemensam",
    "genomför",
    "gör",
    "information",
    "insats",
    "införand",
    "inventering",
    "kartläggning",
    "kommun",
    "kompetensutveckling",
    "mer",
    "ny",
    "nytt",
    "plan",
    "program",
    "projekt",
    "renovering",
    "samverkan",
    "ska",
    "strategi",
    "uppföljning",
    "upphandling",
    "utbildning",
    "utveckl",
    "verksam",
    "åtgärd",
    "ök",
    "översyn",
)

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Match:
    """An activity alike the searched text, and how alike (0..1)."""

    activity: Activity
    score: float
    text_score: float
    shared_goal_ids: tuple[int, ...] = field(default=())
    same_process: bool = False


@lru_cache(maxsize=4096)
def is_generic(lexeme: str) -> bool:
    return any(lexeme.startswith(s) and len(lexeme) <= len(s) + 3 for s in GENERIC_STEMS)


def words(normalized: str) -> list[str]:
    """The words of a normalised text as pg_trgm sees them (split at anything not a letter or
    digit, so "va-ingenjör" is two words)."""
    return _WORD.findall(normalized.lower())


def meaningful_words(normalized: str) -> list[str]:
    return [w for w in words(normalized) if not is_generic(w)]


def trigrams(word_list: Iterable[str]) -> frozenset[str]:
    """The trigram set pg_trgm builds from these words: each padded as "  word " and cut into
    three-character windows. similarity() in PostgreSQL equals jaccard() of these sets."""
    out: set[str] = set()
    for w in word_list:
        padded = f"  {w} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(out)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def compounds_with_parts(all_words: list[str], long_words: Iterable[str]) -> set[str]:
    """The compounds of a normalised text whose parts the text also holds (riktning_normalize
    stores "ledarutvecklingsprogram" with "led", "utveckling" and "program"): a long word
    containing at least two other words of the text. Compared by their parts only, so that the
    whole word's own trigrams do not drown what it shares with the parts written apart."""
    short = [w for w in all_words if len(w) >= 3]
    return {w for w in long_words if sum(1 for u in short if u != w and u in w) >= 2}


@dataclass(frozen=True)
class Doc:
    """A normalised text prepared for comparison: its words, its generic words, and the trigrams
    of its meaningful words. Built once per activity by the scan, once per search here."""

    generic: tuple[str, ...]
    long_words: tuple[str, ...]
    trigrams: frozenset[str]
    all_words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, normalized: str) -> Doc:
        all_words = words(normalized)
        long_words = tuple(w for w in all_words if len(w) > 5)
        whole = compounds_with_parts(all_words, long_words)
        return cls(
            generic=tuple(w for w in all_words if is_generic(w)),
            long_words=long_words,
            trigrams=trigrams(w for w in all_words if not is_generic(w) and w not in whole),
            all_words=frozenset(all_words),
        )


def _in_compound(word: str, long_words: tuple[str, ...]) -> bool:
    return any(word in o and word != o for o in long_words)


def _rescued(own: Doc, other: Doc) -> list[str]:
    """Generic words that are part of a compound on one side and present on the other
    ("utveckling" of "ledarutvecklingsprogram" against "utveckling av ledare"): there they are
    evidence, not noise, so they are kept. The stored text holds a compound's parts beside it
    (goals/overlap/compounds.py), so a generic part is a word of its own text too."""
    return [
        g
        for g in own.generic
        if len(g) >= 4
        and (
            _in_compound(g, other.long_words)
            or (g in other.all_words and _in_compound(g, own.long_words))
        )
    ]


def doc_similarity(a: Doc, b: Doc) -> float:
    """Trigram similarity (pg_trgm's, Jaccard) of two texts without their generic words."""
    ta, tb = a.trigrams, b.trigrams
    if a.generic and (rescued := _rescued(a, b)):
        ta = ta | trigrams(rescued)
    if b.generic and (rescued := _rescued(b, a)):
        tb = tb | trigrams(rescued)
    return jaccard(ta, tb)


def pair_score(a_title: Doc, a_text: Doc, b_title: Doc, b_text: Doc) -> float:
    return TITLE_WEIGHT * doc_similarity(a_title, b_title) + TEXT_WEIGHT * doc_similarity(
        a_text, b_text
    )


def text_similarity(*, a_title: str, a_text: str, b_title: str, b_text: str) -> float:
    """How alike two activities are by their normalised title and title + description: the
    score this module and the overlap scan both use."""
    return pair_score(Doc.of(a_title), Doc.of(a_text), Doc.of(b_title), Doc.of(b_text))


def check_text_length(*texts: str) -> None:
    if sum(len(t or "") for t in texts) > MAX_TEXT_LENGTH:
        raise ValidationError(TEXT_TOO_LONG, code="too_long")


def normalize(title: str, description: str = "") -> tuple[str, str]:
    """The text as riktning_normalize stores it: (title only, title with description)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT riktning_normalize(%s, ''), riktning_normalize(%s, %s)",
            [title, title, description],
        )
        return cursor.fetchone()


def candidate_rows(
    *,
    norm_title: str,
    norm_text: str,
    exclude_unit_id: int | None = None,
    exclude_activity_id: int | None = None,
    limit: int = CANDIDATE_LIMIT,
) -> list[tuple[int, int, int | None, str, str]]:
    """(id, owner_unit_id, process_id, similarity_title, similarity_text) of the active
    activities whose stored text is trigram-alike the given normalised text, found through the
    GIN indexes."""
    # Generic words stay in the query, compounds go as their parts: "utveckling av ledare" must
    # reach "ledarutvecklingsprogram" (stored with "led utveckling program"), where the generic
    # word is evidence. Scoring below leaves generic words out again.
    title_words = words(norm_title)
    whole = compounds_with_parts(title_words, [w for w in title_words if len(w) > 5])
    query_title = " ".join(w for w in title_words if w not in whole) or norm_title
    queryset = Activity.objects.active().filter(similarity_title__trigram_similar=query_title)
    if exclude_unit_id is not None:
        queryset = queryset.exclude(owner_unit_id=exclude_unit_id)
    if exclude_activity_id is not None:
        queryset = queryset.exclude(pk=exclude_activity_id)
    with transaction.atomic(), connection.cursor() as cursor:
        # The % operator's threshold, for this transaction only (SET LOCAL).
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            [str(CANDIDATE_THRESHOLD)],
        )
        # Strongest first, so that the limit keeps the best when a common text matches many.
        queryset = queryset.annotate(
            trigram_score=TrigramSimilarity("similarity_title", query_title)
        ).order_by("-trigram_score", "pk")
        return list(
            queryset.values_list(
                "pk", "owner_unit_id", "process_id", "similarity_title", "similarity_text"
            )[:limit]
        )


def similar_activities(
    *,
    title: str,
    description: str = "",
    unit=None,
    exclude_activity_id: int | None = None,
    limit: int = 10,
    min_score: float = MIN_SCORE,
) -> list[Match]:
    """Active activities of other units alike the given text, most alike first.

    `unit` is the unit of the person typing: its own activities are left out, since the point
    is to find other units doing the same. Too little text (empty, or fewer than two meaningful
    words) gives []; more than MAX_TEXT_LENGTH characters raises ValidationError(TEXT_TOO_LONG)
    before any query.
    """
    title, description = (title or "").strip(), (description or "").strip()
    check_text_length(title, description)
    if not title and not description:
        return []
    if len(_WORD.findall(f"{title} {description}")) < MIN_LEXEMES:
        return []
    norm_title, norm_text = normalize(title, description)
    if len(meaningful_words(norm_text)) < MIN_LEXEMES:
        return []
    rows = candidate_rows(
        norm_title=norm_title,
        norm_text=norm_text,
        exclude_unit_id=getattr(unit, "pk", unit),
        exclude_activity_id=exclude_activity_id,
    )
    scored = []
    query_title, query_text = Doc.of(norm_title), Doc.of(norm_text)
    for pk, _unit_id, _process_id, other_title, other_text in rows:
        score = pair_score(query_title, query_text, Doc.of(other_title), Doc.of(other_text))
        if score >= min_score:
            scored.append((score, pk))
    scored.sort(key=lambda s: (-s[0], s[1]))
    scored = scored[:limit]
    if not scored:
        return []
    activities = Activity.objects.select_related("owner_unit", "process").prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.select_related("goal"))
    )
    by_pk = activities.in_bulk([pk for _, pk in scored])
    return [
        Match(activity=by_pk[pk], score=round(score, 4), text_score=round(score, 4))
        for score, pk in scored
        if pk in by_pk
    ]
