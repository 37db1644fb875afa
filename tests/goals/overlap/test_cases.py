"""Cases in the review queue: three or more units running the same work are one case with every
unit in it and the combined budget, decided once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from goals.models import OverlapSuggestion
from goals.overlap import cases
from goals.overlap.scan import overlap_scan
from tests import factories as f

pytestmark = pytest.mark.django_db

Decision = OverlapSuggestion.Decision

CAMPAIGNS = [
    (
        "Rekryteringskampanj för sjuksköterskor",
        "Annonser och mässor för att rekrytera sjuksköterskor.",
    ),
    ("Kampanj för att rekrytera sjuksköterskor", "Mässor och annonser som lockar sjuksköterskor."),
    ("Rekrytering av sjuksköterskor genom kampanj", "En kampanj med annonser för sjuksköterskor."),
]


@pytest.fixture
def campaigns(group):
    units = [group.administration, group.company, f.UnitFactory(name="Omsorgsförvaltningen")]
    activities = [
        f.ActivityFactory(title=title, description=text, owner_unit=unit, budget_sek=100_000 * n)
        for n, ((title, text), unit) in enumerate(zip(CAMPAIGNS, units, strict=True), start=1)
    ]
    f.ActivityFactory(title="Ny konstgräsplan i Braås", owner_unit=group.company)
    overlap_scan()
    return activities


def test_three_units_running_the_same_work_are_one_case(campaigns):
    (case,) = cases.open_cases()
    assert {a.pk for a in case.activities} == {a.pk for a in campaigns}
    assert len(case.units) == 3
    assert case.budget_sek == 600_000
    assert len(case.pairs) == 3


def test_after_regrouping_the_whole_queue_the_planner_knows_the_pairs_have_cases(campaigns):
    """With autovacuum late or off, statistics taken before the regrouping say that no pair has
    a case, and the act-on list's query of the cases then runs for minutes at scale."""
    OverlapSuggestion.objects.update(case_key=None)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {OverlapSuggestion._meta.db_table}")
    cases.assign()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT null_frac FROM pg_stats WHERE tablename = %s AND attname = 'case_key'",
            [OverlapSuggestion._meta.db_table],
        )
        (null_frac,) = cursor.fetchone()
    assert null_frac < 1


def test_the_queue_shows_the_case_instead_of_its_pairs(client, reader, campaigns):
    client.force_login(reader)
    html = client.get(reverse("goals:overlap_list")).content.decode()
    (case,) = cases.open_cases()
    assert reverse("goals:overlap_case", args=[case.key]) in html
    assert "600\xa0000" in html or "600 000" in html or "600,000" in html
    assert "0 pairs" in html  # every pair is in the case, none listed twice


def test_deciding_the_case_decides_every_pair_with_who_and_why(client, chief, campaigns):
    (case,) = cases.open_cases()
    client.force_login(chief)
    url = reverse("goals:overlap_case", args=[case.key])
    assert "Decide the case" in client.get(url).content.decode()
    response = client.post(url, {"decision": Decision.DUPLICATE, "note": "Samordna i HR."})
    assert response.status_code == 302
    pairs = OverlapSuggestion.objects.filter(pk__in=[p.pk for p in case.pairs])
    assert {p.decision for p in pairs} == {Decision.DUPLICATE}
    assert {p.note for p in pairs} == {"Samordna i HR."}
    assert {p.decided_by_id for p in pairs} == {chief.pk}
    assert cases.open_cases() == []
    assert client.get(url).status_code == 404  # decided: no case left to decide


def test_not_alike_needs_a_note_and_changes_nothing_without(client, chief, campaigns):
    (case,) = cases.open_cases()
    client.force_login(chief)
    url = reverse("goals:overlap_case", args=[case.key])
    response = client.post(url, {"decision": Decision.NOT_ALIKE, "note": " "})
    assert response.status_code == 200
    assert "Say why the activities are not alike" in response.content.decode()
    assert set(OverlapSuggestion.objects.values_list("decision", flat=True)) == {Decision.OPEN}


def test_a_reader_sees_the_case_but_may_not_decide_it(client, reader, campaigns):
    (case,) = cases.open_cases()
    client.force_login(reader)
    url = reverse("goals:overlap_case", args=[case.key])
    page = client.get(url).content.decode()
    assert "Rekryteringskampanj för sjuksköterskor" in page and "Decide the case" not in page
    assert client.post(url, {"decision": Decision.DUPLICATE}).status_code == 403
    assert set(OverlapSuggestion.objects.values_list("decision", flat=True)) == {Decision.OPEN}
    assert client.get(reverse("goals:overlap_case", args=[999_999])).status_code == 404


def test_a_chain_of_loosely_alike_pairs_stops_growing_at_the_cap(group, monkeypatch):
    units = [f.UnitFactory() for _ in range(5)]
    activities = [f.ActivityFactory(owner_unit=u) for u in units]
    for a, b, score in zip(activities[:-1], activities[1:], (0.9, 0.8, 0.7, 0.6), strict=True):
        OverlapSuggestion.objects.create(activity_a=a, activity_b=b, score=score, text_score=score)
    monkeypatch.setattr(cases, "MAX_ACTIVITIES", 3)
    cases.assign()
    keys = dict(OverlapSuggestion.objects.values_list("score", "case_key"))
    assert keys[0.9] == keys[0.8] == activities[0].pk  # the strongest three are one case
    assert keys[0.6] == keys[0.7] or keys[0.7] < 0  # the rest never join it
    assert keys[0.7] != activities[0].pk


