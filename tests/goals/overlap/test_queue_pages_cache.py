"""The unfiltered review queue keeps its pages of pairs in the cache under the queue's state
(goals.overlap.cases.cached_page): read from there while nothing they show changes, and read
again after every kind of write that changes them. The writes here go round the services
(queryset updates, raw rescoring as the scan writes it) as imports, the admin and the scan do."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Activity, OverlapSuggestion
from goals.overlap import cases
from goals.overlap.scan import overlap_decide
from processes.models import Process, ProcessArea
from tests import factories as f
from tests.html_tree import parse
from vaxjo_riktning.models import Unit

pytestmark = pytest.mark.django_db

Decision = OverlapSuggestion.Decision
LIST = reverse("goals:overlap_list")


@pytest.fixture
def queue(group, settings):
    """Three pairs outside any case, two a page: the strongest between a recruitment fair in the
    HR process and the company's, then two more."""
    settings.PAGE_SIZE = 2
    fair = f.ActivityFactory(
        title="Rekryteringsmässa",
        owner_unit=group.administration,
        process=group.recruitment_process,
    )
    pairs = [
        OverlapSuggestion.objects.create(
            activity_a=fair,
            activity_b=f.ActivityFactory(title="Mässa för bovärdar", owner_unit=group.company),
            score=0.9,
            text_score=0.6,
        )
    ]
    for n, score in ((1, 0.8), (2, 0.7)):
        pairs.append(
            OverlapSuggestion.objects.create(
                activity_a=f.ActivityFactory(title=f"Aktivitet A{n}", owner_unit=group.department),
                activity_b=f.ActivityFactory(title=f"Aktivitet B{n}", owner_unit=group.company),
                score=score,
                text_score=0.4,
            )
        )
    cases.assign()
    return pairs


def pairs_shown(client, number: int = 1) -> str:
    """A page's rows of pairs as a browser shows them (the filters name units too)."""
    html = client.get(LIST if number == 1 else f"{LIST}?page={number}").content.decode()
    (table,) = parse(html).all("table", **{"class": "overlap-table"})
    return table.one("tbody").text


def test_a_warm_page_reads_no_pair(client, chief, queue, django_assert_num_queries):
    client.force_login(chief)
    first = pairs_shown(client)
    assert "Rekryteringsmässa" in first and "Aktivitet A1" in first
    assert "Aktivitet A2" not in first
    # Warm: session, user, roles; the queue's state; the unit and process-area choices; the
    # savings' totals. No page of pairs, no count.
    with django_assert_num_queries(3 + 1 + 2 + 1) as queries:
        assert pairs_shown(client) == first
    assert not any("goals_overlapsuggestion" in q["sql"] for q in queries.captured_queries)
    # Each page is kept on its own.
    second = pairs_shown(client, 2)
    assert "Aktivitet A2" in second and "Rekryteringsmässa" not in second
    with django_assert_num_queries(3 + 1 + 2 + 1):
        assert pairs_shown(client, 2) == second


def _decide(pairs, group, chief) -> None:
    overlap_decide(user=chief, suggestion=pairs[0], decision=Decision.RELATED, note="Samordna.")


def _retitle(pairs, group, chief) -> None:
    Activity.objects.filter(pk=pairs[0].activity_a_id).update(title="Ny rekryteringsmässa")


def _withdraw(pairs, group, chief) -> None:
    Activity.objects.filter(pk=pairs[0].activity_b_id).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Klar"
    )


def _rename_unit(pairs, group, chief) -> None:
    Unit.objects.filter(pk=group.company.pk).update(name="Bostadsbolaget AB")


def _rename_process(pairs, group, chief) -> None:
    Process.objects.filter(pk=group.recruitment_process.pk).update(name="Kompetensförsörjning")


def _rename_area(pairs, group, chief) -> None:
    ProcessArea.objects.filter(pk=group.hr_area.pk).update(name="Personal och HR")


def _rescore(pairs, group, chief) -> None:
    # As the scan writes its new scores: raw, no history, then the cases regrouped.
    OverlapSuggestion.objects.filter(pk=pairs[2].pk).update(score=0.95, text_score=0.93)
    cases.assign([pairs[2].activity_a_id])


