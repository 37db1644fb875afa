"""Similar activities of other units, suggested while an editor types a new activity."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.overlap import search as similarity
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = reverse("goals:activity_suggestions")
HTMX = {"HX-Request": "true", "HX-Target": "activity-suggestions"}


@pytest.fixture
def cycle_path(group):
    """The company's activity that the editor's typing should find."""
    activity = f.ActivityFactory(
        owner_unit=group.company,
        title="Ny cykelväg Teleborg",
        description="Bygga en cykelväg genom Teleborg till centrum.",
    )
    f.ContributionFactory(activity=activity, goal=f.GoalFactory(title="Fler cyklar till jobbet"))
    return activity


def suggest(client, **data) -> str:
    response = client.post(URL, data, headers=HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.post(URL, {"title": "Cykelvägar i Teleborg"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["reader", "chief", "recruiter"])
def test_those_who_may_not_write_activities_are_refused(client, request, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(URL, {"title": "Cykelvägar i Teleborg"}).status_code == 403


def test_wrong_methods_are_refused(client, editor):
    client.force_login(editor)
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_it_finds_an_alike_activity_of_another_unit(client, editor, group, cycle_path):
    client.force_login(editor)
    html = suggest(client, title="Cykelvägar i Teleborg", owner_unit=group.administration.pk)
    assert f'href="{cycle_path.get_absolute_url()}"' in html
    assert "Ny cykelväg Teleborg" in html
    assert "Växjöbostäder AB" in html
    assert "<strong>Same words</strong>: cykelväg" in html
    assert "<strong>Same place</strong>: Teleborg" in html
    assert "badge--supports" in html and "Fler cyklar till jobbet" in html
    assert "Contact Växjöbostäder AB, or join this activity as a co-operating unit." in html
    assert "<html" not in html


def test_get_works_too(client, editor, group, cycle_path):
    client.force_login(editor)
    response = client.get(URL, {"title": "Cykelvägar i Teleborg"})
    assert "Ny cykelväg Teleborg" in response.content.decode()


def test_the_chosen_units_own_activities_are_left_out(client, company_editor, group, cycle_path):
    client.force_login(company_editor)
    html = suggest(client, title="Cykelvägar i Teleborg", owner_unit=group.company.pk)
    assert "Ny cykelväg Teleborg" not in html
    assert "No similar activity in other units so far." in html


def test_the_activity_being_edited_is_left_out(client, editor, group, cycle_path):
    client.force_login(editor)
    html = suggest(client, title="Ny cykelväg Teleborg", _activity=cycle_path.pk)
    assert "Ny cykelväg Teleborg" not in html


def test_short_input_gives_a_hint_and_no_error(client, editor, cycle_path):
    client.force_login(editor)
    for title in ("", "Cykelvägar", "   "):
        html = suggest(client, title=title)
        assert "Type a title of a few words" in html
        assert "Ny cykelväg Teleborg" not in html


def test_too_long_text_gets_a_clear_message_not_an_error(client, editor, cycle_path):
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        html = suggest(client, title="Cykelvägar i Teleborg", description="cykel " * 20_000)
    assert str(similarity.TEXT_TOO_LONG) in html
    assert 'role="alert"' in html
    # Refused before any work: only the session, the user and the user's roles were read.
    assert len(queries) == 3


def test_user_text_is_escaped(client, editor, group):
    f.ActivityFactory(owner_unit=group.company, title="Cykelvägar <script>x()</script> Teleborg")
    client.force_login(editor)
    html = suggest(client, title="Cykelvägar i Teleborg")
    assert "<script>x()</script>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html


def test_the_query_count_does_not_grow_with_the_matches(client, editor, group):
    client.force_login(editor)
    suggest(client, title="Cykelvägar i Teleborg")  # reads the vocabulary, once per change
    counts, total = [], 0
    for size in (1, 6):
        total += size
        for n in range(size):
            activity = f.ActivityFactory(
                owner_unit=f.UnitFactory(), title=f"Cykelvägar i Teleborg etapp {n}"
            )
            f.ContributionFactory(activity=activity)
            f.ContributionFactory(activity=activity, goal=f.GoalFactory())
        with CaptureQueriesContext(connection) as queries:
            html = suggest(client, title="Cykelvägar i Teleborg")
        assert html.count('class="reasons"') == total
        counts.append(len(queries))
    # session, user, roles; the unit tree (the units the editor writes for are left out); the
    # vocabulary's and the learned links' versions; the word counts; the words channel; the
    # candidates' analysed texts; their words' counts; the matching activities with units and
    # processes; their goals. No letters channel: the dictionary knows every word of the title.
    # The words' analyses are this process's own.
    assert counts == [12, 12]


def test_before_a_unit_is_chosen_the_editors_own_units_are_not_other_units(
    client, editor, group, cycle_path
):
    """The editor writes for the administration and its department: neither is "another
    unit", whether a unit is chosen yet or not."""
    for unit in (group.administration, group.department):
        f.ActivityFactory(owner_unit=unit, title=f"Ny cykelväg Teleborg {unit.slug}")
    client.force_login(editor)
    for chosen in ("", group.department.pk):
        html = suggest(client, title="Cykelvägar i Teleborg", owner_unit=chosen)
        assert f'href="{cycle_path.get_absolute_url()}"' in html
        assert "Växjöbostäder AB" in html
        assert "Grundskoleavdelningen" not in html
        assert "Utbildningsförvaltningen" not in html
