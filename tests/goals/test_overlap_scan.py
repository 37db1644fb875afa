"""The overlap scan: it finds planted pairs, never twice, never reopens a decision, and runs after
a save; decisions record who and when; and who may decide."""

from __future__ import annotations

from io import StringIO

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from scipy import sparse

from goals import services
from goals.models import Activity, OverlapSuggestion
from goals.overlap import documents
from goals.overlap.scan import (
    CANDIDATE_SIMILARITY,
    ScanResult,
    _candidate_pairs,
    _top_for_each,
    _without_common_words,
    can_decide_overlap,
    combined_score,
    overlap_decide,
    overlap_scan,
    suggestions_for_activity,
)
from goals.tasks import overlap_scan_activities_task, overlap_scan_full_task
from tests import factories as f

Decision = OverlapSuggestion.Decision

NURSES = ("Rekryteringskampanj för sjuksköterskor", "Annonser och mässor för sjuksköterskor.")
NURSES_AGAIN = ("Kampanj för att rekrytera sjuksköterskor", "Mässor och annonser.")


@pytest.fixture
def planted(group):
    """Two units running the same recruitment campaign, and unrelated work beside them."""
    a = f.ActivityFactory(title=NURSES[0], description=NURSES[1], owner_unit=group.administration)
    b = f.ActivityFactory(
        title=NURSES_AGAIN[0], description=NURSES_AGAIN[1], owner_unit=group.company
    )
    f.ActivityFactory(title="Renovering av stadshusets fasad", owner_unit=group.company)
    f.ActivityFactory(title="Nya lekplatser i Teleborg", owner_unit=group.department)
    return a, b


def _pairs() -> list[tuple[int, int, str]]:
    return sorted(
        OverlapSuggestion.objects.values_list("activity_a_id", "activity_b_id", "decision")
    )


def test_the_scan_finds_a_planted_pair(planted):
    a, b = planted
    result = overlap_scan()
    assert isinstance(result, ScanResult)
    assert result.suggestions_created == 1 and result.pairs_compared >= 1
    assert _pairs() == [(a.pk, b.pk, Decision.OPEN)]
    suggestion = OverlapSuggestion.objects.get()
    assert suggestion.score == pytest.approx(suggestion.text_score)  # no goals, no process
    assert suggestion.score >= 0.3


def test_the_full_scan_brings_the_queues_statistics_up_to_date(planted):
    from django.db import connection

    def believed_pairs() -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = %s",
                [OverlapSuggestion._meta.db_table],
            )
            return cursor.fetchone()[0]

    documents.update_statistics(OverlapSuggestion)
    assert believed_pairs() == 0
    overlap_scan()
    assert OverlapSuggestion.objects.count() == 1 == believed_pairs()


def test_running_twice_changes_nothing_but_the_scan_time(planted):
    overlap_scan()
    first = list(OverlapSuggestion.objects.values("pk", "score", "found_at"))
    result = overlap_scan()
    assert result.suggestions_created == 0 and result.suggestions_updated == 1
    assert list(OverlapSuggestion.objects.values("pk", "score", "found_at")) == first


def test_a_dismissed_pair_stays_dismissed(planted, chief):
    a, b = planted
    overlap_scan()
    suggestion = OverlapSuggestion.objects.get()
    overlap_decide(user=chief, suggestion=suggestion, decision=Decision.NOT_ALIKE, note="Olika")
    overlap_scan()
    overlap_scan(activity_ids=[a.pk, b.pk])
    assert _pairs() == [(a.pk, b.pk, Decision.NOT_ALIKE)]
    kept = OverlapSuggestion.objects.get()
    assert (kept.note, kept.decided_by) == ("Olika", chief)


def test_a_decided_pair_survives_when_its_text_drifts_apart(planted, chief):
    a, b = planted
    overlap_scan()
    overlap_decide(
        user=chief, suggestion=OverlapSuggestion.objects.get(), decision=Decision.RELATED
    )
    Activity.objects.filter(pk=b.pk).update(title="Snöröjning på landsbygden", description="")
    overlap_scan()
    assert _pairs() == [(a.pk, b.pk, Decision.RELATED)]


def test_an_open_pair_is_removed_when_it_no_longer_reaches_the_threshold(planted):
    a, b = planted
    overlap_scan()
    Activity.objects.filter(pk=b.pk).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Slogs ihop"
    )
    result = overlap_scan(activity_ids=[b.pk])
    assert result.suggestions_removed == 1
    assert _pairs() == []


