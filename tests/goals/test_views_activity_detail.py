"""One activity's page: its facts, goals, withdrawal, buttons and history."""

from __future__ import annotations

import datetime

import pghistory
import pytest
from django.test import Client
from django.urls import reverse

from goals import services
from goals.models import Activity, Contribution
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(group):
    activity = f.ActivityFactory(
        owner_unit=group.administration,
        title="Läxhjälp <script>alert(1)</script>",
        description="Första raden\nAndra <b>raden</b>",
        responsible="Anna Andersson",
        start_date=datetime.date(2026, 1, 15),
        end_date=datetime.date(2026, 12, 31),
        budget_sek=1_250_000,
        process=group.recruitment_process,
    )
    activity.cooperating_units.add(group.company)
    f.ContributionFactory(
        activity=activity, goal=f.GoalFactory(title="Fler klarar skolan"), reason="Mer stöd."
    )
    f.ContributionFactory(
        activity=activity,
        goal=f.GoalFactory(title="Mindre bilresor"),
        effect=Contribution.Effect.COUNTERACTS,
        reason="Skjuts med bil.",
    )
    return activity


def test_the_page_shows_the_activity(client, reader, activity, group):
    client.force_login(reader)
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{group.administration.get_absolute_url()}"' in html
    assert f'href="{group.company.get_absolute_url()}"' in html
    assert "Anna Andersson" in html
    assert "HR/personal: Rekrytering" in html
    assert "badge--supports" in html and "Mer stöd." in html
    assert "badge--counteracts" in html and "Skjuts med bil." in html
    for contribution in activity.contributions.all():
        assert f'href="{contribution.goal.get_absolute_url()}"' in html


def test_dates_and_amounts_are_shown_the_swedish_way(reader, activity):
    client = Client()  # the default language
    client.force_login(reader)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "15 januari 2026" in html
    assert "1\xa0250\xa0000 kr" in html  # Swedish grouping: non-breaking spaces
    assert 'datetime="2026-01-15"' in html


def test_user_text_is_escaped(client, reader, activity):
    client.force_login(reader)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "Läxhjälp &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p>Första raden<br>Andra &lt;b&gt;raden&lt;/b&gt;</p>" in html


def test_edit_and_withdraw_buttons_only_for_those_who_may(client, reader, editor, activity):
    edit_url = reverse("goals:activity_edit", args=[activity.pk])
    client.force_login(reader)
    assert edit_url not in client.get(activity.get_absolute_url()).content.decode()
    client.force_login(editor)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert edit_url in html
    assert reverse("goals:activity_withdraw", args=[activity.pk]) in html


def test_a_withdrawn_activity_shows_why_who_and_when_and_no_buttons(client, editor, activity):
    services.activity_withdraw(user=editor, activity=activity, reason="Ersatt <i>av</i> annat.")
    client.force_login(editor)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "badge--withdrawn" in html
    assert "Ersatt &lt;i&gt;av&lt;/i&gt; annat." in html
    assert f"by {editor}" in html
    assert reverse("goals:activity_edit", args=[activity.pk]) not in html


def test_the_history_says_who_changed_what(client, editor, activity, group):
    client.force_login(editor)
    edit_url = reverse("goals:activity_edit", args=[activity.pk])
    from tests.goals.test_views_activity_edit import form_data

    data = form_data(activity, status=Activity.Status.DONE, budget_sek="2000000")
    response = client.post(edit_url, data)
    assert response.status_code == 302

    html = client.get(activity.get_absolute_url()).content.decode()
    assert "· redaktor" in html
    assert "Status: <del>" in html and "Ongoing</del>" in html and "Done</ins>" in html
    assert "2,000,000 kr</ins>" in html
    assert "Version" not in html  # bookkeeping stays out of the history


def test_an_unknown_activity_is_404_and_a_post_is_405(client, reader, activity):
    client.force_login(reader)
    assert client.get(reverse("goals:activity_detail", args=[999_999])).status_code == 404
    assert client.post(activity.get_absolute_url()).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client, activity):
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _activity_with_history(group, editor, size: int) -> Activity:
    """An activity with `size` goal links, co-operating units and saves, each save by a
    request-like context so that the history has `size` entries from real users."""
    goals = [f.GoalFactory() for _ in range(size)]
    units = [f.UnitFactory() for _ in range(size)]
    with pghistory.context(user=editor.pk):
        activity = services.activity_create(
            user=editor,
            data={"title": "Mätt aktivitet", "owner_unit": group.administration},
            contributions=[
                {"goal": g, "effect": Contribution.Effect.SUPPORTS, "reason": ""} for g in goals
            ],
            cooperating_units=units,
        )
    for i in range(size):
        with pghistory.context(user=editor.pk):
            activity = services.activity_update(
                user=editor,
                activity=activity,
                version=activity.version,
                data={
                    "title": f"Mätt aktivitet {i}",
                    "owner_unit": group.department if i % 2 else group.administration,
                    "process": group.recruitment_process,
                    "status": Activity.Status.ONGOING,
                },
                contributions=[
                    {"goal": g, "effect": Contribution.Effect.COUNTERACTS, "reason": f"Skäl {i}"}
                    for g in goals
                ],
            )
    with pghistory.context(user=editor.pk):
        services.activity_withdraw(user=editor, activity=activity, reason="Klar.")
    return activity


@pytest.mark.parametrize("size", [1, 6])
def test_the_query_count_does_not_grow_with_the_history(
    client, editor, group, size, django_assert_num_queries
):
    activity = _activity_with_history(group, editor, size)
    client.force_login(editor)
    # 1 session, 2 user, 3 the activity with its unit and process, 4 the user's roles,
    # 5 the unit tree (the editor's units), 6 goal links with their goals, 7 co-operating
    # units, 8 history events, 9-12 the users, units, processes and goals the events refer
    # to, 13 who withdrew the activity, 14 its overlap suggestions with the other activities,
    # 15 the process owners' comments, 16 the conflicts other units raised about it.
    with django_assert_num_queries(16):
        response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["history"]) == size + 2


def test_history_names_the_command_behind_a_change_made_without_a_user(client, reader, group):
    with pghistory.context(source="seed_demo"):
        activity = f.ActivityFactory(owner_unit=group.administration, title="Från demodatan")
    client.force_login(reader)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "the system (seed_demo)" in html
