"""What decisions teach: a pair that a person decides is a duplicate (or related) tells that the
words each side uses and the other does not mean the same work in this group; a pair decided
not alike tells that the links which brought it were wrong.

After a decision, the three most distinctive words of each side (rare in the group, not generic,
not shared, not a place) are linked pairwise: +1 for a duplicate, +0.5 for related. Not alike
takes 1 off every learned link the two activities share. A link counts, like a vocabulary group
of two words, while its weight is above zero, from the next search and scan on; the reason then
says "learned from a decision: x ≈ y".
"""

from __future__ import annotations

from django.db import connection

from goals.models import OverlapSuggestion
from goals.overlap import documents, vocabulary
from goals.overlap.evidence import GENERIC_KEYS, Doc, idf
from goals.overlap.models import LearnedLink

Decision = OverlapSuggestion.Decision
DISTINCTIVE_WORDS = 3
TEACHES = {Decision.DUPLICATE: 1.0, Decision.RELATED: 0.5, Decision.NOT_ALIKE: -1.0}


def learn(suggestion: OverlapSuggestion, decision: str) -> int:
    """Change the learned links by this decision; returns how many links it changed."""
    change = TEACHES.get(decision)
    if change is None:
        return 0
    stored = documents.load([suggestion.activity_a_id, suggestion.activity_b_id])
    if len(stored) != 2:
        return 0
    words = vocabulary.current()
    counts, total = documents.counts(k for s in stored for k in documents.keys_of(s.text))
    a, b = (Doc(s.title, s.text, words, lambda k: idf(counts.get(k, 0), total)) for s in stored)
    if change < 0:
        links = [link.split("|", 1) for link in shared_links(a, b)]
    else:
        links = [sorted((x, y)) for x in distinctive(a, b) for y in distinctive(b, a) if x != y]
    if not links:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {LearnedLink._meta.db_table} (word_a, word_b, weight, decisions, updated_at)
            SELECT a, b, %s, 1, clock_timestamp() FROM unnest(%s::text[], %s::text[]) AS v(a, b)
            ON CONFLICT (word_a, word_b) DO UPDATE
            SET weight = {LearnedLink._meta.db_table}.weight + excluded.weight,
                decisions = {LearnedLink._meta.db_table}.decisions + 1,
                updated_at = clock_timestamp()
            """,
            [change, [x for x, _ in links], [y for _, y in links]],
        )
    return len(links)


def distinctive(doc: Doc, other: Doc) -> list[str]:
    """The words of one side the other does not use, rarest first."""
    own = {
        k: w
        for k, w in doc.text_words.items()
        if k not in other.text_parts and k not in GENERIC_KEYS and len(k) > 2
    }
    return sorted(own, key=lambda k: (-own[k], k))[:DISTINCTIVE_WORDS]


def shared_links(a: Doc, b: Doc) -> list[str]:
    """The learned links both texts use ("word_a|word_b")."""
    return sorted(set(a.learned) & set(b.learned))
