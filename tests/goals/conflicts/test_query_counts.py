"""The conflict list and the overview's conflict selectors run the same number of SQL queries
whatever the number of conflicts: measured at two sizes, each with raised conflicts in every
state and self-declared counteractions."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from goals.conflicts import selectors
from goals.conflicts.models import Conflict
from goals.models import Activity, Contribution
from tests import factories as f

pytestmark = pytest.mark.django_db

Outcome = Conflict.Outcome


def build(group, world, size: int) -> None:
    """``size`` company activities, each with an open raised conflict and a self-declared
    counteraction of the administration's goal (which an activity of the administration
    supports), and every third conflict decided, escalated or withdrawn."""
    f.ContributionFactory(
        activity=f.ActivityFactory(owner_unit=group.administration), goal=world.admin_goal
    )
    states = [{}, {"outcome": Outcome.ESCALATED}, {"outcome": Outcome.ACCEPTED}]
    for n in range(size):
        activity = f.ActivityFactory(owner_unit=group.company, budget_sek=1000 * n)
        state = dict(states[n % 3])
        if state:
            state.update(decided_at="2026-12-01T10:00Z", decision_note="Beslut")
        f.ConflictFactory(activity=activity, goal=world.admin_goal, **state)
        f.ContributionFactory(
            activity=activity, goal=world.admin_goal, effect="counteracts", reason="Skäl"
        )


LIST = reverse("goals:conflict_list")
# (url, params, headers, queries on a visit with the cache warm, and with it empty). Every page
# starts with session, user, role assignments (3), and reads the fingerprints of what the list
# shows (1): the filters' choices, the support behind the self-declared rows and the page itself
# are kept in the cache under them.
PAGES = {
    # Warm: nothing more. Empty: the unit and goal selects' choices (2), the support per council
    # goal and top-level unit (1), the summary with the page's rows (1).
    "list": (LIST, {}, {}, 3 + 1, 3 + 1 + 2 + 1 + 1),
    # ... plus validating the unit and goal values (2), and when not cached the unit's subtree (1)
    "filtered": (
        LIST,
        {"status": "alla", "unit": "vaxjobostader", "goal": "GOAL"},
        {},
        3 + 2 + 1,
        3 + 2 + 1 + 2 + 1 + 1 + 1,
    ),
    # only raised conflicts: no support to read
    "raised_only": (LIST, {"typ": "raised"}, {}, 3 + 1, 3 + 1 + 2 + 1),
    # the results alone: no selects
    "htmx": (LIST, {}, {"HX-Request": "true", "HX-Target": "conflict-results"}, 3 + 1, 3 + 1 + 2),
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("cached", [True, False], ids=["warm", "empty-cache"])
@pytest.mark.parametrize("page", list(PAGES))
def test_the_list_runs_its_listed_queries(
    client, reader, group, world, django_assert_num_queries, page, size, cached
):
    url, params, headers, warm, cold = PAGES[page]
    params = {k: (world.council.pk if v == "GOAL" else v) for k, v in params.items()}
    build(group, world, size)
    client.force_login(reader)
    client.get(url, params, headers=headers)  # warm up
    if not cached:
        cache.clear()
    with django_assert_num_queries(warm if cached else cold):
        response = client.get(url, params, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    # The page shows what it counted.
    assert "Raised by the hurt unit" in html
    if page != "raised_only":
        assert "Self-declared" in html


@pytest.mark.parametrize("size", [3, 30])
def test_the_overview_selectors_run_a_fixed_number_of_queries(
    group, world, django_assert_num_queries, size
):
    build(group, world, size)
    open_count = len(range(0, size, 3))
    # The summary (1) and the largest (1).
    with django_assert_num_queries(2):
        result = selectors.open_conflicts(limit=5)
    assert result.count == open_count
    assert len(result.largest) == min(5, open_count)
    assert [row.kronor for row in result.largest] == sorted(
        (row.kronor for row in result.largest), reverse=True
    )
    # One UNION ALL of the two sides' counts.
    with django_assert_num_queries(1):
        cells = selectors.open_conflicts_by_cell()
    council = world.council.pk
    assert cells == {
        (group.company.pk, council): selectors.CellConflicts(runs=open_count, hurt=0),
        (group.administration.pk, council): selectors.CellConflicts(runs=0, hurt=open_count),
    }
    # Both sides' cells list what they count, the largest first, in one query each.
    for unit, side in ((group.company, "runs"), (group.administration, "hurt")):
        with django_assert_num_queries(1):
            in_cell = selectors.open_conflicts_in_cell(unit_id=unit.pk, goal_id=council, limit=5)
        assert len(in_cell.shown) == min(5, getattr(cells[(unit.pk, council)], side))
        assert in_cell.has_more == (open_count > 5)
    # The fingerprints (1), the support (1), the summary with the page's rows (1) ...
    with django_assert_num_queries(3):
        listing = selectors.conflict_page(filters=selectors.ConflictFilter())
    # ... the page again: only the fingerprints; other filters: the support is cached ...
    with django_assert_num_queries(1):
        again = selectors.conflict_page(filters=selectors.ConflictFilter())
    assert (again.summary, again.page.object_list) == (listing.summary, listing.page.object_list)
    with django_assert_num_queries(2):
        selectors.conflict_page(filters=selectors.ConflictFilter(kind="declared"))
    # ... and a page past the last shows the last, read with one query more.
    with django_assert_num_queries(3):
        past = selectors.conflict_page(filters=selectors.ConflictFilter(), page="99")
    unsettled = len(range(0, size, 3)) + len(range(1, size, 3))
    assert listing.summary.count == unsettled + size
    assert len(listing.page.object_list) == min(25, listing.summary.count)
    last = listing.page.paginator.num_pages
    assert past.page.number == last
    assert past.page.object_list == (
        selectors.conflict_page(filters=selectors.ConflictFilter(), page=str(last)).page.object_list
    )


def test_the_totals_count_each_activity_once(group, world):
    build(group, world, 3)
    # Activity 0 (0 kr, open) and 1 (1,000 kr, escalated) have a raised conflict and a
    # self-declared one each; activity 2's raised conflict is settled.
    summary = selectors.conflict_page(filters=selectors.ConflictFilter()).summary
    assert (summary.count, summary.activities, summary.kronor) == (5, 3, 0 + 1000 + 2000)
    raised = selectors.conflict_page(filters=selectors.ConflictFilter(kind="raised")).summary
    assert (raised.count, raised.activities, raised.kronor) == (2, 2, 1000)
    assert selectors.open_conflicts().kronor == 0


def test_withdrawn_and_settled_conflicts_are_not_open(group, world):
    build(group, world, 3)
    Conflict.objects.filter(outcome=Outcome.OPEN).update(
        withdrawn_at="2026-12-01T10:00Z", withdrawn_reason="Löst"
    )
    assert selectors.open_conflicts().count == 0
    assert selectors.open_conflicts_by_cell() == {}


def test_the_cached_support_follows_the_data(group, world):
    """A self-declared counteraction is listed only while another administration or company
    supports the goal's council goal; the cached support must see that support go and come."""
    build(group, world, 1)
    declared = selectors.ConflictFilter(kind="declared")
    assert selectors.conflict_page(filters=declared).summary.count == 1

    supporter = Contribution.objects.get(
        effect="supports", activity__owner_unit=group.administration
    )
    supporter.activity.withdrawn_at = timezone.now()
    supporter.activity.withdrawn_reason = "Avslutad"
    supporter.activity.save()
    assert selectors.conflict_page(filters=declared).summary.count == 0

    Activity.objects.filter(pk=supporter.activity_id).update(withdrawn_at=None, withdrawn_reason="")
    assert selectors.conflict_page(filters=declared).summary.count == 1
