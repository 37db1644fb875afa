"""The conflict pages as each role uses them: the list of both kinds, raising one from the
activity's page, the decision, the sides' confirmations and withdrawing. Refused actions answer
403 or 404 and change nothing; bad input comes back beside its field with what was typed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.conflicts import services
from goals.conflicts.models import Conflict
from goals.models import Contribution
from tests import factories as f

pytestmark = pytest.mark.django_db

Outcome = Conflict.Outcome
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def conflict(editor, world) -> Conflict:
    return services.conflict_raise(
        user=editor,
        activity=world.company_activity,
        goal=world.admin_goal,
        reason="Garaget styr hyresgästerna mot bilen.",
    )


def raise_url(world) -> str:
    return reverse("goals:conflict_raise", args=[world.company_activity.pk])


def html_of(response) -> str:
    return response.content.decode()


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_both_kinds_with_who_is_hurt_and_the_money(client, reader, conflict, group):
    # The company itself says another of its activities counteracts the goal, which the
    # administration's activity supports: a self-declared conflict.
    declared = f.ActivityFactory(title="Fler p-platser", owner_unit=group.company, budget_sek=7)
    f.ContributionFactory(
        activity=declared, goal=conflict.goal, effect="counteracts", reason="Mer bil"
    )
    f.ContributionFactory(
        activity=f.ActivityFactory(owner_unit=group.administration), goal=conflict.goal
    )
    client.force_login(reader)
    html = html_of(client.get(reverse("goals:conflict_list")))
    assert "2 conflicts" in html
    assert "420,000,007 kr at stake in 2 activities" in html
    assert "Raised by the hurt unit" in html and "Self-declared" in html
    assert "Garage under varje hus" in html and "Fler p-platser" in html
    assert html.count('Hurt: <a href="/enheter/utbildning/">Utbildningsförvaltningen</a>') == 2
    assert html.index("Garage under varje hus") < html.index("Fler p-platser")  # most money first


def test_the_list_filters_by_kind_status_unit_and_goal(client, reader, conflict, chief, world):
    client.force_login(reader)
    url = reverse("goals:conflict_list")
    assert "1 conflict" in html_of(client.get(url, {"typ": "raised", "unit": "vaxjobostader"}))
    assert "0 conflicts" in html_of(client.get(url, {"status": "avgjorda"}))
    assert "1 conflict" in html_of(client.get(url, {"goal": world.council.pk}))
    other = f.GoalFactory()
    assert "0 conflicts" in html_of(client.get(url, {"goal": other.pk}))
    services.conflict_decide(user=chief, conflict=conflict, outcome=Outcome.RESOLVED)
    assert "0 conflicts" in html_of(client.get(url))
    assert "1 conflict" in html_of(client.get(url, {"status": "avgjorda"}))
    # A filter value that does not validate is shown and left out.
    html = html_of(client.get(url, {"status": "alla", "unit": "finns-inte"}))
    assert "Some filters could not be used" in html and "1 conflict" in html


def test_the_list_answers_htmx_with_the_results_alone(client, reader, conflict):
    client.force_login(reader)
    response = client.get(
        reverse("goals:conflict_list"),
        headers={"HX-Request": "true", "HX-Target": "conflict-results"},
    )
    html = html_of(response)
    assert "Garage under varje hus" in html
    assert "<html" not in html and 'role="search"' not in html


def test_the_list_refuses_a_post(client, reader):
    client.force_login(reader)
    assert client.post(reverse("goals:conflict_list")).status_code == 405


# --- Raising ------------------------------------------------------------------------------------


def test_the_activity_page_offers_the_action_to_other_units_only(
    client, editor, company_editor, reader, world
):
    url = world.company_activity.get_absolute_url()
    for user, offered in [(editor, True), (company_editor, False), (reader, False)]:
        client.force_login(user)
        html = html_of(client.get(url))
        assert "Conflicts raised by other units" in html
        assert (raise_url(world) in html) is offered, user


def test_an_editor_raises_a_conflict_from_the_activity(client, editor, world):
    client.force_login(editor)
    page = html_of(client.get(raise_url(world)))
    assert f'<option value="{world.admin_goal.pk}">' in page
    assert f'value="{world.hr_goal.pk}"' not in page  # not theirs
    response = client.post(
        raise_url(world), {"goal": world.admin_goal.pk, "reason": "Mer bil.", "due_on": ""}
    )
    conflict = Conflict.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conflict.get_absolute_url()
    assert conflict.raised_by == editor
    # The activity's page lists it.
    assert "Mer bil." in html_of(client.get(world.company_activity.get_absolute_url()))


@pytest.mark.parametrize("who", ["reader", "chief"])
def test_raising_needs_write_access(client, request, world, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(raise_url(world)).status_code == 403
    response = client.post(raise_url(world), {"goal": world.admin_goal.pk, "reason": "x"})
    assert response.status_code == 403
    assert not Conflict.objects.exists()


def test_raising_on_an_unknown_activity_is_not_found(client, editor, world):
    client.force_login(editor)
    assert client.get(reverse("goals:conflict_raise", args=[999999])).status_code == 404


def test_raising_refuses_other_methods(client, editor, world):
    client.force_login(editor)
    assert client.put(raise_url(world)).status_code == 405


def test_a_goal_outside_the_users_choices_is_refused_beside_the_field(
    client, company_editor, world
):
    client.force_login(company_editor)
    response = client.post(raise_url(world), {"goal": world.admin_goal.pk, "reason": "x"})
    assert response.status_code == 200
    assert 'id="id_goal_error"' in html_of(response)
    assert not Conflict.objects.exists()


def test_a_conflict_without_a_reason_comes_back_with_the_message_and_the_goal_kept(
    client, editor, world
):
    client.force_login(editor)
    response = client.post(raise_url(world), {"goal": world.admin_goal.pk, "reason": "  "})
    html = html_of(response)
    assert response.status_code == 200
    assert re.search(r'<textarea[^>]*aria-describedby="[^"]*id_reason_error"', html)
    assert 'id="id_reason_error"' in html
    assert "a conflict needs a reason" in html
    assert f'<option value="{world.admin_goal.pk}" selected>' in html
    assert not Conflict.objects.exists()


def test_the_own_units_activity_is_sent_to_counteracts(client, editor, world):
    client.force_login(editor)
    url = reverse("goals:conflict_raise", args=[world.own_activity.pk])
    response = client.post(
        url, {"goal": world.admin_goal.pk, "reason": "Skolbilarna", "due_on": ""}
    )
    html = html_of(response)
    assert response.status_code == 200
    assert re.search(r'<select[^>]*aria-describedby="[^"]*id_goal_error"', html)
    assert "“counteracts” on the activity instead" in html.replace("&#x27;", "'")
    assert "Skolbilarna</textarea>" in html
    assert not Conflict.objects.exists()


def test_a_withdrawn_activity_is_refused_with_a_message(client, editor, world):
    activity = world.company_activity
    activity.withdrawn_at, activity.withdrawn_reason = timezone.now(), "Avbruten"
    activity.save()
    client.force_login(editor)
    assert "has been withdrawn" in html_of(client.get(raise_url(world)))
    response = client.post(raise_url(world), {"goal": world.admin_goal.pk, "reason": "Mer bil"})
    assert response.status_code == 200
    assert "there is nothing left to raise a conflict about" in html_of(response)
    assert not Conflict.objects.exists()


def test_the_same_flag_twice_is_refused_beside_the_goal(client, editor, world, conflict):
    client.force_login(editor)
    response = client.post(raise_url(world), {"goal": world.admin_goal.pk, "reason": "Igen"})
    assert 'id="id_goal_error"' in html_of(response)
    assert "already raised a conflict" in html_of(response)
    assert Conflict.objects.count() == 1


def test_a_date_in_the_past_is_refused_beside_its_field(client, editor, world):
    client.force_login(editor)
    response = client.post(
        raise_url(world),
        {"goal": world.admin_goal.pk, "reason": "Mer bil", "due_on": "2001-01-01"},
    )
    assert 'id="id_due_on_error"' in html_of(response)
    assert 'value="2001-01-01"' in html_of(response)
    assert not Conflict.objects.exists()


def test_user_text_is_escaped(client, editor, reader, world):
    services.conflict_raise(
        user=editor, activity=world.company_activity, goal=world.admin_goal, reason=SCRIPT
    )
    conflict = Conflict.objects.get()
    client.force_login(reader)
    for url in (
        conflict.get_absolute_url(),
        reverse("goals:conflict_list"),
        world.company_activity.get_absolute_url(),
    ):
        html = html_of(client.get(url))
        assert SCRIPT not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- One conflict: deciding, confirming, withdrawing ------------------------------------------


def test_a_reader_sees_the_conflict_and_its_history_but_no_actions(client, reader, conflict):
    client.force_login(reader)
    html = html_of(client.get(conflict.get_absolute_url()))
    assert "420,000,000 kr" in html
    assert "Conflict raised by Utbildningsförvaltningen" in html  # the history
    assert reverse("goals:conflict_decide", args=[conflict.pk]) not in html
    assert reverse("goals:conflict_confirm", args=[conflict.pk]) not in html
    assert reverse("goals:conflict_withdraw", args=[conflict.pk]) not in html


def test_an_unknown_conflict_is_not_found(client, reader):
    client.force_login(reader)
    assert client.get(reverse("goals:conflict_detail", args=[999999])).status_code == 404
    assert client.post(reverse("goals:conflict_decide", args=[999999])).status_code == 404


def test_the_detail_refuses_a_post(client, chief, conflict):
    client.force_login(chief)
    assert client.post(conflict.get_absolute_url()).status_code == 405
    assert client.get(reverse("goals:conflict_decide", args=[conflict.pk])).status_code == 405


def test_the_chief_executive_decides(client, chief, conflict):
    client.force_login(chief)
    decide = reverse("goals:conflict_decide", args=[conflict.pk])
    assert decide in html_of(client.get(conflict.get_absolute_url()))
    response = client.post(decide, {"outcome": "escalated", "note": "Till KS i januari."})
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert (conflict.outcome, conflict.decided_by) == (Outcome.ESCALATED, chief)
    html = html_of(client.get(conflict.get_absolute_url()))
    assert "Conflict about 4.1 Fler cyklar decided: Escalated" in html
    assert "Till KS i januari." in html


def test_an_accepted_trade_off_without_a_note_comes_back_beside_the_note(client, chief, conflict):
    client.force_login(chief)
    response = client.post(
        reverse("goals:conflict_decide", args=[conflict.pk]), {"outcome": "accepted"}
    )
    html = html_of(response)
    assert response.status_code == 200
    assert re.search(r'<textarea[^>]*aria-describedby="[^"]*id_note_error"', html)
    assert re.search(r'value="accepted"[^>]*checked', html)
    conflict.refresh_from_db()
    assert conflict.outcome == Outcome.OPEN


@pytest.mark.parametrize("who", ["editor", "company_editor", "reader"])
def test_deciding_needs_the_chief_executive_or_an_administrator(request, client, conflict, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("goals:conflict_decide", args=[conflict.pk]), {"outcome": "resolved"}
    )
    assert response.status_code == 403
    conflict.refresh_from_db()
    assert conflict.outcome == Outcome.OPEN


def test_both_sides_confirm_on_the_page(client, editor, company_editor, conflict):
    confirm = reverse("goals:conflict_confirm", args=[conflict.pk])
    client.force_login(company_editor)
    assert 'name="side" value="owner"' in html_of(client.get(conflict.get_absolute_url()))
    client.post(confirm, {"side": "owner"})
    client.force_login(editor)
    html = html_of(client.get(conflict.get_absolute_url()))
    assert 'name="side" value="hurt"' in html and 'name="side" value="owner"' not in html
    client.post(confirm, {"side": "hurt"})
    conflict.refresh_from_db()
    assert conflict.outcome == Outcome.RESOLVED
    assert "both units agreed" in html_of(client.get(conflict.get_absolute_url()))


def test_confirming_for_the_other_side_is_forbidden(client, editor, reader, conflict):
    confirm = reverse("goals:conflict_confirm", args=[conflict.pk])
    client.force_login(editor)
    assert client.post(confirm, {"side": "owner"}).status_code == 403
    assert client.post(confirm, {"side": "nonsense"}).status_code == 403
    client.force_login(reader)
    assert client.post(confirm, {"side": "hurt"}).status_code == 403
    conflict.refresh_from_db()
    assert conflict.owner_agreed_at is None and conflict.hurt_agreed_at is None


def test_the_raising_side_withdraws_it_with_a_reason(client, editor, conflict):
    client.force_login(editor)
    url = reverse("goals:conflict_withdraw", args=[conflict.pk])
    html = html_of(client.post(url, {"reason": ""}))
    assert 'id="id_reason_error"' in html
    assert client.post(url, {"reason": "Löst i dialog."}).status_code == 302
    conflict.refresh_from_db()
    assert conflict.is_withdrawn and conflict.withdrawn_by == editor
    html = html_of(client.get(conflict.get_absolute_url()))
    assert "This conflict has been withdrawn" in html and "Löst i dialog." in html


@pytest.mark.parametrize("who", ["company_editor", "chief", "reader"])
def test_only_the_raising_side_withdraws(request, client, conflict, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("goals:conflict_withdraw", args=[conflict.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Nej"}).status_code == 403
    conflict.refresh_from_db()
    assert not conflict.is_withdrawn


def test_a_self_declared_counteraction_stays_on_the_counteraction_page(
    client, reader, world, group
):
    f.ContributionFactory(
        activity=world.company_activity,
        goal=world.admin_goal,
        effect=Contribution.Effect.COUNTERACTS,
        reason="Mer bil",
    )
    f.ContributionFactory(
        activity=f.ActivityFactory(owner_unit=group.administration), goal=world.admin_goal
    )
    client.force_login(reader)
    assert "Garage under varje hus" in html_of(client.get(reverse("goals:counteraction_list")))
    assert "Garage under varje hus" in html_of(client.get(reverse("goals:conflict_list")))
