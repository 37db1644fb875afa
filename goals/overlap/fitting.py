"""Fitting the evidence's weights on the tuning part of the evaluation set.

Every text of the tuning part is a document of its own; word weights (idf) come from those
documents, as in a group they come from the group's own activities. Every pair of texts is an
example: 1 when labelled duplicate, 0 otherwise (related pairs and the look-alikes included).
A logistic regression with a little L2 (Newton's method; positives weighted up, since they are
one pair in a few hundred) gives the weights. The threshold is the lowest probability at which
the suggestions' judged precision on the tuning part stays at TARGET_PRECISION: as many
duplicates as can be found without showing people look-alikes.

Nothing here reads the test part: manage.py fit_overlap fits, and the tests and docs/signals.md
report the test part with what was fitted.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from django.utils import timezone

from goals.overlap import evaluation
from goals.overlap.documents import analyse_activity, keys_of
from goals.overlap.evidence import FEATURES, Doc, Model, features, idf, likeness, shares_meaning
from goals.overlap.meaning import Vocabulary

POSITIVE_WEIGHT = 20.0
L2 = 1.0
TARGET_PRECISION = 0.95
THRESHOLDS = (
    *(0.001, 0.002, 0.003, 0.005, 0.007, 0.01, 0.015, 0.02, 0.03, 0.05, 0.07),
    *(0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
)
# Suggestions of texts not labelled alike, per search, at most: on the tuning part many share a
# topic with the searched text, and some are worth a look, but an editor shown three doubtful
# suggestions for every search stops reading them.
OTHERS_PER_SEARCH = 1.0
# The review queue may hold at most this many pairs per activity on the tuning part: people
# decide every pair in it, so it must stay far smaller than the suggestions while typing.
SCAN_PAIRS_PER_DOCUMENT = 0.25


def documents(pairs: list[evaluation.Pair], vocabulary: Vocabulary) -> list[Doc]:
    """Side a of pair n as document 2n, side b as 2n + 1, weighted by rarity among them."""
    analysed = []
    for pair in pairs:
        analysed.append(analyse_activity(pair.a_title, pair.a_description))
        analysed.append(analyse_activity(pair.b_title, pair.b_description))
    df: Counter[str] = Counter()
    for _title, text in analysed:
        df.update(keys_of(text))
    n = len(analysed)

    def weight(k: str) -> float:
        return idf(df.get(k, 0), n)

    return [Doc(title, text, vocabulary, weight) for title, text in analysed]


def feature_matrix(docs: list[Doc]) -> tuple[np.ndarray, np.ndarray]:
    """features[i, j] for every pair of documents (symmetric; the diagonal is zero), and which
    pairs share any meaning at all (the others are never alike, whatever the weights)."""
    n = len(docs)
    out = np.zeros((n, n, len(FEATURES)))
    shares = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            if not shares_meaning(docs[i], docs[j]):
                continue
            shares[i, j] = shares[j, i] = True
            values = features(docs[i], docs[j])
            out[i, j] = out[j, i] = [values[name] for name in FEATURES]
    return out, shares


def labels(pairs: list[evaluation.Pair]) -> np.ndarray:
    n = 2 * len(pairs)
    out = np.zeros((n, n))
    for m, pair in enumerate(pairs):
        if pair.label == "duplicate":
            out[2 * m, 2 * m + 1] = out[2 * m + 1, 2 * m] = 1.0
    return out


def logistic(x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray) -> np.ndarray:
    """[bias, weights...] of an L2-regularised logistic regression (Newton's method)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(xb.shape[1])
    penalty = L2 * np.diag(np.r_[0.0, np.ones(xb.shape[1] - 1)])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(xb @ w)))
        gradient = xb.T @ (sample_weight * (p - y)) + penalty @ w
        hessian = (xb * (sample_weight * p * (1 - p))[:, None]).T @ xb + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


# Evidence of likeness may never count against a pair: the tuning part's look-alikes share their
# titles' words far more often than its duplicates do, so a free fit weighs the same words
# negatively, which would rank a copied activity below a loosely worded one in a real group.
# A feature the fit would weigh below zero is left out and the rest fitted again; only a
# different place may count against a pair.
NEGATIVE_EVIDENCE = ("other_place",)