def test_the_unfiltered_queue_is_read_from_the_cache_until_a_pair_changes(
    client, chief, campaigns, django_assert_num_queries
):
    client.force_login(chief)
    url = reverse("goals:overlap_list")
    (case,) = cases.open_cases()
    case_url = reverse("goals:overlap_case", args=[case.key])
    assert case_url in client.get(url).content.decode()
    # Warm: session, user, roles; the queue's state; the unit and process-area choices; the
    # savings' totals (no pair is outside the case, so there is no page of pairs to read).
    # Nothing reads every open pair.
    with django_assert_num_queries(3 + 1 + 2 + 1):
        assert case_url in client.get(url).content.decode()
    # Deciding the case records history events: the queue is worked out again without it.
    cases.case_decide(user=chief, case=case, decision=Decision.RELATED)
    page = client.get(url).content.decode()
    assert case_url not in page
    assert "0 open overlap suggestions" in page


def test_the_unfiltered_queue_runs_the_same_queries_whatever_the_number_of_pairs(
    client, chief, group
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(chief)
    url = reverse("goals:overlap_list")
    counts = []
    for size in (3, 30):
        for _ in range(size):  # pairs of their own, each on the page of pairs
            a, b = (f.ActivityFactory(owner_unit=f.UnitFactory()) for _ in range(2))
            OverlapSuggestion.objects.create(activity_a=a, activity_b=b, score=0.9, text_score=0.9)
        cases.assign()
        client.get(url)  # warm up: works the queue out and keeps it
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_unfiltered_queue_lists_the_cases_it_listed_from_every_candidates_pairs(group):
    """open_cases() picks the cases it lists from the cases' rows and each candidate's strongest
    pair, and reads only their pairs: the same cases in the same order as reading every
    candidate's pairs, through ties in units and budget, a withdrawn activity and a decided
    pair."""
    from goals.models import Activity, OverlapCase
    from goals.overlap.scan import overlap_decide

    def clique(members, score):
        members = sorted(members, key=lambda activity: activity.pk)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                OverlapSuggestion.objects.create(
                    activity_a=a, activity_b=b, score=score, text_score=0.9
                )

    units = [f.UnitFactory() for _ in range(5)]
    for n in range(12):
        size = 3 + n % 2
        budget = 100_000 * (n % 3) or None
        clique(
            [
                f.ActivityFactory(owner_unit=units[(n + i) % 4], budget_sek=budget)
                for i in range(size)
            ],
            0.6 + (n % 4) / 10,
        )
    # Two cases of five units and as large a budget, the first with the weaker pairs once its
    # strongest have left it: one decided, the others with an activity since withdrawn.
    withdrawn = [f.ActivityFactory(owner_unit=units[0], budget_sek=None)]
    weaker = [f.ActivityFactory(owner_unit=unit, budget_sek=100_000) for unit in units]
    withdrawn.append(f.ActivityFactory(owner_unit=units[1], budget_sek=None))
    clique(weaker, 0.7)
    for gone in withdrawn:
        for other in weaker:
            clique([gone, other], 0.99)
    clique([f.ActivityFactory(owner_unit=unit, budget_sek=100_000) for unit in units], 0.8)
    # Six units in a chain of five pairs: among the candidates only when two cases are listed.
    chain = sorted(
        (f.ActivityFactory(owner_unit=unit) for unit in [*units, f.UnitFactory()]),
        key=lambda activity: activity.pk,
    )
    for a, b in zip(chain, chain[1:], strict=False):
        clique([a, b], 0.6)
    cases.assign()
    decided = OverlapSuggestion.objects.get(activity_a=weaker[0], activity_b=weaker[1])
    OverlapSuggestion.objects.filter(pk=decided.pk).update(score=0.99)
    overlap_decide(
        user=f.UserFactory(), suggestion=decided, decision=Decision.RELATED, note="Samordna."
    )
    Activity.objects.filter(pk__in=[gone.pk for gone in withdrawn]).update(
        withdrawn_at="2026-01-01T00:00Z", withdrawn_reason="Klar"
    )

    # One ends between the two cases of five units; three and five between two of the others.
    for limit in (1, 2, 3, 5, 20):
        keys = OverlapCase.objects.order_by("-pairs", "key").values_list("key", flat=True)
        every = cases._cases(list(keys[: limit * 5]))
        every.sort(key=lambda c: (-len(c.units), -c.budget_sek, -c.score, c.key))
        listed = cases.open_cases(limit=limit)
        assert [c.key for c in listed] == [c.key for c in every[:limit]]
        assert [len(c.pairs) for c in listed] == [len(c.pairs) for c in every[:limit]]
    assert cases.open_cases(limit=1)[0].score == 0.8
