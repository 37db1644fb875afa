"""Each activity's text analysed once and kept (OverlapDocument), and how many activities use
each word (OverlapTerm), so a search reads what it needs instead of analysing the group.

A document is written when the overlap scan meets an activity whose title or description has
changed since it was analysed (the fingerprint): after every save and import (the incremental
scan) and every night (the full scan), so texts changed by any other means are caught too. The
word counts are counted anew by every full scan and adjusted by every incremental one; a count a
little off for a day only moves a word's weight a little.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from goals.overlap import text
from goals.overlap.text import Analysis, Word, analyse, key

# Raised when the analysis changes, so that every document is analysed again by the next scan.
ANALYSER_VERSION = "6"
# Texts analysed together: their words are read from OverlapWord in one query.
ANALYSE_BATCH = 2000
# Longer word forms (a run of letters with no space) are not worth keeping.
MAX_STORED_FORM = 100
# OverlapTerm's row for the number of documents (the N of idf).
TOTAL = ""


def fingerprint(title: str, description: str) -> str:
    text = f"{ANALYSER_VERSION}\n{title}\n{description}"
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def analyse_activity(title: str, description: str) -> tuple[Analysis, Analysis]:
    """(the title, the title and description) analysed."""
    title = title or ""
    description = (description or "").strip()
    whole = f"{title}.\n{description}" if description else title
    return analyse(title), analyse(whole)


def prepare_words(*texts: str) -> None:
    """Read from the database the analyses of these texts' words that this process has not
    made or read yet, so that the dictionary is asked only about words no process has met."""
    from goals.overlap.models import OverlapWord

    forms: set[str] = set()
    for token in text.words_of(" ".join(t or "" for t in texts)):
        forms.update((token, token.lower()))
    wanted = [form for form in text.unknown(forms) if len(form) <= MAX_STORED_FORM]
    if not wanted:
        return
    rows = OverlapWord.objects.filter(form__in=wanted, analyser=ANALYSER_VERSION).values_list(
        "form", "lemma", "parts", "place", "known"
    )
    text.remember(
        wanted,
        {
            form: Word(lemma, tuple(parts), place, known)
            for form, lemma, parts, place, known in rows
        },
    )


def store_new_words() -> int:
    """Store the analyses this process made since the last call, for the other processes;
    returns how many. A word another process stored meanwhile is simply overwritten with the
    same analysis."""
    from goals.overlap.models import OverlapWord

    new = [
        OverlapWord(
            form=form,
            lemma=word.lemma,
            parts=list(word.parts),
            place=word.place,
            known=word.known,
            analyser=ANALYSER_VERSION,
        )
        # In order, so that two processes storing the same words never wait on each other in
        # opposite orders (a deadlock).
        for form, word in sorted(text.take_new().items())
        if len(form) <= MAX_STORED_FORM
        and len(word.lemma) <= MAX_STORED_FORM
        and all(len(p) <= MAX_STORED_FORM for p in word.parts)
    ]
    if new:
        OverlapWord.objects.bulk_create(
            new,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["form"],
            update_fields=["lemma", "parts", "place", "known", "analyser"],
        )
    return len(new)


def keys_of(analysis: Analysis) -> list[str]:
    """What a document is found by: its words' keys and their parts' keys, and its places."""
    out: set[str] = set()
    for word in analysis.words:
        if word.place:
            out.add("@" + word.lemma)
        k = key(word.lemma)
        out.add(k)
        out.update(key(p) for p in word.parts if len(p) > 2)
    return sorted(out)


@dataclass(frozen=True)
class Stored:
    """An activity as the scan and the search read it."""

    pk: int
    unit_id: int
    process_id: int | None
    title: Analysis
    text: Analysis


def refresh(activity_ids: Sequence[int] | None = None) -> int:
    """Analyse the active activities (these, or all) whose document is missing or stale; returns
    how many were analysed. Word counts follow: adjusted for a few, counted anew for all."""
    from goals.models import Activity
    from goals.overlap.models import OverlapDocument

    activities = Activity.objects.active()
    if activity_ids is not None:
        activities = activities.filter(pk__in=list(activity_ids))
    known = dict(
        OverlapDocument.objects.filter(activity__in=activities).values_list(
            "activity_id", "fingerprint"
        )
    )
    changed: list[tuple[int, str, str, str]] = []
    rows = activities.values_list("pk", "title", "description").iterator(chunk_size=5000)
    for pk, title, description in rows:
        mark = fingerprint(title, description)
        if known.get(pk) != mark:
            changed.append((pk, mark, title, description))
    stale: list[OverlapDocument] = []
    old_keys: Counter[str] = Counter()
    for start in range(0, len(changed), ANALYSE_BATCH):
        batch = changed[start : start + ANALYSE_BATCH]
        prepare_words(*(f"{title} {description}" for _pk, _mark, title, description in batch))
        for pk, mark, title, description in batch:
            title_analysis, text_analysis = analyse_activity(title, description)
            stale.append(
                OverlapDocument(
                    activity_id=pk,
                    fingerprint=mark,
                    title_words=title_analysis.to_json(),
                    text_words=text_analysis.to_json(),
                    keys=keys_of(text_analysis),
                    analysed_at=timezone.now(),
                )
            )
    store_new_words()
    if not stale:
        return 0
    with transaction.atomic():
        if activity_ids is not None:
            for keys in OverlapDocument.objects.filter(
                activity_id__in=[d.activity_id for d in stale]
            ).values_list("keys", flat=True):
                old_keys.update(keys)
        OverlapDocument.objects.bulk_create(
            stale,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["activity"],
            update_fields=["fingerprint", "title_words", "text_words", "keys", "analysed_at"],
        )
        if activity_ids is None:
            recount()
        else:
            new_keys: Counter[str] = Counter()
            for document in stale:
                new_keys.update(document.keys)
            new_documents = len(stale) - sum(1 for d in stale if d.activity_id in known)
            _adjust(new_keys, old_keys, new_documents)
    if len(stale) >= BULK_ANALYSED:
        from goals.overlap.models import OverlapDocument, OverlapPosting, OverlapTerm

        update_statistics(OverlapDocument, OverlapPosting, OverlapTerm)
    return len(stale)


# After analysing this many texts at once (a first analysis, an import, a new analyser), the
# database's statistics of the postings are brought up to date at once: measured at 98,990
# texts, the planner still believed the 2.5 million postings to be none until autovacuum came
# round, and read all of them for every search (2.3 s instead of milliseconds).
BULK_ANALYSED = 10_000


def update_statistics(*models: type[Model]) -> None:
    """Bring the planner's statistics of these tables up to date (ANALYZE), after writing much
    of them: autovacuum may come round late, or be off."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def recount() -> None:
    """Count every word's documents anew, over the active activities."""
    from goals.overlap.models import OverlapTerm

    table = OverlapTerm._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"""
            INSERT INTO {table} (key, documents)
            SELECT k, count(*) FROM goals_overlapdocument d
            JOIN goals_activity a ON a.id = d.activity_id AND a.withdrawn_at IS NULL
            CROSS JOIN LATERAL unnest(d.keys) AS k
            GROUP BY k
            UNION ALL
            SELECT %s, count(*) FROM goals_overlapdocument d
            JOIN goals_activity a ON a.id = d.activity_id AND a.withdrawn_at IS NULL
            """,
            [TOTAL],
        )


