"""Creating, editing, validating as you type, and withdrawing activities through the views."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from goals import services
from goals.models import Activity, Contribution
from tests import factories as f

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("goals:activity_create")
VALIDATE_URL = reverse("goals:activity_validate")
HTMX = {"HX-Request": "true"}


def form_data(
    activity: Activity | None = None,
    *,
    unit=None,
    contributions: list[dict[str, Any]] | None = None,
    extra_rows: int = 2,
    **overrides: Any,
) -> dict[str, Any]:
    """What the browser posts for the activity form: the activity's current values (or a new
    activity's), its goal-link rows, the management form and a few empty rows."""
    if activity is not None:
        data: dict[str, Any] = {
            "title": activity.title,
            "description": activity.description,
            "owner_unit": activity.owner_unit_id,
            "cooperating_units": list(activity.cooperating_units.values_list("pk", flat=True)),
            "responsible": activity.responsible,
            "status": activity.status,
            "start_date": activity.start_date.isoformat() if activity.start_date else "",
            "end_date": activity.end_date.isoformat() if activity.end_date else "",
            "budget_sek": "" if activity.budget_sek is None else str(activity.budget_sek),
            "process": activity.process_id or "",
            "version": activity.version,
            "_activity": activity.pk,
        }
        existing = [
            {"id": c.pk, "goal": c.goal_id, "effect": c.effect, "reason": c.reason}
            for c in activity.contributions.all()
        ]
    else:
        data = {
            "title": "Läxhjälp i alla skolor",
            "description": "Läxhjälp efter skoltid,\nvarje vecka.",
            "owner_unit": unit.pk if unit is not None else "",
            "cooperating_units": [],
            "responsible": "Anna Andersson",
            "status": Activity.Status.PLANNED,
            "start_date": "2026-01-15",
            "end_date": "2026-12-31",
            "budget_sek": "1250000",
            "process": "",
        }
        existing = []
    rows = contributions if contributions is not None else []
    prefix = "contributions"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": len(existing) + len(rows) + extra_rows,
            f"{prefix}-INITIAL_FORMS": len(existing),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    )
    for i, row in enumerate([*existing, *rows]):
        data[f"{prefix}-{i}-effect"] = Contribution.Effect.SUPPORTS
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
        if activity is not None and i < len(existing):
            data[f"{prefix}-{i}-activity"] = activity.pk
    for i in range(len(existing) + len(rows), len(existing) + len(rows) + extra_rows):
        data[f"{prefix}-{i}-effect"] = Contribution.Effect.SUPPORTS
    data.update(overrides)
    return data


def snapshot(activity: Activity) -> tuple:
    """Everything an edit could change, re-read from the database."""
    activity = Activity.objects.get(pk=activity.pk)
    return (
        activity.title,
        activity.owner_unit_id,
        activity.status,
        activity.version,
        activity.process_id,
        activity.withdrawn_at,
        sorted(activity.contributions.values_list("goal_id", "effect", "reason")),
        sorted(activity.cooperations.values_list("unit_id", flat=True)),
    )


@pytest.fixture
def activity(group):
    return f.ActivityFactory(owner_unit=group.administration, title="Simskola för alla")


# --- Create ------------------------------------------------------------------------------------


def test_the_new_activity_form_preselects_the_unit_from_the_query_string(client, editor, group):
    client.force_login(editor)
    response = client.get(CREATE_URL, {"enhet": group.department.slug})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{group.department.pk}" selected>' in html
    assert 'hx-post="/aktiviteter/validera/"' in html


def test_a_unit_the_editor_does_not_write_is_neither_offered_nor_preselected(client, editor, group):
    client.force_login(editor)
    response = client.get(CREATE_URL, {"enhet": group.company.slug})
    form = response.context["form"]
    assert group.company not in form.fields["owner_unit"].queryset
    assert form.initial.get("owner_unit") is None


def test_a_valid_new_activity_is_saved_and_the_browser_sent_to_its_page(client, editor, group):
    goal = f.GoalFactory()
    client.force_login(editor)
    response = client.post(
        CREATE_URL,
        form_data(unit=group.administration, contributions=[{"goal": goal.pk}]),
        follow=True,
    )
    activity = Activity.objects.get()
    assert response.redirect_chain == [(activity.get_absolute_url(), 302)]
    assert "The activity was created." in response.content.decode()
    assert activity.created_by == editor
    assert activity.budget_sek == 1_250_000
    assert list(activity.goals.all()) == [goal]


