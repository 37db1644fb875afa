"""The finder learns from decisions: a pair decided duplicate links the distinctive words of its
two sides for later searches, and says so; a pair decided not alike weakens those links."""

from __future__ import annotations

import pytest
from django.utils import translation

from goals.models import LearnedLink, OverlapSuggestion
from goals.overlap.scan import overlap_decide
from goals.overlap.search import similar_activities
from tests import factories as f

pytestmark = pytest.mark.django_db

Decision = OverlapSuggestion.Decision


def _pair(a, b):
    a, b = sorted((a, b), key=lambda x: x.pk)
    return OverlapSuggestion.objects.create(activity_a=a, activity_b=b, score=0.4, text_score=0.4)


@pytest.fixture
def taught(chief, group):
    """Two units' snow sculpture festivals, written without a shared word, decided duplicate."""
    a = f.ActivityFactory(
        title="Snöskulpturer på Stortorget", description="", owner_unit=group.administration
    )
    b = f.ActivityFactory(
        title="Isskulpturer i stadsparken", description="", owner_unit=group.company
    )
    later = f.ActivityFactory(
        title="Isskulpturer vid Evedal", description="", owner_unit=f.UnitFactory(name="Tredje")
    )
    return a, b, later


def test_a_duplicate_decision_teaches_its_words_to_later_searches(chief, taught):
    a, b, later = taught
    assert later.pk not in [
        m.activity.pk for m in similar_activities(title="Snöskulpturer i Braås")
    ]
    overlap_decide(user=chief, suggestion=_pair(a, b), decision=Decision.DUPLICATE)
    link = LearnedLink.objects.get(word_a="isskulptur", word_b="snöskulptur")
    assert (link.weight, link.decisions) == (1.0, 1)
    matches = similar_activities(title="Snöskulpturer i Braås", unit=a.owner_unit)
    found = next(m for m in matches if m.activity.pk == later.pk)
    # Read in English whatever an earlier test in this process left active.
    with translation.override("en"):
        shown = [str(r) for r in found.reasons]
    assert "learned from a decision: snöskulptur ≈ isskulptur" in shown


def test_not_alike_weakens_what_was_learned(chief, taught):
    a, b, later = taught
    overlap_decide(user=chief, suggestion=_pair(a, b), decision=Decision.DUPLICATE)
    overlap_decide(
        user=chief, suggestion=_pair(a, later), decision=Decision.NOT_ALIKE, note="Inte samma"
    )
    assert LearnedLink.objects.get(word_a="isskulptur", word_b="snöskulptur").weight == 0.0
    matches = similar_activities(title="Snöskulpturer i Braås", unit=a.owner_unit)
    assert later.pk not in [m.activity.pk for m in matches]
