"""Words that mean the same work: the group's own vocabulary, and Debian's Swedish thesaurus.

The vocabulary is a list of word groups ("feriearbete | sommarjobb | feriejobb") that
administrators keep in the admin (VocabularyGroup); Riktning ships a first one for municipal work
(data/vocabulary_sv.txt). A text that uses any term of a group is about that group's thing, so two
texts using different terms of one group meet. A term is analysed like any text (base forms,
compound parts), so "sommarjobben" and "sommarjobbsplatser" both use "sommarjobb"; a term of
several words ("stöd i hemmet") is used when its words stand together.

The thesaurus (mythes-sv, Synlex from KTH, about 16,000 headwords) knows general Swedish synonyms
(badhus → simhall, enkät → frågeformulär) and no municipal jargon. A word is linked to each
headword it is or is a synonym of; two texts meet when their words share a headword. It is weaker
evidence than the vocabulary (a general thesaurus mixes senses), and the fitted weights say how
much weaker.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from goals.overlap.text import GENERIC, STOP_WORDS, Analysis, analyse, key

THESAURUS = Path("/usr/share/mythes/th_sv_SE_v2.dat")


@dataclass(frozen=True)
class Term:
    """A vocabulary term as its word keys, in order."""

    text: str
    keys: tuple[str, ...]


@dataclass
class Vocabulary:
    """Word groups, ready to find in analysed texts."""

    labels: dict[int, str] = field(default_factory=dict)
    single: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    multi: dict[str, list[tuple[tuple[str, ...], int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    terms: dict[int, list[Term]] = field(default_factory=dict)
    # What decisions taught (goals/overlap/learning.py): word key → the links it takes part in.
    learned: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    version: object = None

    def learn(self, links: list[tuple[str, str]]) -> None:
        for word_a, word_b in links:
            link = f"{word_a}|{word_b}"
            self.learned[word_a].append(link)
            self.learned[word_b].append(link)

    @classmethod
    def build(cls, groups: list[tuple[int, str, list[str]]], version: object = None) -> Vocabulary:
        vocabulary = cls(version=version)
        for group_id, label, texts in groups:
            vocabulary.labels[group_id] = label
            vocabulary.terms[group_id] = []
            for text in texts:
                keys = term_keys(text)
                if not keys:
                    continue
                vocabulary.terms[group_id].append(Term(text, keys))
                if len(keys) == 1:
                    vocabulary.single[keys[0]].add(group_id)
                else:
                    vocabulary.multi[keys[0]].append((keys, group_id))
        return vocabulary

    def groups_in(self, analysis: Analysis) -> dict[int, tuple[str, float]]:
        """The groups a text uses: group id → (the word that uses it, its weight: 1 for a whole
        word, less for a compound's part)."""
        found: dict[int, tuple[str, float]] = {}
        keys = [key(w.lemma) for w in analysis.words]
        for position, word in enumerate(analysis.words):
            own = keys[position]
            for group_id in self.single.get(own, ()):
                found.setdefault(group_id, (word.lemma, 1.0))
            for keys_, group_id in self.multi.get(own, ()):
                if tuple(keys[position : position + len(keys_)]) == keys_:
                    found.setdefault(group_id, (" ".join(keys_), 1.0))
            for part in word.parts:
                for group_id in self.single.get(key(part), ()):
                    if group_id not in found:
                        found[group_id] = (word.lemma, PART_WEIGHT)
        return found

    def members(self, group_id: int) -> list[Term]:
        return self.terms.get(group_id, [])


PART_WEIGHT = 0.5


TERM_KEYS_FILE = Path(__file__).parent / "data" / "term_keys.json"


def term_keys(text: str) -> tuple[str, ...]:
    """A vocabulary term's word keys: analysed as a text, stop words out. The shipped terms'
    keys are read from data/term_keys.json (manage.py fit_overlap writes it): analysing six
    thousand terms with the dictionary takes half a minute, which no search should wait for."""
    cached = _shipped_keys().get(text)
    if cached is not None:
        return tuple(cached)
    return tuple(key(w.lemma) for w in analyse(text).words)


_shipped: dict[str, list[str]] | None = None


def _shipped_keys() -> dict[str, list[str]]:
    global _shipped
    if _shipped is None:
        try:
            _shipped = json.loads(TERM_KEYS_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _shipped = {}
    return _shipped


def write_term_keys(terms) -> int:
    """Analyse these terms and write their keys to TERM_KEYS_FILE; returns how many."""
    global _shipped
    keys = {t: [key(w.lemma) for w in analyse(t).words] for t in sorted(set(terms))}
    TERM_KEYS_FILE.write_text(
        json.dumps(keys, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
    _shipped = keys
    return len(keys)


def bad_term_reason(text: str) -> str | None:
    """Why a term cannot be in the vocabulary, or None: it must hold a meaningful word."""
    words = [w for w in text.lower().split() if w]
    if not words:
        return "empty"
    keys = term_keys(text)
    if not keys:
        return "stop"
    if all(k in _GENERIC_KEYS or k in STOP_WORDS for k in keys):
        return "generic"
    return None


_GENERIC_KEYS = frozenset(key(g) for g in GENERIC)


class _Thesaurus:
    """Word key → the headwords (as keys) it is or is a synonym of. Loaded once per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._map: dict[str, frozenset[str]] | None = None

    def concepts(self, word_key: str) -> frozenset[str]:
        if self._map is None:
            with self._lock:
                if self._map is None:
                    self._map = _load_thesaurus()
        return self._map.get(word_key, frozenset())


def _load_thesaurus() -> dict[str, frozenset[str]]:
    if not THESAURUS.exists():
        return {}
    links: dict[str, set[str]] = defaultdict(set)
    with THESAURUS.open(encoding="latin-1") as handle:
        handle.readline()  # the encoding
        lines = iter(handle)
        for line in lines:
            head, _, count = line.rstrip("\n").partition("|")
            if not count.isdigit():
                continue
            members = {head}
            for _ in range(int(count)):
                members.update(next(lines, "").rstrip("\n").split("|")[1:])
            single = {key(m) for m in members if m and " " not in m and not m[:1].isupper()}
            head_key = key(head)
            if head_key in STOP_WORDS or head_key in _GENERIC_KEYS or " " in head:
                continue
            for member in single:
                if member not in STOP_WORDS and member not in _GENERIC_KEYS:
                    links[member].add(head_key)
    return {word: frozenset(heads) for word, heads in links.items()}


THESAURUS_LINKS = _Thesaurus()
