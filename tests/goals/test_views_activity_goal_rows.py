"""The activity form's goal rows: one to start with, more on request ("Add a goal"), with and
without htmx, and nothing typed lost on the way."""

from __future__ import annotations

import pytest
from django.urls import reverse

from goals.models import Activity, Contribution
from tests import factories as f
from tests.goals.test_views_activity_edit import CREATE_URL, HTMX, form_data

pytestmark = pytest.mark.django_db

REQUIRED = '<span class="required">(required)</span>'


def goals_section(html: str) -> str:
    """The form's "Goals" fieldset, up to the save button."""
    start = html.index("<legend>Goals</legend>")
    return html[start : html.index('<div class="actions">', start)]


@pytest.fixture
def activity(group):
    return f.ActivityFactory(owner_unit=group.administration, title="Simskola för alla")


def test_a_new_activity_starts_with_one_goal_row_not_marked_required(client, editor):
    client.force_login(editor)
    response = client.get(CREATE_URL)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 1
    section = goals_section(response.content.decode())
    assert section.count("<legend>Goal link") == 1
    # An activity may be saved without a goal (it is then listed as one), so no row is marked.
    assert REQUIRED not in section
    assert "listed among the activities without a goal" in section
    assert 'name="contributions-TOTAL_FORMS" value="1"' in section
    assert '<button type="submit" name="add_goal" value="1"' in section


def test_an_existing_activity_shows_its_own_rows_none_marked_required(client, editor, activity):
    for _ in range(3):
        f.ContributionFactory(activity=activity)
    client.force_login(editor)
    response = client.get(reverse("goals:activity_edit", args=[activity.pk]))
    section = goals_section(response.content.decode())
    assert len(response.context["formset"].forms) == 3
    assert section.count("<legend>Goal link") == 3
    assert REQUIRED not in section


def test_an_existing_activity_without_goals_gets_one_empty_row(client, editor, activity):
    client.force_login(editor)
    response = client.get(reverse("goals:activity_edit", args=[activity.pk]))
    assert len(response.context["formset"].forms) == 1


def test_add_a_goal_keeps_what_was_typed_and_saves_nothing(client, editor, group):
    goal = f.GoalFactory(title="Fler simkunniga barn")
    client.force_login(editor)
    data = form_data(
        unit=group.administration,
        title="Simskola <b>för</b> alla",
        contributions=[{"goal": goal.pk, "effect": "counteracts", "reason": "Tar bassängtid"}],
        extra_rows=0,
        add_goal="1",
    )
    response = client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert not Activity.objects.exists()
    formset = response.context["formset"]
    assert len(formset.forms) == 2
    html = response.content.decode()
    section = goals_section(html)
    # Not a refused save: no error summary and no error on the new, empty row.
    assert 'id="error-summary"' not in html
    assert "errorlist" not in html
    assert 'name="contributions-TOTAL_FORMS" value="2"' in section
    # What was typed is back, escaped, and the first row keeps its goal, effect and reason.
    assert 'value="Simskola &lt;b&gt;för&lt;/b&gt; alla"' in html
    assert f'<option value="{goal.pk}" selected>' in section
    assert 'value="counteracts" id="id_contributions-0-effect_1" checked' in section
    assert 'value="Tar bassängtid"' in section
    # The new row supports by default, is not marked required, and takes the focus.
    assert 'value="supports" id="id_contributions-1-effect_0" checked' in section
    assert REQUIRED not in section
    assert 'name="contributions-1-goal" autofocus' in section