def test_no_self_pairs_no_same_unit_pairs_and_the_lower_id_first(group):
    for unit in (group.administration, group.administration, group.company, group.department):
        f.ActivityFactory(title=NURSES[0], description=NURSES[1], owner_unit=unit)
    overlap_scan()
    rows = list(OverlapSuggestion.objects.select_related("activity_a", "activity_b"))
    # Two administration rows, one company, one department: every cross-unit pair, no other.
    assert len(rows) == 5
    for row in rows:
        assert row.activity_a_id < row.activity_b_id
        assert row.activity_a.owner_unit_id != row.activity_b.owner_unit_id


def test_the_incremental_scan_equals_the_full_scan(planted):
    a, b = planted
    result = overlap_scan(activity_ids=[b.pk])
    assert result.suggestions_created == 1
    incremental = _pairs()
    OverlapSuggestion.objects.all().delete()
    overlap_scan()
    assert _pairs() == incremental == [(a.pk, b.pk, Decision.OPEN)]


def test_saving_an_activity_scans_it_after_commit(
    group, editor, django_capture_on_commit_callbacks
):
    other = f.ActivityFactory(title=NURSES[0], description=NURSES[1], owner_unit=group.company)
    with django_capture_on_commit_callbacks(execute=True):
        created = services.activity_create(
            user=editor,
            data={
                "title": NURSES_AGAIN[0],
                "description": NURSES_AGAIN[1],
                "owner_unit": group.administration,
                "status": Activity.Status.PLANNED,
            },
        )
    assert _pairs() == [(other.pk, created.pk, Decision.OPEN)]


def test_shared_goals_and_process_lift_the_score(group):
    goal = f.UnitGoalFactory()
    a = f.ActivityFactory(
        title=NURSES[0],
        description=NURSES[1],
        owner_unit=group.administration,
        process=group.recruitment_process,
    )
    b = f.ActivityFactory(
        title=NURSES_AGAIN[0],
        description=NURSES_AGAIN[1],
        owner_unit=group.company,
        process=group.recruitment_process,
    )
    for activity in (a, b):
        f.ContributionFactory(activity=activity, goal=goal)
    overlap_scan()
    suggestion = OverlapSuggestion.objects.get()
    # The unit goal and the council goal above it are both shared.
    assert (suggestion.shared_goals, suggestion.same_process) == (2, True)
    assert suggestion.score == pytest.approx(
        combined_score(text_score=suggestion.text_score, shared_goals=2, same_process=True),
        abs=1e-3,
    )
    assert suggestion.score > suggestion.text_score


def test_goals_alone_never_pair_two_activities(group):
    goal = f.GoalFactory()
    for unit, title in ((group.administration, "Nya lekplatser"), (group.company, "Solceller")):
        f.ContributionFactory(
            activity=f.ActivityFactory(title=title, description="", owner_unit=unit), goal=goal
        )
    overlap_scan()
    assert _pairs() == []


def test_the_tasks_run_the_scan(planted):
    assert overlap_scan_full_task()["suggestions_created"] == 1
    assert overlap_scan_activities_task([planted[0].pk])["suggestions_created"] == 0


def test_the_command_prints_the_result(planted):
    out = StringIO()
    call_command("scan_overlaps", stdout=out)
    assert "1 suggestions created" in out.getvalue()
    out = StringIO()
    call_command("scan_overlaps", "--activity", str(planted[0].pk), stdout=out)
    assert "0 suggestions created" in out.getvalue()


# --- Decisions ------------------------------------------------------------------------------


def test_a_decision_records_who_when_and_a_note(planted, chief):
    overlap_scan()
    decided = overlap_decide(
        user=chief,
        suggestion=OverlapSuggestion.objects.get(),
        decision=Decision.DUPLICATE,
        note="  Samordna kampanjerna  ",
    )
    decided.refresh_from_db()
    assert decided.decision == Decision.DUPLICATE
    assert decided.note == "Samordna kampanjerna"
    assert decided.decided_by == chief and decided.decided_at is not None


@pytest.mark.parametrize("decision", [Decision.OPEN, "merge", ""])
def test_a_decision_must_be_one_of_the_three(planted, chief, decision):
    overlap_scan()
    with pytest.raises(ValidationError):
        overlap_decide(user=chief, suggestion=OverlapSuggestion.objects.get(), decision=decision)