def _drop(pairs, group, chief) -> None:
    # A pair the scan no longer finds is deleted, with no history either.
    OverlapSuggestion.objects.filter(pk=pairs[0].pk).delete()
    cases.assign([pairs[0].activity_a_id])


def _find(pairs, group, chief) -> None:
    OverlapSuggestion.objects.create(
        activity_a=f.ActivityFactory(title="Ny mässa A", owner_unit=group.department),
        activity_b=f.ActivityFactory(title="Ny mässa B", owner_unit=group.company),
        score=0.99,
        text_score=0.4,
    )


@pytest.mark.parametrize(
    ("write", "gone", "shown"),
    [
        (_decide, "Mässa för bovärdar", "Aktivitet A2"),
        (_retitle, "Rekryteringsmässa", "Ny rekryteringsmässa"),
        (_withdraw, "Mässa för bovärdar", "Aktivitet A2"),
        (_rename_unit, "Växjöbostäder AB", "Bostadsbolaget AB"),
        (_rename_process, "HR/personal: Rekrytering", "HR/personal: Kompetensförsörjning"),
        (_rename_area, "HR/personal: Rekrytering", "Personal och HR: Rekrytering"),
        (_rescore, "Aktivitet A1", "95%"),
        (_drop, "Mässa för bovärdar", "Aktivitet A2"),
        (_find, "Aktivitet A1", "Ny mässa A"),
    ],
)
def test_every_write_that_changes_a_page_is_read_again(
    client,
    chief,
    group,
    queue,
    django_capture_on_commit_callbacks,
    write: Callable,
    gone: str,
    shown: str,
):
    client.force_login(chief)
    before = pairs_shown(client)
    assert gone in before and shown not in before
    # The cases' version is renewed when the regrouping commits.
    with django_capture_on_commit_callbacks(execute=True):
        write(queue, group, chief)
    after = pairs_shown(client)
    assert gone not in after and shown in after


def test_the_queue_counts_what_counting_every_pair_gives(group, chief):
    """The counts come from the rows the database keeps (the open pairs, the cases' pairs) less
    the open pairs with a withdrawn activity: the same as counting every pair, whichever side
    of a pair, in a case or not, is withdrawn."""
    units = [f.UnitFactory() for _ in range(4)]
    case = [f.ActivityFactory(owner_unit=unit) for unit in units]
    for a, b in ((0, 1), (0, 2), (1, 2), (2, 3)):
        OverlapSuggestion.objects.create(
            activity_a=case[a], activity_b=case[b], score=0.9, text_score=0.9
        )
    for n in range(6):
        OverlapSuggestion.objects.create(
            activity_a=f.ActivityFactory(owner_unit=group.department),
            activity_b=f.ActivityFactory(owner_unit=group.company),
            score=0.6 + n / 100,
            text_score=0.4,
        )
    cases.assign()
    outside = list(OverlapSuggestion.objects.filter(text_score=0.4).order_by("pk"))
    overlap_decide(user=chief, suggestion=outside[0], decision=Decision.RELATED, note="Samordna.")
    # Withdrawn: one side of a pair, the other side of another, both sides of a third, and one
    # activity of the case (its pairs leave it, and the case keeps the two others).
    withdrawn = [
        outside[1].activity_a_id,
        outside[2].activity_b_id,
        outside[3].activity_a_id,
        outside[3].activity_b_id,
        case[3].pk,
    ]
    Activity.objects.filter(pk__in=withdrawn).update(
        withdrawn_at=timezone.now(), withdrawn_reason="Klar"
    )

    queue = cases.cached_queue("a state of its own")
    open_pairs = OverlapSuggestion.objects.open()
    between_active = open_pairs.filter(
        activity_a__withdrawn_at__isnull=True, activity_b__withdrawn_at__isnull=True
    )
    assert queue.open_total == open_pairs.count() == 9
    assert queue.pairs == between_active.filter(cases.outside_cases()).count() == 2