def _adjust(new: Counter[str], old: Counter[str], new_documents: int) -> None:
    from goals.overlap.models import OverlapTerm

    change = Counter(new)
    change.subtract(old)
    change[TOTAL] += new_documents
    rows = sorted((k, n) for k, n in change.items() if n)  # one order: no deadlocks
    if not rows:
        return
    table = OverlapTerm._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH v(k, n) AS (SELECT * FROM unnest(%s::text[], %s::int[])),
            changed AS (
                UPDATE {table} AS t SET documents = greatest(t.documents + v.n, 0)
                FROM v WHERE t.key = v.k RETURNING t.key
            )
            INSERT INTO {table} (key, documents)
            SELECT k, n FROM v WHERE n > 0 AND k NOT IN (SELECT key FROM changed)
            ON CONFLICT (key) DO UPDATE SET documents = {table}.documents + excluded.documents
            """,
            [[k for k, _ in rows], [n for _, n in rows]],
        )


def counts(keys: Iterable[str]) -> tuple[dict[str, int], int]:
    """How many documents use each of these keys, and how many documents there are."""
    from goals.overlap.models import OverlapTerm

    wanted = set(keys) | {TOTAL}
    found = dict(OverlapTerm.objects.filter(key__in=wanted).values_list("key", "documents"))
    total = max(found.pop(TOTAL, 0), 1)
    return found, total


def load(activity_ids: Sequence[int] | None = None) -> list[Stored]:
    """The active activities' documents (these, or all), in id order."""
    from goals.models import Activity

    activities = Activity.objects.active().filter(overlap_document__isnull=False)
    if activity_ids is not None:
        activities = activities.filter(pk__in=list(activity_ids))
    return [
        Stored(pk, unit_id, process_id, Analysis.from_json(title), Analysis.from_json(text))
        for pk, unit_id, process_id, title, text in activities.order_by("pk")
        .values_list(
            "pk",
            "owner_unit_id",
            "process_id",
            "overlap_document__title_words",
            "overlap_document__text_words",
        )
        .iterator(chunk_size=5000)
    ]
