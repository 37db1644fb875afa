"""The overview's act-on list (issue 12): the largest open duplicate cases and conflicts by money
at stake, then the late reports and the goals nobody serves, each with one link to decide."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from goals.conflicts.models import Conflict
from goals.models import OverlapSuggestion
from goals.overlap import cases
from tests import factories as f
from tests.vaxjo_riktning.test_counts_agree import shown_counts
from vaxjo_riktning import act_on

URL = reverse("overview")
Decision = OverlapSuggestion.Decision
Outcome = Conflict.Outcome


def make_case(units, budgets, *, title="Rekryteringskampanj"):
    """Activities of ``units`` with ``budgets``, every two of them an open pair of one case (so
    each activity is in several pairs), as cases.assign() leaves them."""
    activities = [
        f.ActivityFactory(owner_unit=unit, budget_sek=budget, title=f"{title} {n}")
        for n, (unit, budget) in enumerate(zip(units, budgets, strict=True), start=1)
    ]
    key = min(a.pk for a in activities)
    for i, first in enumerate(activities):
        for second in activities[i + 1 :]:
            low, high = sorted([first, second], key=lambda a: a.pk)
            OverlapSuggestion.objects.create(
                activity_a=low, activity_b=high, score=0.8, text_score=0.8, case_key=key
            )
    return key, activities


def make_conflict(group, *, budget, title="Garage under varje hus", **fields):
    activity = f.ActivityFactory(owner_unit=group.company, budget_sek=budget, title=title)
    goal = f.UnitGoalFactory(owner_unit=group.administration)
    return f.ConflictFactory(activity=activity, goal=goal, **fields)


@pytest.fixture
def third(group):
    return f.UnitFactory(name="Omsorgsförvaltningen", slug="omsorg")


# --- The selector --------------------------------------------------------------------------------


def test_cases_and_conflicts_are_merged_by_money_at_stake_strongest_first(group, third):
    small, _ = make_case(
        [group.administration, group.company, third], [100_000, 200_000, 300_000], title="Liten"
    )
    large, _ = make_case([group.administration, third, group.company], [5_000_000, 0, None])
    big_conflict = make_conflict(group, budget=10_000_000)
    small_conflict = make_conflict(group, budget=1_000_000, title="Parkering")

    money = act_on.money_at_stake()

    assert [(e.kind, e.kronor, e.url) for e in money.entries] == [
        ("conflict", 10_000_000, reverse("goals:conflict_detail", args=[big_conflict.pk])),
        ("duplicate", 5_000_000, reverse("goals:overlap_case", args=[large])),
        ("conflict", 1_000_000, reverse("goals:conflict_detail", args=[small_conflict.pk])),
        ("duplicate", 600_000, reverse("goals:overlap_case", args=[small])),
    ]
    duplicate = money.entries[1]
    assert duplicate.units == [
        "Omsorgsförvaltningen",
        "Utbildningsförvaltningen",
        "Växjöbostäder AB",
    ]
    assert duplicate.activities == 3
    assert duplicate.title == "Rekryteringskampanj 1"  # the case's largest activity
    conflict = money.entries[0]
    assert conflict.units == ["Växjöbostäder AB"]
    assert conflict.hurt_unit == "Utbildningsförvaltningen"


def test_each_activity_counts_once_in_its_case_and_in_the_total(group, third):
    # Three pairs among three activities: summed over the pairs it would be twice the budget.
    make_case([group.administration, group.company, third], [100_000, 200_000, 300_000])
    make_case([group.administration, group.company, third], [1, 2, 3], title="Annan")

    money = act_on.money_at_stake()

    assert [e.kronor for e in money.entries] == [600_000, 6]
    assert (money.cases.count, money.cases.kronor) == (2, 600_006)


def test_it_names_at_most_five_of_the_largest(group, third):
    for n in range(4):
        make_case([group.administration, group.company, third], [n, n, n], title=f"Fall {n}")
        make_conflict(group, budget=10 + n)

    money = act_on.money_at_stake()

    assert [e.kronor for e in money.entries] == [13, 12, 11, 10, 9]
    # The headline counts every case, not only those named.
    assert (money.cases.count, money.cases.kronor) == (4, 18)
    assert (money.conflicts, money.conflict_kronor) == (4, 46)


def test_decided_cases_single_pairs_and_settled_conflicts_are_not_listed(group, third):
    key, activities = make_case([group.administration, group.company, third], [1, 2, 3])
    case = cases.get_case(key)
    assert case is not None
    chief = f.UserFactory()
    OverlapSuggestion.objects.filter(case_key=key).update(
        decision=Decision.DUPLICATE, decided_by=chief, case_key=None
    )
    # One open pair is a pair for the review queue, not a case.
    single = [
        f.ActivityFactory(owner_unit=group.administration, budget_sek=9),
        f.ActivityFactory(owner_unit=group.company, budget_sek=9),
    ]
    OverlapSuggestion.objects.create(
        activity_a=single[0], activity_b=single[1], score=0.9, case_key=single[0].pk
    )
    # A case whose activity was withdrawn has one pair left between active activities.
    _, withdrawn = make_case([group.administration, group.company, third], [5, 5, 5])
    withdrawn[0].withdrawn_at = timezone.now()
    withdrawn[0].withdrawn_reason = "Avslutad"
    withdrawn[0].save()
    for outcome in (Outcome.ACCEPTED, Outcome.RESOLVED, Outcome.ESCALATED):
        make_conflict(
            group, budget=100, outcome=outcome, decided_at=timezone.now(), decision_note="Avvägt"
        )
    make_conflict(group, budget=100, withdrawn_at=timezone.now(), withdrawn_reason="Fel")

    money = act_on.money_at_stake()

    assert money.entries == []
    assert (money.cases.count, money.cases.kronor, money.conflicts) == (0, 0, 0)


def test_an_empty_group_has_nothing_to_act_on(db):
    money = act_on.money_at_stake()
    assert money.entries == []
    assert (money.cases.count, money.cases.kronor, money.conflict_kronor) == (0, 0, 0)
    assert act_on.ActOn(money=money, followup=None, goals_without_activity=0).is_empty


# --- Fixed number of queries ---------------------------------------------------------------------


def grow(group, third, size):
    for n in range(size):
        make_case([group.administration, group.company, third], [n, 2 * n, 3 * n], title=f"F{n}")
        make_conflict(group, budget=n)


@pytest.mark.parametrize("size", [3, 30])
def test_the_money_at_stake_takes_five_queries_at_any_size(
    group, third, django_assert_num_queries, size
):
    grow(group, third, size)
    # The open duplicate cases with the total (1), the conflicts' summary (1) and largest (1),
    # the open conflicts per cell of the matrix (1) and the duplicated work per cell (1).
    with django_assert_num_queries(5):
        money = act_on.money_at_stake()
    assert len(money.entries) == act_on.TOP_ENTRIES
    assert money.cases.count == size
    # Told that no pair is open (state() counts them), it does not look for duplicated work.
    with django_assert_num_queries(4):
        assert act_on.money_at_stake(open_pairs=0).duplicate_cells == {}


@pytest.mark.parametrize("size", [3, 30])
def test_the_overview_reads_the_act_on_list_from_the_cache_until_it_changes(
    client, chief, group, third, django_assert_num_queries, django_capture_on_commit_callbacks, size
):
    grow(group, third, size)
    largest_case, _ = make_case(
        [group.administration, group.company, third], [10**9, 1, 1], title="Störst"
    )
    largest_conflict = make_conflict(group, budget=10**8)
    case_link = f'href="{reverse("goals:overlap_case", args=[largest_case])}"'
    conflict_link = f'href="{reverse("goals:conflict_detail", args=[largest_conflict.pk])}"'
    client.force_login(chief)
    cache.clear()
    client.get(URL)
    # Warm: session, user, roles; the fingerprints of the group, the act-on list (the open
    # overlap suggestions' count is cached under it), the follow-up and the rollout, read
    # together; the chief's tile of key positions without successor.
    with django_assert_num_queries(3 + 1 + 1):
        first = client.get(URL).content.decode()
    assert case_link in first
    assert conflict_link in first

    # A decision records a history event: the list is worked out again without it, and the
    # matrix is still read from the cache (the money's 5 queries and the count of open pairs
    # under the new state, no more).
    Conflict.objects.filter(pk=largest_conflict.pk).update(
        outcome=Outcome.ACCEPTED, decided_at=timezone.now(), decision_note="Avvägt"
    )
    with django_assert_num_queries(3 + 1 + 1 + 5 + 1):
        changed = client.get(URL).content.decode()
    assert conflict_link not in changed

    # A scan that rescores pairs records no event: until cases.assign() has regrouped them, the
    # list is the cached one; then the case is gone (its pairs too weak to join a case).
    OverlapSuggestion.objects.filter(case_key=largest_case).update(text_score=0.1)
    assert case_link in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        cases.assign()
    assert case_link not in client.get(URL).content.decode()


# --- The page ------------------------------------------------------------------------------------


def act_on_section(html: str) -> str:
    return html.split('id="act-on"', 1)[1].split("</section>", 1)[0]


def text(markup: str) -> str:
    """What a reader sees: tags removed, entities read, whitespace collapsed (a no-break space
    kept, as in Swedish kronor)."""
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def test_the_overview_opens_with_what_to_decide(client, chief, group, third):
    key, _ = make_case([group.administration, group.company, third], [1_000_000, 200_000, 300_000])
    conflict = make_conflict(group, budget=420_000_000)
    f.GoalFactory(title="Kultur och fritid")  # nobody serves it
    f.ReportingPeriodFactory()  # Interim report 1 2026, due 21 April: the company is late
    client.force_login(chief)

    html = client.get(URL).content.decode()

    section = act_on_section(html)
    assert html.index('id="act-on"') < html.index('class="tiles"') < html.index('class="matrix"')
    assert '<h2 id="act-on-heading">Act on this</h2>' in section
    assert "kronor in parallel work 1,500,000 in 1 open duplicate case" in text(section)
    items = [text(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", section, re.S)]
    assert items[0] == (
        "Goal conflict Decide the conflict: Garage under varje hus Växjöbostäder AB works "
        "against a goal of Utbildningsförvaltningen: "
        f"{conflict.goal.code} {conflict.goal.title} 420,000,000\xa0kr"
    )
    assert items[1] == (
        "Duplicate work Decide the case: Rekryteringskampanj 1 3 activities in "
        "Omsorgsförvaltningen, Utbildningsförvaltningen, Växjöbostäder AB 1,500,000\xa0kr"
    )
    # Every unit with an activity to report, none ready.
    assert items[2].startswith(
        "Late report Follow-up Interim report 1 2026: 3 units late with their reports"
    )
    # Kultur och fritid, and the conflict's unit goal with its council goal (supported by none):
    # the tile's number, from the same count (shown_counts fails if the two differ).
    assert items[3] == "Goal without activity 3 goals nobody works for"
    assert shown_counts(html)["goals-without-activity"] == 3
    period = f.ReportingPeriodFactory()
    assert f'href="{reverse("goals:overlap_case", args=[key])}"' in section
    assert f'href="{reverse("goals:conflict_detail", args=[conflict.pk])}"' in section
    assert f'href="{reverse("goals:followup_period", args=[period.pk])}"' in section
    assert f'href="{reverse("goals:gap_list")}?typ=mal-utan-aktivitet"' in section
    assert '<ol class="act-on__list"' in section


def test_the_act_on_list_is_swedish_with_swedish_kronor(client, chief, group, third):
    make_case([group.administration, group.company, third], [1_000_000, 200_000, 300_000])
    client.force_login(chief)
    client.cookies.pop("django_language", None)
    section = text(act_on_section(client.get(URL).content.decode()))
    assert "Att besluta" in section
    assert "Dubbelarbete Besluta om fallet: Rekryteringskampanj 1" in section
    assert "1\xa0500\xa0000\xa0kr" in section


def test_it_escapes_what_users_typed(client, chief, group, third):
    evil = f.UnitFactory(name="<b>Enhet</b>", slug="evil")
    make_case([group.administration, evil, third], [1, 2, 3], title="<script>alert(1)</script>")
    make_conflict(group, budget=5, title="<img src=x onerror=alert(2)>")
    client.force_login(chief)
    section = act_on_section(client.get(URL).content.decode())
    assert "<script>alert" not in section
    assert "<img src=x" not in section
    assert "<b>Enhet" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 3" in section
    assert "&lt;b&gt;Enhet&lt;/b&gt;" in section


def test_an_empty_group_says_nothing_waits(client, chief):
    client.force_login(chief)
    section = text(act_on_section(client.get(URL).content.decode()))
    assert "Nothing waits for a decision" in section
    assert "kronor in parallel work 0 in 0 open duplicate cases" in section


def test_the_matrix_marks_the_cells_of_an_open_conflict_from_both_sides(client, chief, group):
    conflict = make_conflict(group, budget=100)
    council_goal = conflict.goal.council_goal
    client.force_login(chief)

    html = client.get(URL).content.decode()

    marked = re.findall(
        r'aria-label="([^"]*)"[^>]*>(?:(?!</a>).)*data-conflicts="(\d+:\d+)"', html, re.S
    )
    assert sorted((unescape(label).split(":")[0], counts) for label, counts in marked) == [
        (f"Utbildningsförvaltningen – {council_goal.title}", "0:1"),
        (f"Växjöbostäder AB – {council_goal.title}", "1:0"),
    ]
    assert all("Open goal conflicts" in label for label, _ in marked)

    Conflict.objects.filter(pk=conflict.pk).update(
        outcome=Outcome.ACCEPTED, decided_at=timezone.now(), decision_note="Avvägt"
    )
    assert "data-conflicts" not in client.get(URL).content.decode()
