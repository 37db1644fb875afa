"""How alike two activities are: the evidence, one number per kind, and the fitted combination
(a logistic regression, data/weights.json). Each kind and why it is there:
docs/design/overlap-evidence.md.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from goals.overlap.meaning import PART_WEIGHT, THESAURUS_LINKS, Vocabulary
from goals.overlap.text import GENERIC, Analysis, key

WEIGHTS_FILE = Path(__file__).parent / "data" / "weights.json"

FEATURES = (
    "title_words",
    "text_words",
    "text_parts",
    "title_meaning",
    "text_meaning",
    "thesaurus",
    "title_letters",
    "coverage",
    "same_place",
    "other_place",
)

GENERIC_WEIGHT = 0.3
SHORT_PART_WEIGHT = 0.25  # a part of three letters ("lek", "hem", "bad") is often another word
GENERIC_KEYS = frozenset(key(g) for g in GENERIC)


# A group of fewer activities than this is weighed as if it had this many, the others without the
# word: in a group of two activities every shared word is in all of them, which says nothing
# about the word.
MIN_DOCUMENTS = 1000


def idf(df: int, n: int) -> float:
    """BM25's inverse document frequency."""
    n = max(n, MIN_DOCUMENTS)
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


@dataclass
class Doc:
    """An activity's text as evidence: its title and whole text analysed, and the vectors built
    from them for a given vocabulary and word statistics."""

    title: Analysis
    text: Analysis
    vocabulary: Vocabulary
    weight: Callable[[str], float]  # a key's idf
    goals: frozenset[int] = field(default_factory=frozenset)
    process_id: int | None = None

    @cached_property
    def places(self) -> frozenset[str]:
        return self.text.places

    def _words(self, analysis: Analysis, *, parts: bool) -> dict[str, float]:
        out: dict[str, float] = {}
        for word in analysis.words:
            if word.place:
                continue
            k = key(word.lemma)
            w = GENERIC_WEIGHT if k in GENERIC_KEYS else 1.0
            out[k] = out.get(k, 0.0) + w
            if parts:
                for part in word.parts:
                    pk = key(part)
                    if pk == k:
                        continue
                    pw = PART_WEIGHT if len(part) > 3 else SHORT_PART_WEIGHT
                    if pk in GENERIC_KEYS:
                        pw *= GENERIC_WEIGHT
                    out[pk] = max(out.get(pk, 0.0), pw)
        return {k: w * self.weight(k) for k, w in out.items()}

    def _meaning(self, analysis: Analysis, parts: dict[str, float]) -> dict[str, float]:
        """The words and parts (`parts`, already weighed), with the vocabulary's groups and
        the learned links the text uses."""
        out = dict(parts)
        for group_id, (word, w) in self.vocabulary.groups_in(analysis).items():
            out[f"g{group_id}"] = max(out.get(f"g{group_id}", 0.0), w * self.weight(key(word)))
        if self.vocabulary.learned:
            for word in analysis.words:
                k = key(word.lemma)
                for link in self.vocabulary.learned.get(k, ()):
                    out[f"l{link}"] = max(out.get(f"l{link}", 0.0), self.weight(k))
        return out

    @cached_property
    def learned(self) -> dict[str, str]:
        """The learned links the text uses: link → the word of this text that uses it."""
        out: dict[str, str] = {}
        for word in self.text.words:
            for link in self.vocabulary.learned.get(key(word.lemma), ()):
                out.setdefault(link, word.lemma)
        return out

    @cached_property
    def title_words(self) -> dict[str, float]:
        return self._words(self.title, parts=False)

    @cached_property
    def text_words(self) -> dict[str, float]:
        return self._words(self.text, parts=False)

    @cached_property
    def text_parts(self) -> dict[str, float]:
        return self._words(self.text, parts=True)

    @cached_property
    def title_meaning(self) -> dict[str, float]:
        return self._meaning(self.title, self._words(self.title, parts=True))

    @cached_property
    def text_meaning(self) -> dict[str, float]:
        return self._meaning(self.text, self.text_parts)

    @cached_property
    def groups(self) -> dict[int, tuple[str, float]]:
        return self.vocabulary.groups_in(self.text)

    @cached_property
    def thesaurus_heads(self) -> dict[str, dict[str, float]]:
        """Each word's thesaurus headwords, its weight spread over them (a word with many
        senses says little about which one is meant)."""
        out: dict[str, dict[str, float]] = {}
        for k, w in self.text_parts.items():
            heads = THESAURUS_LINKS.concepts(k)
            if heads:
                out[k] = {head: w / len(heads) for head in heads}
        return out

    @cached_property
    def title_trigrams(self) -> frozenset[str]:
        return trigrams(key(w.lemma) for w in self.title.words if key(w.lemma) not in GENERIC_KEYS)

    @cached_property
    def norms(self) -> dict[str, float]:
        return {
            name: math.sqrt(sum(v * v for v in getattr(self, name).values()))
            for name in VECTOR_FEATURES
        }


