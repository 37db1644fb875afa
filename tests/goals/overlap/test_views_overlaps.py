"""The overlap review queue, one pair side by side, and the decision about it, for each role."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Activity, OverlapSuggestion
from goals.overlap.forms import NOTE_REQUIRED
from tests import factories as f

pytestmark = pytest.mark.django_db

Decision = OverlapSuggestion.Decision
HTMX = {"HX-Request": "true"}


def make_pair(a: Activity, b: Activity, **fields) -> OverlapSuggestion:
    first, second = sorted([a, b], key=lambda activity: activity.pk)
    values = {"score": 0.82, "text_score": 0.7, "shared_goals": 1, "same_process": False}
    return OverlapSuggestion.objects.create(
        activity_a=first, activity_b=second, **{**values, **fields}
    )


@pytest.fixture
def goal(group):
    return f.GoalFactory(title="Fler i arbete")


@pytest.fixture
def pair(group, goal):
    """Two alike activities: one in the HR process (so the HR process owner decides), one in
    the company."""
    a = f.ActivityFactory(
        owner_unit=group.administration,
        title="Rekryteringsmässa för lärare",
        description="En mässa för att locka lärare.",
        responsible="Anna Andersson",
        process=group.recruitment_process,
        budget_sek=200_000,
    )
    b = f.ActivityFactory(
        owner_unit=group.company,
        title="Rekryteringsmässa för fastighetsskötare",
        description="En mässa för att locka fastighetsskötare.",
    )
    f.ContributionFactory(activity=a, goal=goal)
    f.ContributionFactory(activity=b, goal=goal)
    return make_pair(a, b)


@pytest.fixture
def outside_pair(group):
    """A pair outside every process area: only the chief executive and administrators decide."""
    a = f.ActivityFactory(owner_unit=group.department, title="Cykelvägar i Teleborg")
    b = f.ActivityFactory(owner_unit=group.company, title="Ny cykelväg Teleborg")
    return make_pair(a, b, score=0.6, text_score=0.6, shared_goals=0)


def list_url(**params) -> str:
    url = reverse("goals:overlap_list")
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def detail_url(suggestion: OverlapSuggestion) -> str:
    return reverse("goals:overlap_detail", kwargs={"pk": suggestion.pk})


def decide_url(suggestion: OverlapSuggestion) -> str:
    return reverse("goals:overlap_decide", kwargs={"pk": suggestion.pk})


def unchanged(suggestion: OverlapSuggestion) -> bool:
    fresh = OverlapSuggestion.objects.get(pk=suggestion.pk)
    return (fresh.decision, fresh.note, fresh.decided_by_id) == (Decision.OPEN, "", None)


# -- Who may do what -----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, pair):
    for response in (
        client.get(list_url()),
        client.get(detail_url(pair)),
        client.post(decide_url(pair), {"decision": Decision.DUPLICATE}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert unchanged(pair)


def test_a_reader_reads_the_queue_without_decision_controls(client, reader, pair):
    client.force_login(reader)
    response = client.get(list_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rekryteringsmässa för lärare" in html
    assert "Rekryteringsmässa för fastighetsskötare" in html
    assert f'href="{pair.activity_a.get_absolute_url()}"' in html
    assert "82%" in html
    assert "Texts 70% alike" in html and "1 shared goal" in html
    assert "Compare and decide" not in html
    assert f'href="{detail_url(pair)}?next=' in html


def test_a_reader_reads_the_pair_without_the_decision_form(client, reader, pair):
    client.force_login(reader)
    response = client.get(detail_url(pair))
    html = response.content.decode()
    assert response.status_code == 200
    assert "En mässa för att locka lärare." in html
    assert "Anna Andersson" in html and "HR/personal: Rekrytering" in html
    assert "200,000 kr" in html
    assert "Both activities" in html  # the shared goal, said in words
    assert 'name="decision"' not in html
    assert decide_url(pair) not in html
    assert "The chief executive and the owners of the process areas involved decide" in html


def test_the_chief_executive_sees_the_controls(client, chief, pair):
    client.force_login(chief)
    assert "Compare and decide" in client.get(list_url()).content.decode()
    html = client.get(detail_url(pair)).content.decode()
    assert f'action="{decide_url(pair)}"' in html
    assert 'type="radio" name="decision" value="duplicate"' in html
    assert "<legend>Decision" in html  # the radios are grouped and named


def test_the_chief_executive_decides(client, chief, pair):
    client.force_login(chief)
    response = client.post(
        decide_url(pair), {"decision": Decision.DUPLICATE, "note": "Samma mässa."}
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(pair)
    pair.refresh_from_db()
    assert (pair.decision, pair.note, pair.decided_by) == (
        Decision.DUPLICATE,
        "Samma mässa.",
        chief,
    )
    assert pair.decided_at is not None
    html = client.get(response["Location"]).content.decode()
    assert "The decision was saved." in html
    assert "Duplicate: merge or coordinate" in html and "Samma mässa." in html
    assert "Change decision" in html


def test_without_htmx_the_decision_returns_to_the_filtered_queue(client, chief, pair):
    client.force_login(chief)
    back = list_url(decision="open", min_score="50")
    response = client.post(decide_url(pair), {"decision": Decision.RELATED, "next": back})
    assert response["Location"] == back
    response = client.post(
        decide_url(pair), {"decision": Decision.RELATED, "next": "https://evil.example/"}
    )
    assert response["Location"] == detail_url(pair)


def test_with_htmx_the_decision_answers_with_its_fragment(client, chief, pair):
    client.force_login(chief)
    back = list_url(decision="open", min_score="50")
    response = client.post(
        decide_url(pair), {"decision": Decision.RELATED, "next": back}, headers=HTMX
    )
    html = response.content.decode()
    assert "Back to the queue" in html and f'href="{back}"' in html.replace("&amp;", "&")
    assert f'name="next" value="{back}"' in html.replace("&amp;", "&")
    assert response.status_code == 200
    assert "<html" not in html
    assert "Decision history" in html and "<section" not in html  # swapped into the section
    assert "The decision was saved." in html
    assert "Related: coordinate" in html
    assert OverlapSuggestion.objects.get(pk=pair.pk).decision == Decision.RELATED


def test_a_process_owner_decides_pairs_in_their_area(client, process_owner, pair):
    client.force_login(process_owner)
    response = client.post(decide_url(pair), {"decision": Decision.RELATED})
    assert response.status_code == 302
    assert OverlapSuggestion.objects.get(pk=pair.pk).decision == Decision.RELATED


def test_a_process_owner_may_not_decide_pairs_outside_their_area(
    client, process_owner, outside_pair
):
    client.force_login(process_owner)
    assert 'name="decision"' not in client.get(detail_url(outside_pair)).content.decode()
    response = client.post(decide_url(outside_pair), {"decision": Decision.DUPLICATE})
    assert response.status_code == 403
    assert unchanged(outside_pair)


@pytest.mark.parametrize("role", ["editor", "reader", "recruiter"])
def test_others_may_not_decide(client, request, role, pair):
    client.force_login(request.getfixturevalue(role))
    response = client.post(decide_url(pair), {"decision": Decision.NOT_ALIKE, "note": "Nej"})
    assert response.status_code == 403
    assert unchanged(pair)


@pytest.mark.parametrize(
    ("method", "name"),
    [("post", "overlap_list"), ("post", "overlap_detail"), ("get", "overlap_decide")],
)
def test_wrong_methods_are_refused(client, chief, pair, method, name):
    client.force_login(chief)
    args = [] if name == "overlap_list" else [pair.pk]
    response = getattr(client, method)(reverse(f"goals:{name}", args=args))
    assert response.status_code == 405
    assert unchanged(pair)


def test_an_unknown_pair_is_not_found(client, chief):
    client.force_login(chief)
    assert client.get(reverse("goals:overlap_detail", args=[999999])).status_code == 404
    response = client.post(reverse("goals:overlap_decide", args=[999999]), {"decision": "related"})
    assert response.status_code == 404


# -- Bad input -----------------------------------------------------------------------------------


def test_an_unknown_decision_is_refused_beside_the_field(client, chief, pair):
    client.force_login(chief)
    response = client.post(decide_url(pair), {"decision": "merge_everything"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_decision_error"' in html
    assert "Choose one of the decisions listed." in html
    # The choices' fieldset names the error, so a screen reader reads it with them.
    assert re.search(r'<fieldset aria-describedby="[^"]*\bid_decision_error"', html)
    assert unchanged(pair)


def test_not_alike_needs_a_note(client, chief, pair):
    client.force_login(chief)
    response = client.post(decide_url(pair), {"decision": Decision.NOT_ALIKE, "note": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert str(NOTE_REQUIRED) in html and 'id="id_note_error"' in html
    assert unchanged(pair)


def test_what_users_typed_is_escaped(client, chief, group):
    a = f.ActivityFactory(owner_unit=group.administration, title="<script>alert(1)</script>")
    b = f.ActivityFactory(owner_unit=group.company, title="Vanlig <b>titel</b>")
    pair = make_pair(a, b)
    client.force_login(chief)
    client.post(decide_url(pair), {"decision": Decision.RELATED, "note": "<img src=x onerror=1>"})
    for url in (list_url(decision="all"), detail_url(pair), a.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>titel</b>" not in html
    html = client.get(detail_url(pair)).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=1&gt;" in html


# -- Decided pairs, their history, and merging ---------------------------------------------------


def test_a_decision_can_be_changed_and_the_history_keeps_both(client, chief, administrator, pair):
    client.force_login(chief)
    client.post(decide_url(pair), {"decision": Decision.NOT_ALIKE, "note": "Olika målgrupper."})
    client.force_login(administrator)
    client.post(decide_url(pair), {"decision": Decision.RELATED, "note": "Samordna ändå."})
    html = client.get(detail_url(pair)).content.decode()
    history = html[html.index("Decision history") :]
    assert "Found by the overlap scan" in history
    assert "Not alike: dismissed" in history and "Olika målgrupper." in history
    assert "Related: coordinate" in history and "Samordna ändå." in history
    # Newest first.
    assert history.index("Samordna ändå.") < history.index("Olika målgrupper.")
    assert str(chief) in history and str(administrator) in history


def test_a_duplicate_shows_the_next_step_to_who_edits_an_activity(client, chief, editor, pair):
    client.force_login(chief)
    client.post(decide_url(pair), {"decision": Decision.DUPLICATE})
    html = client.get(detail_url(pair)).content.decode()
    assert "Next step: one shared activity" in html
    assert "The unit editors of Utbildningsförvaltningen and Växjöbostäder AB" in html
    client.force_login(editor)
    html = client.get(detail_url(pair)).content.decode()
    edit = reverse("goals:activity_edit", args=[pair.activity_a.pk])
    assert f'href="{edit}"' in html
    assert "to add Växjöbostäder AB as co-operating unit" in html


def test_one_who_edits_both_may_merge_a_duplicate(client, administrator, pair):
    client.force_login(administrator)
    assert 'name="merge_into"' in client.get(detail_url(pair)).content.decode()
    keep, drop = pair.activity_a, pair.activity_b
    response = client.post(
        decide_url(pair), {"decision": Decision.DUPLICATE, "merge_into": str(keep.pk)}
    )
    assert response.status_code == 302
    drop.refresh_from_db()
    assert drop.is_withdrawn
    # A public record, so written in the site's language whatever the decider reads in.
    assert (
        drop.withdrawn_reason
        == "Sammanslagen med ”Rekryteringsmässa för lärare” (Utbildningsförvaltningen)."
    )
    assert drop.owner_unit in keep.cooperating_units.all()
    assert OverlapSuggestion.objects.get(pk=pair.pk).decision == Decision.DUPLICATE


def test_merging_needs_a_duplicate_and_rights_to_both(client, administrator, chief, pair):
    client.force_login(administrator)
    response = client.post(
        decide_url(pair),
        {"decision": Decision.RELATED, "merge_into": str(pair.activity_a.pk)},
    )
    assert "Only a duplicate can be merged into one activity." in response.content.decode()
    assert unchanged(pair)
    client.force_login(chief)  # reads both but edits neither: no merge field at all
    assert 'name="merge_into"' not in client.get(detail_url(pair)).content.decode()
    client.post(
        decide_url(pair), {"decision": Decision.DUPLICATE, "merge_into": str(pair.activity_a.pk)}
    )
    assert not Activity.objects.get(pk=pair.activity_b.pk).is_withdrawn


def test_the_activity_page_shows_its_overlaps_and_decisions(client, chief, reader, pair):
    client.force_login(chief)
    client.post(decide_url(pair), {"decision": Decision.RELATED, "note": "Samordna mässorna."})
    client.force_login(reader)
    for mine, other in [(pair.activity_a, pair.activity_b), (pair.activity_b, pair.activity_a)]:
        html = client.get(mine.get_absolute_url()).content.decode()
        section = html[html.index('id="overlaps-heading"') :]
        assert f'href="{other.get_absolute_url()}"' in section
        assert other.owner_unit.name in section
        assert "82%" in section
        assert "Related: coordinate" in section and "Samordna mässorna." in section
        assert str(chief) in section
        assert f'href="{detail_url(pair)}"' in section


# -- The queue's filters and pages ---------------------------------------------------------------


def test_the_queue_shows_open_pairs_strongest_first(client, reader, pair, outside_pair):
    decided = make_pair(
        f.ActivityFactory(owner_unit=pair.activity_a.owner_unit, title="Avgjord A"),
        f.ActivityFactory(title="Avgjord B"),
        decision=Decision.NOT_ALIKE,
        score=0.99,
    )
    client.force_login(reader)
    html = client.get(list_url()).content.decode()
    assert "Avgjord A" not in html
    assert html.index("Rekryteringsmässa för lärare") < html.index("Cykelvägar i Teleborg")
    assert "2 pairs" in html
    html = client.get(list_url(decision="all")).content.decode()
    assert "Avgjord A" in html and "3 pairs" in html
    html = client.get(list_url(decision="not_alike")).content.decode()
    assert "Avgjord A" in html and "1 pair" in html
    assert detail_url(decided) in html


def test_a_pair_with_a_withdrawn_activity_leaves_the_open_queue(client, reader, pair):
    Activity.objects.filter(pk=pair.activity_b.pk).update(
        withdrawn_at="2026-01-01T00:00Z", withdrawn_reason="Klar"
    )
    client.force_login(reader)
    assert "0 pairs" in client.get(list_url()).content.decode()


def test_the_queue_filters_by_unit_area_and_score(client, reader, group, pair, outside_pair):
    client.force_login(reader)
    # The department belongs to the administration: its subtree counts.
    html = client.get(list_url(unit="utbildning")).content.decode()
    assert "Rekryteringsmässa" in html and "Cykelvägar i Teleborg" in html
    html = client.get(list_url(unit="grundskola")).content.decode()
    assert "Rekryteringsmässa" not in html and "Cykelvägar i Teleborg" in html
    html = client.get(list_url(area="hr")).content.decode()
    assert "Rekryteringsmässa" in html and "Cykelvägar i Teleborg" not in html
    html = client.get(list_url(min_score="70")).content.decode()
    assert "Rekryteringsmässa" in html and "Cykelvägar i Teleborg" not in html


def test_a_filter_that_does_not_validate_is_left_out_and_shown(client, reader, pair):
    client.force_login(reader)
    html = client.get(list_url(unit="finns-inte", min_score="200")).content.decode()
    assert "Some filters could not be used and were left out" in html
    assert "Rekryteringsmässa för lärare" in html


def test_htmx_filtering_answers_with_the_results_only(client, reader, pair):
    client.force_login(reader)
    response = client.get(
        list_url(min_score="10"), headers={**HTMX, "HX-Target": "overlap-results"}
    )
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "Rekryteringsmässa för lärare" in html
    full = client.get(list_url()).content.decode()
    assert 'hx-push-url="true"' in full and 'hx-target="#overlap-results"' in full


def test_the_queue_is_paginated(client, reader, group, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        make_pair(
            f.ActivityFactory(owner_unit=group.administration, title=f"Aktivitet A{n}"),
            f.ActivityFactory(owner_unit=group.company, title=f"Aktivitet B{n}"),
            score=0.5 + n / 100,
        )
    client.force_login(reader)
    html = client.get(list_url()).content.decode()
    assert "Aktivitet A4" in html and "Aktivitet A2" not in html
    assert "page 1 of 3" in html
    html = client.get(list_url(page="3")).content.decode()
    assert "Aktivitet A0" in html and "Aktivitet A4" not in html


# -- Query counts do not grow with the data ------------------------------------------------------


def _build(group, goal, size: int) -> OverlapSuggestion:
    first = None
    for n in range(size):
        a = f.ActivityFactory(
            owner_unit=f.DepartmentFactory(parent=group.administration),
            process=group.recruitment_process,
        )
        b = f.ActivityFactory(owner_unit=group.company)
        for activity in (a, b):
            f.ContributionFactory(activity=activity, goal=goal)
            f.ContributionFactory(activity=activity, reason="Skäl")
        suggestion = make_pair(a, b, score=0.5 + n / 1000, same_process=bool(n % 2))
        suggestion.decision, suggestion.decided_by = Decision.RELATED, f.UserFactory()
        suggestion.note = f"Beslut {n}"
        suggestion.save()
        suggestion.decision = Decision.OPEN
        suggestion.save()
        first = first or suggestion
    return first


def _count(client, url: str, headers=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("user", "page", "expected"),
    [
        # session, user, roles; the count, the page of pairs with both activities, their units,
        # processes and deciders; the unit and process-area choices; the open suggestions in the
        # whole group (the overview tile's count); the coordination savings' totals
        ("reader", "list", 3 + 2 + 2 + 1 + 1),
        # ... and the unit filter's validation and the unit tree, the area's validation
        ("reader", "list_filtered", 3 + 2 + 2 + 1 + 1 + 3),
        # session, user, roles; the pair with both sides; their goal links; the decision history
        ("reader", "detail", 3 + 3),
        # ... and the unit tree (may the editor edit either side?)
        ("editor", "detail", 3 + 3 + 1),
        ("chief", "detail", 3 + 3),
    ],
)
def test_the_pages_run_the_same_queries_whatever_the_data_size(
    client, request, group, goal, user, page, expected
):
    client.force_login(request.getfixturevalue(user))
    counts = []
    for size in (2, 12):
        first = _build(group, goal, size)
        url = {
            "list": list_url(decision="all"),
            "list_filtered": list_url(decision="all", unit="utbildning", area="hr", min_score=1),
            "detail": detail_url(first),
        }[page]
        client.get(url)  # warm up
        counts.append(_count(client, url))
    assert counts == [expected, expected]
