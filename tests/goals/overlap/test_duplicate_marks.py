"""The duplicate marks of goals.ActivityCell (migration 0027): after every kind of write to the
pairs or the activities, the rows marked as in duplicated work are exactly those of the
activities in a strong open pair with another active activity, cases.strong_open_pairs()."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from goals.models import Activity, ActivityCell, OverlapSuggestion
from goals.overlap import cases
from goals.overlap.scan import overlap_decide, overlap_scan
from tests import factories as f
from tests.goals.overlap.test_cases import CAMPAIGNS

pytestmark = pytest.mark.django_db

Decision = OverlapSuggestion.Decision


def marked() -> set[int]:
    return set(ActivityCell.objects.filter(duplicated=True).values_list("activity_id", flat=True))


def worked_out() -> set[int]:
    in_cells = set(ActivityCell.objects.values_list("activity_id", flat=True))
    ends = {
        pk
        for pair in cases.strong_open_pairs().values_list("activity_a_id", "activity_b_id")
        for pk in pair
    }
    return ends & in_cells


def assert_current() -> set[int]:
    expected = worked_out()
    assert marked() == expected
    # Every row of a marked activity carries the mark, not just one of its cells.
    assert not ActivityCell.objects.filter(activity_id__in=expected, duplicated=False).exists()
    return expected


@pytest.fixture
def trio(group):
    """Three activities in three units, each bearing on a council goal (so each has a cell)."""
    goal = f.GoalFactory(title="Klimat", code="3")
    units = [group.administration, group.company, f.UnitFactory(name="Omsorgsförvaltningen")]
    activities = []
    for unit in units:
        activity = f.ActivityFactory(owner_unit=unit)
        f.ContributionFactory(activity=activity, goal=goal)
        activities.append(activity)
    return activities


def pair(a, b, *, text_score=0.8):
    low, high = sorted([a, b], key=lambda activity: activity.pk)
    return OverlapSuggestion.objects.create(
        activity_a=low, activity_b=high, score=text_score, text_score=text_score
    )


def test_a_strong_pair_marks_both_and_a_weak_one_neither(trio):
    a, b, c = trio
    pair(a, b)
    pair(b, c, text_score=cases.CASE_SCORE - 0.1)
    assert assert_current() == {a.pk, b.pk}


def test_a_rescored_decided_or_removed_pair_moves_the_marks(trio):
    a, b, c = trio
    weak = pair(a, b, text_score=0.3)
    strong = pair(b, c)
    assert assert_current() == {b.pk, c.pk}

    OverlapSuggestion.objects.filter(pk=weak.pk).update(text_score=0.7)
    assert assert_current() == {a.pk, b.pk, c.pk}

    overlap_decide(user=f.UserFactory(), suggestion=strong, decision=Decision.NOT_ALIKE)
    assert assert_current() == {a.pk, b.pk}

    OverlapSuggestion.objects.filter(pk=weak.pk).delete()
    assert assert_current() == set()


def test_a_partner_withdrawn_or_brought_back_moves_the_mark(trio):
    a, b, _ = trio
    pair(a, b)
    Activity.objects.filter(pk=b.pk).update(withdrawn_at=timezone.now(), withdrawn_reason="Klar")
    assert assert_current() == set()
    Activity.objects.filter(pk=b.pk).update(withdrawn_at=None, withdrawn_reason="")
    assert assert_current() == {a.pk, b.pk}


def test_an_activity_whose_cells_are_rewritten_keeps_its_mark(trio):
    a, b, _ = trio
    pair(a, b)
    f.ContributionFactory(activity=a, goal=f.GoalFactory(title="Skola", code="4"))
    a.budget_sek = 5_000
    a.save()
    assert ActivityCell.objects.filter(activity=a).count() == 2
    assert assert_current() == {a.pk, b.pk}


def test_the_full_scan_marks_after_it_regroups_and_an_incremental_one_as_it_writes(group):
    goal = f.GoalFactory(title="Vård", code="5")
    units = [group.administration, group.company, f.UnitFactory(name="Omsorgsförvaltningen")]
    activities = []
    for (title, text), unit in zip(CAMPAIGNS, units, strict=True):
        activity = f.ActivityFactory(title=title, description=text, owner_unit=unit)
        f.ContributionFactory(activity=activity, goal=goal)
        activities.append(activity)
    with transaction.atomic(), cases.rows_deferred():
        pair(activities[0], activities[1])
        assert marked() == set()  # left for the regrouping
    overlap_scan()
    assert assert_current() == {a.pk for a in activities}

    (found,) = cases.open_cases()
    cases.case_decide(user=f.UserFactory(is_superuser=True), case=found, decision=Decision.RELATED)
    assert assert_current() == set()

    fourth = f.ActivityFactory(
        title="Rekryteringskampanj för sjuksköterskor i Alvesta",
        description="Annonser och mässor för att rekrytera sjuksköterskor.",
        owner_unit=f.UnitFactory(),
    )
    f.ContributionFactory(activity=fourth, goal=goal)
    overlap_scan(activity_ids=[fourth.pk])
    assert fourth.pk in assert_current()


def test_the_cells_count_each_marked_activity_once(group, trio):
    a, b, _ = trio
    pair(a, b)
    assert cases.duplicated_work_by_cell() == {
        (a.owner_unit.top_unit_id or a.owner_unit_id, a.contributions.get().goal.pk): 1,
        (b.owner_unit.top_unit_id or b.owner_unit_id, b.contributions.get().goal.pk): 1,
    }
