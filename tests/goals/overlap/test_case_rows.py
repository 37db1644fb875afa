"""goals.OverlapCase and goals.OpenPairCount: the database keeps each open case's row and the
number of open pairs as pairs and activities change, and they always equal what working them out
from the open pairs gives (migrations 0026 and 0029)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db import connection, transaction
from django.utils import timezone

from goals.models import Activity, OverlapCase, OverlapSuggestion
from goals.overlap import cases
from goals.overlap.scan import overlap_decide, overlap_scan
from tests import factories as f
from tests.goals.overlap.test_cases import CAMPAIGNS

pytestmark = pytest.mark.django_db

Decision = OverlapSuggestion.Decision


def kept() -> dict[int, tuple]:
    return {
        row.key: (row.pairs, row.activities, row.kronor, sorted(row.unit_ids), row.largest_id)
        for row in OverlapCase.objects.all()
    }


def worked_out() -> dict[int, tuple]:
    """The cases as the overview counted them before they were kept: open pairs between active
    activities grouped by case_key, two pairs or more, every activity counted once."""
    active = {a.pk: a for a in Activity.objects.filter(withdrawn_at__isnull=True)}
    pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for key, a, b in OverlapSuggestion.objects.filter(
        decision=Decision.OPEN, case_key__isnull=False
    ).values_list("case_key", "activity_a_id", "activity_b_id"):
        if a in active and b in active:
            pairs[key].append((a, b))
    found = {}
    for key, joined in pairs.items():
        if len(joined) < 2:
            continue
        members = [active[pk] for pk in sorted({pk for pair in joined for pk in pair})]
        largest = min(members, key=lambda a: (-(a.budget_sek or -1), a.pk))
        found[key] = (
            len(joined),
            len(members),
            sum(a.budget_sek or 0 for a in members),
            sorted({a.owner_unit_id for a in members}),
            largest.pk,
        )
    return found


def assert_current() -> dict[int, tuple]:
    expected = worked_out()
    assert kept() == expected
    # The number of open pairs (goals.OpenPairCount, migration 0029) is kept with the cases.
    assert cases.open_pair_count() == OverlapSuggestion.objects.open().count()
    return expected


def pair(a, b, *, key, score=0.8):
    low, high = sorted([a, b], key=lambda activity: activity.pk)
    return OverlapSuggestion.objects.create(
        activity_a=low, activity_b=high, score=score, text_score=score, case_key=key
    )


@pytest.fixture
def case(group):
    """Four activities in three units, every two an open pair of one case."""
    units = [group.administration, group.company, f.UnitFactory(name="Omsorgsförvaltningen")]
    activities = [
        f.ActivityFactory(owner_unit=units[n % 3], budget_sek=budget)
        for n, budget in enumerate([300_000, 100_000, None, 200_000])
    ]
    key = min(a.pk for a in activities)
    for i, first in enumerate(activities):
        for second in activities[i + 1 :]:
            pair(first, second, key=key)
    return key, activities


def test_a_case_has_its_row_with_each_activity_counted_once(case):
    key, activities = case
    rows = assert_current()
    assert rows[key] == (
        6,
        4,
        600_000,
        sorted({a.owner_unit_id for a in activities}),
        activities[0].pk,
    )


def test_a_single_pair_is_no_case(group):
    a, b = (
        f.ActivityFactory(owner_unit=group.administration),
        f.ActivityFactory(owner_unit=group.company),
    )
    pair(a, b, key=a.pk)
    assert assert_current() == {}


def test_deciding_withdrawing_and_removing_pairs_keeps_the_rows(case):
    key, activities = case
    first = OverlapSuggestion.objects.filter(case_key=key).order_by("pk").first()
    overlap_decide(user=f.UserFactory(), suggestion=first, decision=Decision.RELATED)
    assert assert_current()[key][0] == 5

    OverlapSuggestion.objects.filter(case_key=key, activity_b=activities[3]).delete()
    assert assert_current()[key][:2] == (2, 3)

    OverlapSuggestion.objects.filter(case_key=key).update(case_key=None)
    assert assert_current() == {}


def test_a_budget_an_owner_or_a_withdrawal_changes_the_case(group, case):
    key, activities = case
    largest = activities[0]
    largest.budget_sek = 50_000
    largest.save()
    assert assert_current()[key][4] == activities[3].pk  # now the largest

    Activity.objects.filter(pk=activities[1].pk).update(owner_unit=group.administration)
    assert_current()

    Activity.objects.filter(pk__in=[a.pk for a in activities[1:]]).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Slås ihop"
    )
    assert assert_current() == {}  # one active activity left: no pair between active ones

    Activity.objects.filter(pk__in=[a.pk for a in activities[2:]]).update(
        withdrawn_at=None, withdrawn_reason=""
    )
    assert assert_current()[key][:2] == (3, 3)


def test_deleting_an_activity_takes_its_pairs_out_of_the_case(case):
    key, activities = case
    activities[3].delete()
    assert assert_current()[key][:2] == (3, 3)


def test_the_scan_and_a_regrouping_leave_the_rows_current(group):
    units = [group.administration, group.company, f.UnitFactory(name="Omsorgsförvaltningen")]
    activities = [
        f.ActivityFactory(title=title, description=text, owner_unit=unit, budget_sek=100_000 * n)
        for n, ((title, text), unit) in enumerate(zip(CAMPAIGNS, units, strict=True), start=1)
    ]
    overlap_scan()
    (key,) = assert_current()
    assert key == min(a.pk for a in activities)

    # An incremental scan after a save: its triggers refresh what it changes.
    fourth = f.ActivityFactory(
        title="Rekryteringskampanj för sjuksköterskor i Alvesta",
        description="Annonser och mässor för att rekrytera sjuksköterskor.",
        owner_unit=f.UnitFactory(),
        budget_sek=400_000,
    )
    overlap_scan(activity_ids=[fourth.pk])
    assert assert_current()[key][1] == 4

    # Deciding the whole case empties it.
    (found,) = cases.open_cases()
    cases.case_decide(user=f.UserFactory(is_superuser=True), case=found, decision=Decision.RELATED)
    assert assert_current() == {}


def test_rows_left_stale_inside_the_full_scan_are_rewritten_when_it_regroups(case):
    """The full scan leaves the rows alone while it writes pairs (riktning.overlap_case_upkeep);
    assign() of every pair rewrites them all in its own transaction."""
    key, activities = case
    with transaction.atomic(), cases.rows_deferred():
        OverlapSuggestion.objects.filter(case_key=key, activity_a=activities[0]).delete()
        assert kept()[key][0] == 6  # deferred
        assert cases.open_pair_count() == 6
    # Out of the block the triggers are back for the rest of the transaction.
    OverlapSuggestion.objects.filter(case_key=key, activity_b=activities[0]).delete()
    cases.assign()
    assert_current()


def test_the_act_on_totals_read_the_rows(case, group):
    key, activities = case
    totals = cases.open_case_totals(limit=5)
    assert (totals.count, totals.kronor) == (1, 600_000)
    (largest,) = totals.largest
    assert largest.title == activities[0].title
    assert largest.units == sorted({a.owner_unit.name for a in activities})
    assert cases.open_case_totals(limit=5, unit_ids=[group.company.pk]).count == 1
    assert cases.open_case_totals(limit=5, unit_ids=[f.UnitFactory().pk]).count == 0


def test_two_refreshes_of_one_case_take_turns(case):
    """The per-case lock: a second transaction refreshing the case waits for the first."""
    key, _ = case
    with connection.cursor() as cursor:
        cursor.execute("SELECT goals_overlap_cases_refresh(ARRAY[%s]::bigint[])", [key])
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            " AND classid = 20261208"
        )
        (held,) = cursor.fetchone()
    assert held == 1


def test_the_number_of_open_pairs_follows_inserts_decisions_and_deletes(group):
    a, b, c = (
        f.ActivityFactory(owner_unit=unit)
        for unit in (group.administration, group.company, f.UnitFactory())
    )
    first, second = pair(a, b, key=None), pair(b, c, key=None)
    assert cases.open_pair_count() == 2
    overlap_decide(user=f.UserFactory(), suggestion=first, decision=Decision.DUPLICATE)
    assert cases.open_pair_count() == 1
    OverlapSuggestion.objects.filter(pk=first.pk).update(decision=Decision.OPEN)
    assert cases.open_pair_count() == 2
    second.delete()
    assert_current()
    assert cases.open_pair_count() == 1
