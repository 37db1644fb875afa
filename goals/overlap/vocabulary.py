"""The vocabulary as this process uses it: read from VocabularyGroup, with what decisions taught
(LearnedLink), and read again whenever either has changed (one cheap query a search), so a
change takes effect for the next search and scan without a deploy. The shipped data file loads
it the first time."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from django.db.models import Count, Max

from goals.overlap.meaning import Vocabulary, bad_term_reason, term_keys

DATA_FILE = Path(__file__).parent / "data" / "vocabulary_sv.txt"

_lock = threading.Lock()
_cached: Vocabulary | None = None


def current() -> Vocabulary:
    """The vocabulary as the database holds it now."""
    global _cached
    from goals.overlap.models import LearnedLink, VocabularyGroup

    stamp = VocabularyGroup.objects.aggregate(changed=Max("changed_at"), count=Count("pk"))
    taught = LearnedLink.objects.aggregate(changed=Max("updated_at"), count=Count("pk"))
    version = (stamp["changed"], stamp["count"], taught["changed"], taught["count"])
    cached = _cached
    if cached is not None and cached.version == version:
        return cached
    with _lock:
        groups = [
            (pk, field, [t.strip() for t in terms.splitlines() if t.strip()])
            for pk, field, terms in VocabularyGroup.objects.values_list("pk", "field", "terms")
        ]
        built = Vocabulary.build(groups, version=version)
        built.learn(list(LearnedLink.objects.filter(weight__gt=0).values_list("word_a", "word_b")))
        _cached = built
        return _cached


def read_file(path: Path = DATA_FILE) -> list[tuple[str, list[str]]]:
    """(field, terms) of each group in a vocabulary file."""
    groups: list[tuple[str, list[str]]] = []
    field = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("## "):
            field = line[3:].strip()
        elif line and not line.startswith("#"):
            groups.append((field, [t.strip() for t in line.split("|") if t.strip()]))
    return groups


def load_file(path: Path = DATA_FILE) -> int:
    """Add the file's groups to VocabularyGroup (the migration's first fill); returns how many."""
    from goals.overlap.models import VocabularyGroup

    groups = [
        VocabularyGroup(field=field, terms="\n".join(terms)) for field, terms in read_file(path)
    ]
    VocabularyGroup.objects.bulk_create(groups, batch_size=500)
    return len(groups)


def term_errors(group) -> list[str]:
    """Why a word group cannot be saved as it is, one message per problem (empty is []): fewer than
    two terms, a term written twice, a stop or generic word, a term already in another group, or
    a term so common that it would join almost every text."""
    from goals.overlap import models as m

    terms = group.term_list()
    if len(terms) < 2:
        return [str(m.TERM_EMPTY)]
    errors: list[str] = []
    seen: dict[tuple[str, ...], str] = {}
    for term in terms:
        keys = term_keys(term)
        if keys in seen:
            errors.append(str(m.TERM_REPEATED % {"term": term}))
        seen.setdefault(keys, term)
        if bad_term_reason(term):
            errors.append(str(m.TERM_STOP_WORD % {"term": term}))
    others = m.VocabularyGroup.objects.exclude(pk=group.pk)
    taken: dict[tuple[str, ...], m.VocabularyGroup] = {}
    for other in others.only("pk", "terms"):
        for term in other.term_list():
            taken.setdefault(term_keys(term), other)
    for keys, term in seen.items():
        if keys in taken:
            errors.append(str(m.TERM_TAKEN % {"term": term, "group": taken[keys]}))
    if not errors:
        errors.extend(_too_common(seen))
    return errors


def _too_common(terms: dict[tuple[str, ...], str]) -> list[str]:
    """A one-word term that begins a word in more than TOO_COMMON_SHARE of the active activities
    would join almost every text. Only asked once the group has enough activities to tell."""
    from django.db.models import Q

    from goals.models import Activity
    from goals.overlap import models as m

    active = Activity.objects.active()
    total = active.count()
    if total < 50:
        return []
    errors = []
    for keys, term in terms.items():
        if len(keys) != 1:
            continue
        pattern = r"\m" + re.escape(keys[0])
        using = active.filter(Q(title__iregex=pattern) | Q(description__iregex=pattern)).count()
        if using > m.TOO_COMMON_SHARE * total:
            share = round(100 * using / total)
            errors.append(str(m.TERM_TOO_COMMON % {"term": term, "share": share}))
    return errors