def test_with_htmx_add_a_goal_answers_with_the_form_only(client, editor, group):
    client.force_login(editor)
    data = form_data(unit=group.administration, extra_rows=1, add_goal="1")
    response = client.post(CREATE_URL, data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="activity-form"')
    assert "<html" not in html
    assert len(response.context["formset"].forms) == 2
    assert not Activity.objects.exists()


def test_add_a_goal_while_editing_changes_nothing(client, editor, activity):
    f.ContributionFactory(activity=activity)
    version = activity.version
    client.force_login(editor)
    url = reverse("goals:activity_edit", args=[activity.pk])
    response = client.post(url, form_data(activity, extra_rows=0, title="Nytt namn", add_goal="1"))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert 'value="Nytt namn"' in response.content.decode()
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Simskola för alla", version)


def test_a_new_activity_is_saved_with_two_goal_rows(client, editor, group):
    first, second = f.GoalFactory(), f.GoalFactory()
    client.force_login(editor)
    data = form_data(
        unit=group.administration,
        contributions=[
            {"goal": first.pk},
            {"goal": second.pk, "effect": "counteracts", "reason": "Mer trafik"},
        ],
        extra_rows=0,
    )
    response = client.post(CREATE_URL, data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert sorted(activity.contributions.values_list("goal_id", "effect", "reason")) == sorted(
        [
            (first.pk, Contribution.Effect.SUPPORTS, ""),
            (second.pk, Contribution.Effect.COUNTERACTS, "Mer trafik"),
        ]
    )


def test_enter_in_a_field_saves_rather_than_adds_a_goal(client, editor):
    """The form's first submit button is the one a browser uses for Enter in a text field."""
    client.force_login(editor)
    html = client.get(CREATE_URL).content.decode()
    form = html[html.index('<form id="activity-form"') :]
    first_button = form[form.index("<button") : form.index("</button>")]
    assert 'type="submit"' in first_button
    assert "add_goal" not in first_button


WITHOUT_GOAL = "The activity has no goal. It is listed among the activities without a goal"


def test_saving_without_a_goal_saves_and_says_where_the_activity_is_listed(client, editor, group):
    client.force_login(editor)
    data = form_data(unit=group.administration, title="Simskola utan mål", extra_rows=1)
    response = client.post(CREATE_URL, data, follow=True)

    activity = Activity.objects.get(title="Simskola utan mål")
    assert not activity.contributions.exists()
    assert WITHOUT_GOAL in response.content.decode()
    gap_list = client.get(reverse("goals:gap_list"), {"typ": "aktivitet-utan-mal"})
    assert "Simskola utan mål" in gap_list.content.decode()


def test_saving_with_a_goal_says_nothing_about_a_missing_one(client, editor, group):
    goal = f.GoalFactory(title="Fler simkunniga barn")
    client.force_login(editor)
    data = form_data(
        unit=group.administration,
        title="Simskola med mål",
        contributions=[{"goal": goal.pk, "effect": "supports", "reason": ""}],
    )
    response = client.post(CREATE_URL, data, follow=True)

    assert Activity.objects.get(title="Simskola med mål").contributions.count() == 1
    assert "The activity was created." in response.content.decode()
    assert WITHOUT_GOAL not in response.content.decode()


def test_unlinking_the_last_goal_says_where_the_activity_is_listed(client, editor, activity):
    f.ContributionFactory(activity=activity)
    client.force_login(editor)
    data = form_data(activity, extra_rows=0)
    data["contributions-0-DELETE"] = "on"
    response = client.post(reverse("goals:activity_edit", args=[activity.pk]), data, follow=True)

    assert not activity.contributions.exists()
    assert WITHOUT_GOAL in response.content.decode()


def test_a_row_filled_in_without_its_goal_asks_for_the_goal_or_an_empty_row(client, editor, group):
    client.force_login(editor)
    data = form_data(
        unit=group.administration,
        title="Halv rad",
        contributions=[{"goal": "", "effect": "counteracts", "reason": "Tar bassängtid"}],
        extra_rows=0,
    )
    response = client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert not Activity.objects.filter(title="Halv rad").exists()
    errors = response.context["formset"].forms[0].errors["goal"]
    assert errors == [
        "Choose the goal this row is about, or empty the row: the activity may also be saved "
        "without a goal."
    ]
    assert "Tar bassängtid" in response.content.decode()
