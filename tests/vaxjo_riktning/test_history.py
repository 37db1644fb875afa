"""newest_events_of(): several fingerprints in one query, each the one newest_events() gives."""

from __future__ import annotations

import pytest

from tests import factories as f
from vaxjo_riktning.history import newest_events, newest_events_of
from vaxjo_riktning.models import Unit

pytestmark = pytest.mark.django_db

SETS = {
    "group": ["goals.ActivityEvent", "goals.ContributionEvent", "goals.GoalEvent"],
    "rollout": ["processes.ImplementationEvent", "processes.ProcessEvent"],
    "conflicts": ["goals.ConflictEvent", "goals.ActivityEvent"],
}


def each_alone() -> dict[str, str]:
    return {name: newest_events(events) for name, events in SETS.items()}


def test_the_same_as_each_alone_in_one_query(group, django_assert_num_queries):
    f.ActivityFactory(owner_unit=group.department)
    with django_assert_num_queries(1):
        together = newest_events_of(SETS)
    assert together == each_alone()
    assert together["group"] != together["rollout"]


def test_without_units_or_events():
    assert not Unit.objects.exists()
    together = newest_events_of(SETS)
    assert together == each_alone()
    assert together["rollout"] == ""


def test_it_changes_with_a_write_to_one_set(group):
    before = newest_events_of(SETS)
    f.ProcessFactory()
    after = newest_events_of(SETS)
    assert after["rollout"] != before["rollout"]
    assert after["group"] == before["group"]