def _fit_non_negative(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    keep = list(range(x.shape[1]))
    sample_weight = np.where(y > 0, POSITIVE_WEIGHT, 1.0)
    while True:
        fitted = logistic(x[:, keep], y, sample_weight)
        negative = [
            (fitted[1 + k], feature)
            for k, feature in enumerate(keep)
            if fitted[1 + k] < 0 and FEATURES[feature] not in NEGATIVE_EVIDENCE
        ]
        if not negative:
            break
        keep.remove(min(negative)[1])
    w = np.zeros(x.shape[1] + 1)
    w[0] = fitted[0]
    for k, feature in enumerate(keep):
        w[1 + feature] = fitted[1 + k]
    return w


# The evaluation set's duplicates are written in other words on purpose, and its look-alikes
# share words; fitted on that alone, sharing the same words would count against a pair, and a
# copied activity would rank below a loosely worded one. Real groups copy too: each text of the
# tuning part is also paired, as a duplicate, with itself cut to its title, as a unit writes a
# one-line entry for another unit's activity.
COPY_WEIGHT = 5.0


def _copied_duplicates(pairs: list[evaluation.Pair], vocabulary: Vocabulary) -> np.ndarray:
    texts = [(p.a_title, p.a_description) for p in pairs] + [
        (p.b_title, p.b_description) for p in pairs
    ]
    with_description = [(t, d) for t, d in texts if d.strip()]
    cut = [evaluation.Pair("copy", "", "duplicate", t, d, t, "") for t, d in with_description]
    docs = documents(cut, vocabulary)
    rows = []
    for k in range(len(cut)):
        values = features(docs[2 * k], docs[2 * k + 1])
        rows.append([values[name] for name in FEATURES])
    return np.asarray(rows).reshape(-1, len(FEATURES))


def suggestions(probability: np.ndarray, threshold: float) -> dict[int, list[int]]:
    out = {}
    for i in range(probability.shape[0]):
        order = np.argsort(-probability[i], kind="stable")
        out[i] = [int(j) for j in order if j != i and probability[i, j] >= threshold][
            : evaluation.TOP_K
        ]
    return out


def stored(probability: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    i, j = np.nonzero(np.triu(probability >= threshold, k=1))
    return set(zip(i.tolist(), j.tolist(), strict=True))


def fit(vocabulary: Vocabulary) -> tuple[Model, evaluation.Figures]:
    """The model fitted on the tuning part, and its figures there."""
    pairs = evaluation.load("tuning")
    x, shares = feature_matrix(documents(pairs, vocabulary))
    y = labels(pairs)
    n = x.shape[0]
    upper = np.triu_indices(n, 1)
    fitted_pairs = shares[upper]
    target = y[upper][fitted_pairs]
    copies = _copied_duplicates(pairs, vocabulary)
    w = logistic(
        np.vstack([x[upper][fitted_pairs], copies]),
        np.r_[target, np.ones(len(copies))],
        np.r_[np.where(target > 0, POSITIVE_WEIGHT, 1.0), np.full(len(copies), COPY_WEIGHT)],
    )
    # Weighting the positives up multiplies the odds by POSITIVE_WEIGHT; the bias takes it back,
    # so the probability is one of a pair drawn from the group, not from a balanced sample.
    w[0] -= np.log(POSITIVE_WEIGHT)
    probability = np.where(shares, 1 / (1 + np.exp(-(w[0] + x @ w[1:]))), 0.0)

    def at(threshold: float) -> evaluation.Figures:
        return evaluation.figures(
            pairs, suggestions(probability, threshold), stored(probability, threshold)
        )

    def acceptable(f: evaluation.Figures) -> bool:
        others = (f.suggested - f.good_suggestions) / f.searched_texts
        return f.suggestion_precision_judged >= TARGET_PRECISION and others <= OTHERS_PER_SEARCH

    chosen = next((t for t in THRESHOLDS if acceptable(at(t))), THRESHOLDS[-1])
    scan_chosen = next(
        (
            t
            for t in THRESHOLDS
            if t >= chosen
            and at(t).scan_precision_judged >= TARGET_PRECISION
            and at(t).stored <= SCAN_PAIRS_PER_DOCUMENT * n
        ),
        THRESHOLDS[-1],
    )
    figures = evaluation.figures(
        pairs, suggestions(probability, chosen), stored(probability, scan_chosen)
    )
    model = Model(
        bias=round(float(w[0]), 4),
        weights={name: round(float(v), 4) for name, v in zip(FEATURES, w[1:], strict=True)},
        threshold=chosen,
        scan_threshold=scan_chosen,
    )
    return model, figures


def save(model: Model, figures: evaluation.Figures) -> None:
    model.save(fitted=timezone.localdate().isoformat(), tuning_part=str(figures))


def measure(model: Model, part: str, vocabulary: Vocabulary) -> evaluation.Figures:
    """The figures of a fitted model on a part, in Python (the tests measure it through the
    database): "old" is the regression set of the first engine."""
    pairs = evaluation.load(part)
    docs = documents(pairs, vocabulary)
    n = len(docs)
    probability = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            probability[i, j] = probability[j, i] = likeness(model, docs[i], docs[j])
    return evaluation.figures(
        pairs, suggestions(probability, model.threshold), stored(probability, model.scan_threshold)
    )
