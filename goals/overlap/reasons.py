"""Why two activities look alike, in words a person understands: "same thing: feriearbete ≈
sommarjobb; same place: Teleborg; same goal"."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from goals.overlap.evidence import GENERIC_KEYS, Doc
from goals.overlap.text import key

LABELS = {
    "thing": _("same thing"),
    "learned": _("learned from a decision"),
    "words": _("same words"),
    "place": _("same place"),
    "goal": _("same goal"),
    "process": _("same process"),
}
MAX_WORDS = 3


@dataclass(frozen=True)
class Reason:
    """One kind of likeness ("thing", "words", "place", "goal", "process") and what shows it."""

    kind: str
    text: str = ""

    @property
    def label(self) -> str:
        return str(LABELS.get(self.kind, self.kind))

    def __str__(self) -> str:
        return f"{self.label}: {self.text}" if self.text else self.label

    def to_json(self) -> list[str]:
        return [self.kind, self.text]

    @classmethod
    def from_json(cls, data) -> Reason:
        kind, text = (list(data) + ["", ""])[:2]
        return cls(str(kind), str(text))


def sentence(items) -> str:
    """Reasons as one line: "same thing: feriearbete ≈ sommarjobb; same place: Teleborg"."""
    return "; ".join(str(r if isinstance(r, Reason) else Reason.from_json(r)) for r in items)


def reasons(a: Doc, b: Doc, *, shared_goals: int = 0, same_process: bool = False) -> list[Reason]:
    out: list[Reason] = []
    same: list[str] = []
    groups_b = b.groups
    for group_id, (word_a, _weight) in a.groups.items():
        if group_id in groups_b:
            word_b = groups_b[group_id][0]
            if key(word_a) != key(word_b):
                same.append(f"{word_a} ≈ {word_b}")
    if same:
        out.append(Reason("thing", ", ".join(same[:MAX_WORDS])))
    taught = [
        f"{a.learned[link]} ≈ {b.learned[link]}"
        for link in sorted(a.learned.keys() & b.learned.keys())
        if key(a.learned[link]) != key(b.learned[link])
    ]
    if taught:
        out.append(Reason("learned", ", ".join(taught[:MAX_WORDS])))
    shared = sorted(
        (k for k in a.text_words if k in b.text_words and k not in GENERIC_KEYS),
        key=lambda k: -min(a.text_words[k], b.text_words[k]),
    )
    lemma = {key(w.lemma): w.lemma for w in a.text.words}
    if shared:
        out.append(Reason("words", ", ".join(lemma.get(k, k) for k in shared[:MAX_WORDS])))
    places = sorted(a.places & b.places)
    if places:
        out.append(Reason("place", ", ".join(p.capitalize() for p in places)))
    if shared_goals:
        out.append(Reason("goal"))
    if same_process:
        out.append(Reason("process"))
    return out