def test_who_may_decide(group, chief, administrator, process_owner, editor, reader):
    a = f.ActivityFactory(title=NURSES[0], owner_unit=group.administration)
    b = f.ActivityFactory(
        title=NURSES_AGAIN[0], owner_unit=group.company, process=group.recruitment_process
    )
    c = f.ActivityFactory(title="Nya lekplatser", owner_unit=group.company)
    in_area = OverlapSuggestion.objects.create(activity_a=a, activity_b=b, score=0.5)
    outside = OverlapSuggestion.objects.create(activity_a=a, activity_b=c, score=0.5)
    assert can_decide_overlap(chief, outside) and can_decide_overlap(administrator, outside)
    assert can_decide_overlap(process_owner, in_area)
    assert not can_decide_overlap(process_owner, outside)
    assert not can_decide_overlap(editor, in_area) and not can_decide_overlap(reader, in_area)


def test_suggestions_for_an_activity_show_both_directions(planted, group, chief):
    a, b = planted
    c = f.ActivityFactory(title=NURSES[0], description=NURSES[1], owner_unit=group.department)
    overlap_scan()
    overlap_decide(
        user=chief,
        suggestion=OverlapSuggestion.objects.get(activity_a=a, activity_b=b),
        decision=Decision.RELATED,
    )
    found = suggestions_for_activity(b)
    assert {s.other(b).pk for s in found} == {a.pk, c.pk}
    assert {s.decision for s in found} == {Decision.OPEN, Decision.RELATED}


def test_each_activity_keeps_its_strongest_pairs_only():
    i = np.array([0, 0, 0, 1])
    j = np.array([1, 2, 3, 2])
    score = np.array([0.9, 0.5, 0.4, 0.3], dtype=np.float32)
    # With one pair each: 0's best is 0–1, 1's best 0–1, 2's best 0–2, 3's only 0–3.
    assert _top_for_each(i, j, score, 1).tolist() == [True, True, True, False]


def test_first_cut_keeps_the_same_strongest_pairs_block_by_block(monkeypatch):
    """Block by block, each activity's strongest candidates are those a brute force over every
    pair finds: cutting blocks loses none of them and computes no pair twice."""
    rng = np.random.default_rng(7)
    dense = np.zeros((40, 60), dtype=np.float32)
    for row in dense:
        row[rng.choice(60, size=rng.integers(8, 20), replace=False)] = rng.random(1)[0] + 0.5
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    matrix = sparse.csr_matrix(dense)
    cosine = dense @ dense.T
    brute = {
        (a, b): cosine[a, b]
        for a in range(40)
        for b in range(a + 1, 40)
        if cosine[a, b] >= CANDIDATE_SIMILARITY
    }
    pairs = list(brute)
    monkeypatch.setattr("goals.overlap.scan.CANDIDATES_PER_ACTIVITY", 3)
    strongest = _top_for_each(
        np.array([a for a, _ in pairs]),
        np.array([b for _, b in pairs]),
        np.array(list(brute.values()), dtype=np.float32),
        3,
    )
    expected = sorted(a * 40 + b for (a, b), keep in zip(pairs, strongest, strict=True) if keep)

    i, j, compared = _candidate_pairs(matrix)
    monkeypatch.setattr("goals.overlap.scan.BLOCK_ROWS", 7)
    bi, bj, compared_in_blocks = _candidate_pairs(matrix)

    assert len(brute) > len(expected) > 40  # the cut does cut, and keeps several per activity
    assert sorted((i * 40 + j).tolist()) == expected
    assert sorted((bi * 40 + bj).tolist()) == expected
    assert compared == compared_in_blocks <= 40 * 39 // 2


def test_words_in_most_texts_bring_no_candidates(monkeypatch):
    """A word in more of the texts than search.rare_limit allows leaves the first cut; a rarer one
    stays, and a row keeps its length, so no cosine grows."""
    monkeypatch.setattr("goals.overlap.search.RARE_FLOOR", 2)
    monkeypatch.setattr("goals.overlap.search.RARE_SHARE", 0.5)
    # Column 0 is in all four texts, column 1 in two, column 2 in one.
    matrix = sparse.csr_matrix(
        np.array([[0.6, 0.8, 0.0], [0.6, 0.8, 0.0], [1.0, 0.0, 0.0], [0.6, 0.0, 0.8]])
    )
    kept = _without_common_words(matrix)
    expected = np.array([[0.8, 0.0], [0.8, 0.0], [0.0, 0.0], [0.0, 0.8]])
    assert np.allclose(kept.toarray(), expected)
    i, j, _ = _candidate_pairs(kept)
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 1)]
