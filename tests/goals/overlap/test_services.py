"""Deciding about a pair and merging a duplicate: all or nothing, bad input refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from goals.models import OverlapSuggestion
from goals.overlap import services
from tests import factories as f

pytestmark = pytest.mark.django_db

Decision = OverlapSuggestion.Decision


@pytest.fixture
def pair(group):
    a = f.ActivityFactory(owner_unit=group.administration, title="Rekryteringsmässa för lärare")
    b = f.ActivityFactory(owner_unit=group.company, title="Rekryteringsmässa för vaktmästare")
    first, second = sorted([a, b], key=lambda activity: activity.pk)
    return OverlapSuggestion.objects.create(
        activity_a=first, activity_b=second, score=0.8, text_score=0.7
    )


def undecided(pair: OverlapSuggestion) -> bool:
    fresh = OverlapSuggestion.objects.get(pk=pair.pk)
    withdrawn = [a.is_withdrawn for a in (fresh.activity_a, fresh.activity_b)]
    return fresh.decision == Decision.OPEN and withdrawn == [False, False]


def test_a_duplicate_is_decided_and_merged_into_the_one_kept(administrator, pair):
    keep, drop = pair.activity_b, pair.activity_a
    decided = services.overlap_decide_and_merge(
        user=administrator, suggestion=pair, decision=Decision.DUPLICATE, keep_id=keep.pk
    )
    assert decided.decision == Decision.DUPLICATE
    drop.refresh_from_db()
    assert drop.is_withdrawn and keep.title in drop.withdrawn_reason
    assert drop.owner_unit in keep.cooperating_units.all()


def test_without_keep_id_only_the_decision_is_saved(administrator, pair):
    services.overlap_decide_and_merge(
        user=administrator, suggestion=pair, decision=Decision.RELATED, note=" Samordna. "
    )
    fresh = OverlapSuggestion.objects.get(pk=pair.pk)
    assert (fresh.decision, fresh.note) == (Decision.RELATED, "Samordna.")
    assert not fresh.activity_a.is_withdrawn and not fresh.activity_b.is_withdrawn


@pytest.mark.parametrize(
    ("decision", "keep", "message"),
    [
        (Decision.RELATED, "a", services.MERGE_NEEDS_DUPLICATE),
        (Decision.DUPLICATE, "other", services.MERGE_NOT_ALLOWED),
    ],
)
def test_a_bad_merge_is_refused_and_nothing_is_saved(administrator, pair, decision, keep, message):
    keep_id = pair.activity_a_id if keep == "a" else f.ActivityFactory().pk
    with pytest.raises(ValidationError) as error:
        services.overlap_decide_and_merge(
            user=administrator, suggestion=pair, decision=decision, keep_id=keep_id
        )
    assert error.value.messages == [str(message)]
    assert undecided(pair)


def test_only_one_who_edits_both_merges(chief, pair):
    with pytest.raises(ValidationError) as error:
        services.overlap_decide_and_merge(
            user=chief, suggestion=pair, decision=Decision.DUPLICATE, keep_id=pair.activity_a_id
        )
    assert error.value.messages == [str(services.MERGE_NOT_ALLOWED)]
    assert undecided(pair)


def test_a_merge_that_fails_leaves_the_decision_unsaved(administrator, pair, monkeypatch):
    def fail(**kwargs):
        raise ValidationError("The activity was changed by someone else.")

    monkeypatch.setattr(services.activity_services, "activity_withdraw", fail)
    with pytest.raises(ValidationError):
        services.overlap_decide_and_merge(
            user=administrator,
            suggestion=pair,
            decision=Decision.DUPLICATE,
            keep_id=pair.activity_a_id,
        )
    assert undecided(pair)
    assert pair.activity_b.owner_unit not in pair.activity_a.cooperating_units.all()
