"""What each role may and may not do with activities, tried through the views.

Every refused write re-reads the row to prove nothing changed.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from goals.models import Activity
from tests import factories as f
from tests.goals.test_views_activity_edit import form_data, snapshot

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("goals:activity_create")
VALIDATE_URL = reverse("goals:activity_validate")


@pytest.fixture
def activities(group) -> dict[str, Activity]:
    return {
        "administration": f.ActivityFactory(owner_unit=group.administration),
        "department": f.ActivityFactory(owner_unit=group.department),
        "company": f.ActivityFactory(owner_unit=group.company),
        "company_recruitment": f.ActivityFactory(
            owner_unit=group.company, process=group.recruitment_process
        ),
    }


def _edit(activity: Activity) -> str:
    return reverse("goals:activity_edit", args=[activity.pk])


def _withdraw(activity: Activity) -> str:
    return reverse("goals:activity_withdraw", args=[activity.pk])


def assert_may_read_but_not_write(client: Client, activity: Activity) -> None:
    before = snapshot(activity)
    page = client.get(activity.get_absolute_url())
    assert page.status_code == 200
    assert _edit(activity) not in page.content.decode()
    assert client.get(_edit(activity)).status_code == 403
    assert client.post(_edit(activity), form_data(activity, title="Kapad")).status_code == 403
    assert client.get(_withdraw(activity)).status_code == 403
    assert client.post(_withdraw(activity), {"reason": "Kapad"}).status_code == 403
    validate = client.post(VALIDATE_URL, {**form_data(activity), "_field": "title"})
    assert validate.status_code == 403
    assert snapshot(activity) == before


def assert_may_edit(client: Client, activity: Activity, **changes) -> None:
    page = client.get(activity.get_absolute_url())
    assert _edit(activity) in page.content.decode()
    assert client.get(_edit(activity)).status_code == 200
    response = client.post(_edit(activity), form_data(activity, title="Ändrad", **changes))
    assert response.status_code == 302, response.context["form"].errors
    assert Activity.objects.get(pk=activity.pk).title == "Ändrad"


def assert_may_not_create(client: Client, unit) -> None:
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, form_data(unit=unit)).status_code == 403
    validate = client.post(VALIDATE_URL, {**form_data(unit=unit), "_field": "title"})
    assert validate.status_code == 403
    assert not Activity.objects.filter(title="Läxhjälp i alla skolor").exists()


def test_the_chief_executive_reads_everything_and_changes_nothing(client, chief, activities, group):
    client.force_login(chief)
    for activity in activities.values():
        assert_may_read_but_not_write(client, activity)
    assert_may_not_create(client, group.administration)


def test_a_reader_reads_everything_and_changes_nothing(client, reader, activities, group):
    client.force_login(reader)
    for activity in activities.values():
        assert_may_read_but_not_write(client, activity)
    assert_may_not_create(client, group.administration)


def test_a_recruiter_reads_activities_and_changes_none(client, recruiter, activities, group):
    client.force_login(recruiter)
    for activity in activities.values():
        assert_may_read_but_not_write(client, activity)
    assert_may_not_create(client, group.company)


def test_a_unit_editor_changes_their_unit_and_its_departments_only(
    client, editor, activities, group
):
    client.force_login(editor)
    assert_may_edit(client, activities["administration"])
    assert_may_edit(client, activities["department"])
    assert_may_read_but_not_write(client, activities["company"])
    assert_may_read_but_not_write(client, activities["company_recruitment"])

    # Creating: in their own units, yes; in another's, a message on the unit field.
    assert client.post(CREATE_URL, form_data(unit=group.department)).status_code == 302
    response = client.post(CREATE_URL, form_data(unit=group.company, title="Utanför"))
    assert response.status_code == 200
    assert response.context["form"].errors["owner_unit"]
    assert not Activity.objects.filter(title="Utanför").exists()

    # Moving one of theirs to a unit they do not edit is refused the same way.
    activity = activities["administration"]
    before = snapshot(activity)
    response = client.post(_edit(activity), form_data(activity, owner_unit=group.company.pk))
    assert response.context["form"].errors["owner_unit"]
    assert snapshot(activity) == before


def test_a_company_editor_changes_the_company_only(client, company_editor, activities, group):
    client.force_login(company_editor)
    assert_may_edit(client, activities["company"])
    assert_may_edit(client, activities["company_recruitment"])
    assert_may_read_but_not_write(client, activities["administration"])
    assert_may_read_but_not_write(client, activities["department"])
    response = client.post(_withdraw(activities["company"]), {"reason": "Klart."})
    assert response.status_code == 302
    assert Activity.objects.get(pk=activities["company"].pk).is_withdrawn


def test_a_process_owner_changes_their_process_across_units(
    client, process_owner, activities, group
):
    client.force_login(process_owner)
    assert_may_edit(client, activities["company_recruitment"])
    assert_may_read_but_not_write(client, activities["company"])
    assert_may_read_but_not_write(client, activities["administration"])

    # Any unit is offered, but only their own processes.
    form = client.get(CREATE_URL).context["form"]
    assert group.company in form.fields["owner_unit"].queryset
    other = f.ProcessFactory(name="Ekonomistyrning")
    assert other not in form.fields["process"].queryset

    # Creating in any unit works with their process; without it, the process field says why.
    process = group.recruitment_process.pk
    created = client.post(
        CREATE_URL, form_data(unit=group.company, title="Rekryteringsdag", process=process)
    )
    assert created.status_code == 302
    refused = client.post(CREATE_URL, form_data(unit=group.company, title="Utan process"))
    assert refused.status_code == 200
    assert refused.context["form"].errors["process"]
    assert not Activity.objects.filter(title="Utan process").exists()

    # Moving an activity out of their process area is refused, not a 500.
    activity = activities["company_recruitment"]
    before = snapshot(activity)
    response = client.post(_edit(activity), form_data(activity, process=other.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["process"]
    assert snapshot(activity) == before


def test_an_administrator_changes_everything(client, administrator, activities, group):
    client.force_login(administrator)
    assert_may_edit(client, activities["administration"], owner_unit=group.company.pk)
    assert Activity.objects.get(pk=activities["administration"].pk).owner_unit == group.company
    assert_may_edit(client, activities["company"])
    response = client.post(_withdraw(activities["department"]), {"reason": "Dubblett."})
    assert response.status_code == 302
    assert client.get(CREATE_URL).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(client, activities, group):
    activity = activities["administration"]
    before = snapshot(activity)
    urls = [
        ("get", activity.get_absolute_url()),
        ("get", _edit(activity)),
        ("post", _edit(activity)),
        ("get", _withdraw(activity)),
        ("post", _withdraw(activity)),
        ("get", CREATE_URL),
        ("post", CREATE_URL),
        ("post", VALIDATE_URL),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, form_data(activity) if method == "post" else {})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    assert snapshot(activity) == before
    assert Activity.objects.count() == len(activities)


def test_unknown_activities_are_404_and_wrong_methods_405(client, editor, activities):
    client.force_login(editor)
    assert client.get(reverse("goals:activity_edit", args=[999_999])).status_code == 404
    assert client.post(reverse("goals:activity_withdraw", args=[999_999])).status_code == 404
    validate = client.post(VALIDATE_URL, {"_activity": "999999", "_field": "title"})
    assert validate.status_code == 404
    activity = activities["administration"]
    assert client.put(_edit(activity)).status_code == 405
    assert client.delete(_withdraw(activity)).status_code == 405
    assert client.delete(activity.get_absolute_url()).status_code == 405
    assert client.patch(CREATE_URL).status_code == 405
