"""The labelled evaluation set (tests/goals/data/overlap_eval/), and the figures Riktning reports
on its test part. How it was written, split and measured: docs/design/overlap-evaluation.md.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "tests" / "goals" / "data"
EVAL_DIR = DATA / "overlap_eval"
OLD_SET = DATA / "similarity_pairs.csv"
TOP_K = 5


@dataclass(frozen=True)
class Pair:
    id: str
    field: str
    label: str  # duplicate, related or unrelated
    a_title: str
    a_description: str
    b_title: str
    b_description: str


def load(part: str) -> list[Pair]:
    """The pairs of one part: "tuning", "test", or "old" (the 79 pairs of the first engine)."""
    if part == "old":
        with OLD_SET.open(encoding="utf-8", newline="") as handle:
            return [
                Pair(
                    f"old{n}",
                    "",
                    row["label"],
                    row["a_title"],
                    row["a_description"],
                    row["b_title"],
                    row["b_description"],
                )
                for n, row in enumerate(csv.DictReader(handle), start=1)
            ]
    with (EVAL_DIR / "split.csv").open(encoding="utf-8", newline="") as handle:
        wanted = {row["id"] for row in csv.DictReader(handle) if row["part"] == part}
    pairs = []
    for path in sorted(EVAL_DIR.glob("part_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["id"] in wanted:
                    pairs.append(
                        Pair(
                            row["id"],
                            row["field"],
                            row["label"],
                            row["a_title"],
                            row["a_description"],
                            row["b_title"],
                            row["b_description"],
                        )
                    )
    return pairs


@dataclass
class Figures:
    suggestion_recall: float
    suggestion_precision: float
    scan_recall: float
    scan_precision: float
    found: int = 0
    searched: int = 0
    suggested: int = 0
    good_suggestions: int = 0
    stored: int = 0
    good_stored: int = 0
    duplicates: int = 0
    duplicates_stored: int = 0
    unrelated_suggested: int = 0
    judged_suggestions: int = 0
    judged_stored: int = 0
    searched_texts: int = 1

    @property
    def suggestion_precision_judged(self) -> float:
        return self.good_suggestions / self.judged_suggestions if self.judged_suggestions else 1.0

    @property
    def scan_precision_judged(self) -> float:
        return self.good_stored / self.judged_stored if self.judged_stored else 1.0

    def __str__(self) -> str:
        return (
            f"suggestions: recall {self.suggestion_recall:.2f} ({self.found}/{self.searched}), "
            f"precision {self.suggestion_precision:.2f} "
            f"({self.good_suggestions}/{self.suggested}), judged "
            f"{self.suggestion_precision_judged:.2f} "
            f"({self.good_suggestions}/{self.judged_suggestions}); "
            f"scan: recall {self.scan_recall:.2f} ({self.duplicates_stored}/{self.duplicates}), "
            f"precision {self.scan_precision:.2f} ({self.good_stored}/{self.stored}), judged "
            f"{self.scan_precision_judged:.2f} ({self.good_stored}/{self.judged_stored})"
        )


def figures(
    pairs: list[Pair],
    suggestions: dict[int, list[int]],
    stored: set[tuple[int, int]],
) -> Figures:
    """The figures, given for each text (2n for a side, 2n + 1 for b side of pair n) the texts
    suggested for it, best first, and the pairs (i < j) the scan stored."""
    partner_label: dict[tuple[int, int], str] = {}
    for n, pair in enumerate(pairs):
        partner_label[(2 * n, 2 * n + 1)] = pair.label
    good = {k for k, label in partner_label.items() if label in ("duplicate", "related")}
    duplicates = {k for k, label in partner_label.items() if label == "duplicate"}
    searched = found = suggested = good_suggestions = judged = 0
    unrelated = Counter()
    for text, others in suggestions.items():
        partner = text + 1 if text % 2 == 0 else text - 1
        pair_key = (min(text, partner), max(text, partner))
        if pair_key in duplicates:
            searched += 1
            found += partner in others[:TOP_K]
        for other in others[:TOP_K]:
            suggested += 1
            key_ = (min(text, other), max(text, other))
            good_suggestions += key_ in good
            judged += key_ in partner_label
            if partner_label.get(key_) == "unrelated":
                unrelated[key_] += 1
    stored_good = sum(1 for k in stored if k in good)
    stored_duplicates = sum(1 for k in duplicates if k in stored)
    return Figures(
        suggestion_recall=found / searched if searched else 0.0,
        suggestion_precision=good_suggestions / suggested if suggested else 1.0,
        scan_recall=stored_duplicates / len(duplicates) if duplicates else 0.0,
        scan_precision=stored_good / len(stored) if stored else 1.0,
        found=found,
        searched=searched,
        suggested=suggested,
        good_suggestions=good_suggestions,
        stored=len(stored),
        good_stored=stored_good,
        duplicates=len(duplicates),
        duplicates_stored=stored_duplicates,
        unrelated_suggested=len(unrelated),
        judged_suggestions=judged,
        searched_texts=max(len(suggestions), 1),
        judged_stored=sum(1 for k in stored if k in partner_label),
    )