def test_with_htmx_a_valid_save_answers_with_a_client_redirect(client, editor, group):
    client.force_login(editor)
    response = client.post(CREATE_URL, form_data(unit=group.administration), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == Activity.objects.get().get_absolute_url()


def test_an_invalid_form_comes_back_filled_with_errors_and_nothing_saved(client, editor, group):
    goal = f.GoalFactory()
    client.force_login(editor)
    data = form_data(
        unit=group.administration,
        title="",
        description="Min <script>alert(1)</script>",
        start_date="2026-06-01",
        end_date="2026-05-01",
        budget_sek="-5",
        contributions=[
            {"goal": goal.pk, "effect": "counteracts", "reason": ""},
            {"goal": goal.pk},
        ],
    )
    response = client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert not Activity.objects.exists()
    form, formset = response.context["form"], response.context["formset"]
    assert form.errors["title"]
    assert form.errors["end_date"] == [str(services.END_BEFORE_START)]
    assert form.errors["budget_sek"]
    assert formset.forms[0].errors["reason"] == [str(services.COUNTERACTION_NEEDS_REASON)]
    assert formset.forms[1].errors["goal"] == [str(services.DUPLICATE_GOAL)]
    html = response.content.decode()
    # The summary links to the fields; the fields carry their messages; what was typed stays.
    assert 'id="error-summary"' in html
    assert 'href="#id_end_date"' in html
    assert '<ul class="errorlist" id="id_end_date_error">' in html
    assert "Min &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert 'value="2026-06-01"' in html


def test_with_htmx_an_invalid_form_returns_only_the_form(client, editor, group):
    client.force_login(editor)
    response = client.post(CREATE_URL, form_data(unit=group.administration, title=""), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="activity-form"')
    assert "<html" not in html
    assert not Activity.objects.exists()


def test_naming_a_co_operating_unit_mails_its_editors(
    client, editor, company_editor, group, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CREATE_URL,
            form_data(unit=group.administration, cooperating_units=[group.company.pk]),
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[company_editor.email]]


# --- Edit --------------------------------------------------------------------------------------


def test_the_edit_form_carries_the_version(client, editor, activity):
    client.force_login(editor)
    response = client.get(reverse("goals:activity_edit", args=[activity.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input type="hidden" name="version" value="1"' in html
    assert f'name="_activity" value="{activity.pk}"' in html


def test_a_valid_edit_is_saved_and_raises_the_version(client, editor, activity):
    goal = f.GoalFactory()
    f.ContributionFactory(activity=activity, goal=goal)
    client.force_login(editor)
    data = form_data(activity, status="done", title="Simskola för alla barn")
    data["contributions-0-DELETE"] = "on"
    response = client.post(reverse("goals:activity_edit", args=[activity.pk]), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.status, activity.version) == (
        "Simskola för alla barn",
        "done",
        2,
    )
    assert not activity.contributions.exists()


def test_an_edit_from_an_old_version_is_refused_and_changes_nothing(client, editor, activity):
    client.force_login(editor)
    stale = form_data(activity, title="Mitt namn")
    Activity.objects.filter(pk=activity.pk).update(version=2, title="Kollegans namn")
    before = snapshot(activity)

    response = client.post(reverse("goals:activity_edit", args=[activity.pk]), stale)

    assert response.status_code == 200
    assert snapshot(activity) == before
    assert response.context["form"].non_field_errors() == [str(services.STALE_VERSION)]
    html = response.content.decode()
    assert "Someone else changed this activity while you were editing" in html
    assert 'value="Mitt namn"' in html  # nothing typed is lost


def test_a_unit_editor_cannot_move_an_activity_to_a_unit_they_do_not_edit(
    client, editor, activity, group
):
    client.force_login(editor)
    before = snapshot(activity)
    response = client.post(
        reverse("goals:activity_edit", args=[activity.pk]),
        form_data(activity, owner_unit=group.company.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"]
    assert snapshot(activity) == before


def test_a_process_owner_cannot_choose_a_process_outside_their_area(client, process_owner, group):
    activity = f.ActivityFactory(owner_unit=group.company, process=group.recruitment_process)
    other = f.ProcessFactory(name="Intern kommunikation")
    client.force_login(process_owner)
    before = snapshot(activity)
    response = client.post(
        reverse("goals:activity_edit", args=[activity.pk]), form_data(activity, process=other.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["process"]
    assert snapshot(activity) == before


def test_a_withdrawn_activity_cannot_be_edited(client, editor, activity):
    services.activity_withdraw(user=editor, activity=activity, reason="Ersatt.")
    client.force_login(editor)
    url = reverse("goals:activity_edit", args=[activity.pk])
    before = snapshot(activity)
    response = client.post(url, form_data(activity, title="Nytt"), follow=True)
    assert response.redirect_chain == [(activity.get_absolute_url(), 302)]
    assert str(services.ACTIVITY_WITHDRAWN) in response.content.decode()
    assert snapshot(activity) == before


# --- Validation as you type --------------------------------------------------------------------


def test_validate_answers_with_the_one_fields_error_list_only(client, editor, group):
    client.force_login(editor)
    data = form_data(unit=group.administration, start_date="2026-06-01", end_date="2026-05-01")
    response = client.post(VALIDATE_URL, {**data, "_field": "end_date"}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode().strip()
    # Only the error list: the input (and what the person typed since) is never swapped.
    assert html.startswith('<ul class="errorlist" id="id_end_date_error">')
    assert str(services.END_BEFORE_START) in html
    assert "<input" not in html
    assert not Activity.objects.exists()


def test_the_full_form_ties_each_error_to_its_field(client, editor, group):
    client.force_login(editor)
    data = form_data(unit=group.administration, start_date="2026-06-01", end_date="2026-05-01")
    html = client.post(CREATE_URL, data).content.decode()
    assert 'aria-invalid="true" aria-describedby="id_end_date_error"' in html
    assert '<div class="field-errors" id="errors-end_date" aria-live="polite">' in html
    assert '<ul class="errorlist" id="id_end_date_error">' in html


def test_validate_checks_goal_rows_too(client, editor, group):
    goal = f.GoalFactory()
    client.force_login(editor)
    data = form_data(
        unit=group.administration,
        contributions=[{"goal": goal.pk, "effect": "counteracts", "reason": ""}],
    )
    response = client.post(VALIDATE_URL, {**data, "_field": "contributions-0-reason"})
    html = response.content.decode()
    assert 'id="id_contributions-0-reason_error"' in html
    assert str(services.COUNTERACTION_NEEDS_REASON) in html


def test_validate_of_a_valid_field_shows_no_error_and_never_saves(client, editor, activity):
    client.force_login(editor)
    before = snapshot(activity)
    response = client.post(VALIDATE_URL, {**form_data(activity, title="Nytt"), "_field": "title"})
    assert response.status_code == 200
    assert response.content.decode().strip() == ""
    assert snapshot(activity) == before


def test_validate_refuses_an_unknown_field_and_a_get(client, editor, group):
    client.force_login(editor)
    data = form_data(unit=group.administration)
    assert client.post(VALIDATE_URL, {**data, "_field": "nope"}).status_code == 400
    assert client.get(VALIDATE_URL).status_code == 405


def test_validate_refuses_someone_elses_activity(client, company_editor, activity):
    client.force_login(company_editor)
    response = client.post(VALIDATE_URL, {**form_data(activity), "_field": "title"})
    assert response.status_code == 403


# --- Withdraw ----------------------------------------------------------------------------------


def test_withdraw_asks_for_a_reason_first(client, editor, activity):
    client.force_login(editor)
    url = reverse("goals:activity_withdraw", args=[activity.pk])
    assert 'name="reason"' in client.get(url).content.decode()

    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [str(services.WITHDRAW_REASON_REQUIRED)]
    assert not Activity.objects.get(pk=activity.pk).is_withdrawn


def test_withdraw_marks_the_activity_and_keeps_it(client, editor, activity):
    client.force_login(editor)
    url = reverse("goals:activity_withdraw", args=[activity.pk])
    response = client.post(url, {"reason": "Ersatt av <b>ny</b> satsning."}, follow=True)
    assert response.redirect_chain == [(activity.get_absolute_url(), 302)]
    activity.refresh_from_db()
    assert activity.is_withdrawn
    assert activity.withdrawn_by == editor
    html = response.content.decode()
    assert "Ersatt av &lt;b&gt;ny&lt;/b&gt; satsning." in html
    assert "badge--withdrawn" in html


def test_withdrawing_twice_says_so(client, editor, activity):
    services.activity_withdraw(user=editor, activity=activity, reason="Ersatt.")
    client.force_login(editor)
    url = reverse("goals:activity_withdraw", args=[activity.pk])
    response = client.post(url, {"reason": "Igen"}, follow=True)
    assert str(services.ALREADY_WITHDRAWN) in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).withdrawn_reason == "Ersatt."


def test_with_htmx_a_withdrawal_answers_with_a_client_redirect(client, editor, activity):
    client.force_login(editor)
    url = reverse("goals:activity_withdraw", args=[activity.pk])
    response = client.post(url, {"reason": "Klar tidigare."}, headers=HTMX)
    assert response["HX-Redirect"] == activity.get_absolute_url()


@pytest.mark.parametrize("links", [1, 8])
def test_the_edit_form_query_count_does_not_grow_with_goal_links(
    client, editor, activity, links, django_assert_num_queries
):
    for _ in range(links):
        f.ContributionFactory(activity=activity)
    client.force_login(editor)
    # 1 session, 2 user, 3 the activity, 4 the user's roles, 5 the unit tree (may they edit),
    # 6 the form's own copy of the activity, 7 its co-operating units, 8 the goals to choose
    # from, 9 goal links with their goals, 10-12 the options of owner unit, process and
    # co-operating units. (The unit tree is read once: the user keeps what they may edit.)
    with django_assert_num_queries(12):
        response = client.get(reverse("goals:activity_edit", args=[activity.pk]))
    # Its own rows and no empty one: "Add a goal" asks for more.
    assert len(response.context["formset"].forms) == links
