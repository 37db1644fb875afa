"""The evaluation set of overlap finding (goals/overlap/evaluation.py,
tests/goals/data/overlap_eval/): 390 pairs written by people who had not seen the matching code,
split into a tuning and a test part before anything was tuned."""

from __future__ import annotations

from goals.overlap import evaluation


def test_the_split_keeps_the_parts_apart_and_covers_every_field():
    tuning, test = evaluation.load("tuning"), evaluation.load("test")
    assert not {p.id for p in tuning} & {p.id for p in test}
    assert len(tuning) + len(test) == 390
    for part in (tuning, test):
        labels = [p.label for p in part]
        assert labels.count("duplicate") >= 85
        assert labels.count("unrelated") >= 60
        assert len({p.field for p in part}) >= 20