VECTOR_FEATURES = (
    "title_words",
    "text_words",
    "text_parts",
    "title_meaning",
    "text_meaning",
)


def trigrams(words) -> frozenset[str]:
    """pg_trgm's trigrams of these words: each padded as "  word " and cut in threes."""
    out: set[str] = set()
    for w in words:
        padded = f"  {w} "
        out.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(out)


def cosine(a: dict[str, float], b: dict[str, float], norm_a: float, norm_b: float) -> float:
    if not norm_a or not norm_b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[k] for k, w in a.items() if k in b) / (norm_a * norm_b)


def thesaurus_similarity(a: Doc, b: Doc) -> float:
    """Cosine of the headwords of the words each text has and the other has not: the same word
    on both sides is already counted as a word, and must not count again as a synonym."""
    shared = a.text_parts.keys() & b.text_parts.keys()
    va: dict[str, float] = {}
    vb: dict[str, float] = {}
    for doc, vector in ((a, va), (b, vb)):
        for word, heads in doc.thesaurus_heads.items():
            if word in shared:
                continue
            for head, w in heads.items():
                vector[head] = vector.get(head, 0.0) + w
    norm_a = math.sqrt(sum(v * v for v in va.values()))
    norm_b = math.sqrt(sum(v * v for v in vb.values()))
    return cosine(va, vb, norm_a, norm_b)


def coverage(a: dict[str, float], b: dict[str, float]) -> float:
    """How much of the smaller text's weight the other holds (0..1)."""
    small, large = (a, b) if sum(a.values()) <= sum(b.values()) else (b, a)
    total = sum(small.values())
    if not total:
        return 0.0
    return sum(w for k, w in small.items() if k in large) / total


def features(a: Doc, b: Doc, *, thesaurus: float | None = None) -> dict[str, float]:
    out = {
        name: cosine(getattr(a, name), getattr(b, name), a.norms[name], b.norms[name])
        for name in VECTOR_FEATURES
    }
    out["thesaurus"] = thesaurus_similarity(a, b) if thesaurus is None else thesaurus
    ta, tb = a.title_trigrams, b.title_trigrams
    shared = len(ta & tb)
    out["title_letters"] = shared / (len(ta) + len(tb) - shared) if shared else 0.0
    out["coverage"] = coverage(a.text_meaning, b.text_meaning)
    same = a.places & b.places
    out["same_place"] = 1.0 if same else 0.0
    out["other_place"] = 1.0 if (a.places and b.places and not same) else 0.0
    return out


def shares_meaning(a: Doc, b: Doc) -> bool:
    """Whether two texts share anything but generic words and places: a word, a compound's part,
    a vocabulary group or a thesaurus headword. Without it, no weighting makes them alike."""
    return _shares_word(a, b) or thesaurus_similarity(a, b) > 0


def _shares_word(a: Doc, b: Doc) -> bool:
    small, large = sorted((a.text_meaning, b.text_meaning), key=len)
    return any(k in large and k not in GENERIC_KEYS for k in small)


def likeness(model: Model, a: Doc, b: Doc) -> float:
    """The probability that a person would call the two activities the same work (0 when they
    share nothing but generic words and places; see shares_meaning)."""
    if _shares_word(a, b):
        return model.probability(features(a, b))
    thesaurus = thesaurus_similarity(a, b)
    if thesaurus <= 0:
        return 0.0
    return model.probability(features(a, b, thesaurus=thesaurus))


@dataclass(frozen=True)
class Model:
    """The fitted logistic regression: P(alike) = σ(bias + Σ weight × feature)."""

    bias: float
    weights: dict[str, float]
    threshold: float  # suggest a pair while typing from this probability
    scan_threshold: float  # store a pair for the review queue from this probability

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * v for name, v in values.items())
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["bias"], data["weights"], data["threshold"], data["scan_threshold"])

    def save(self, path: Path = WEIGHTS_FILE, **extra) -> None:
        data = {
            "bias": self.bias,
            "weights": self.weights,
            "threshold": self.threshold,
            "scan_threshold": self.scan_threshold,
            **extra,
        }
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
