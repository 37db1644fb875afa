"""The process owner's cockpit: every activity of the owner's processes in every unit, the open
overlaps among them first, editing, moving to another process and commenting, and who may do
which."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from goals.models import Activity, OverlapSuggestion
from processes import services
from processes.models import ActivityComment
from tests import factories as f

HTMX = {"HX-Request": "true"}


def make_pair(a: Activity, b: Activity, score: float = 0.8) -> OverlapSuggestion:
    first, second = sorted([a, b], key=lambda activity: activity.pk)
    return OverlapSuggestion.objects.create(
        activity_a=first, activity_b=second, score=score, text_score=score
    )


@pytest.fixture
def hr_activities(group, finance):
    """Recruitment activities in the administration, its department and the company; one
    finance activity; one without process."""
    return {
        "admin": f.ActivityFactory(
            title="Rekryteringsmässa för lärare",
            owner_unit=group.administration,
            process=group.recruitment_process,
        ),
        "department": f.ActivityFactory(
            title="Rekrytering av elevassistenter",
            owner_unit=group.department,
            process=group.recruitment_process,
        ),
        "company": f.ActivityFactory(
            title="Rekryteringsmässa för fastighetsskötare",
            owner_unit=group.company,
            process=group.recruitment_process,
        ),
        "finance": f.ActivityFactory(
            title="Gemensam internbank", owner_unit=group.company, process=finance
        ),
        "none": f.ActivityFactory(title="Städdag", owner_unit=group.company),
    }


@pytest.fixture
def succession(group):
    return f.ProcessFactory(area=group.hr_area, name="Successionsplanering", slug="succession")


def test_the_cockpit_lists_every_activity_of_the_owners_processes_in_every_unit(
    client, process_owner, hr_activities
):
    client.force_login(process_owner)
    response = client.get(reverse("processes:cockpit"))
    assert response.status_code == 200
    titles = [a.title for a in response.context["cockpit"].activities.object_list]
    assert sorted(titles) == sorted(
        hr_activities[k].title for k in ("admin", "department", "company")
    )


def test_the_open_overlaps_among_them_come_first(client, process_owner, hr_activities):
    client.force_login(process_owner)
    inside = make_pair(hr_activities["admin"], hr_activities["company"], 0.9)
    # A pair with an activity of another area is not among the owner's activities.
    make_pair(hr_activities["admin"], hr_activities["finance"], 0.95)
    decided = make_pair(hr_activities["department"], hr_activities["company"], 0.7)
    decided.decision = OverlapSuggestion.Decision.NOT_ALIKE
    decided.save()
    response = client.get(reverse("processes:cockpit"))
    assert response.context["cockpit"].overlaps == [inside]
    html = response.content.decode()
    assert html.index("Compare and decide") < html.index('id="cockpit-activities"')


def test_the_cockpit_narrows_to_a_process_and_a_unit(client, process_owner, hr_activities, group):
    client.force_login(process_owner)
    url = reverse("processes:cockpit") + f"?process=rekrytering&enhet={group.company.slug}"
    titles = [a.title for a in client.get(url).context["cockpit"].activities.object_list]
    assert titles == [hr_activities["company"].title]
    # An unknown value is ignored, not an error.
    assert client.get(reverse("processes:cockpit") + "?enhet=finns-inte").status_code == 200


def test_the_owner_may_edit_those_activities_and_only_those_outside_its_unit(
    client, process_owner, hr_activities
):
    client.force_login(process_owner)
    edit = reverse("goals:activity_edit", args=[hr_activities["company"].pk])
    assert client.get(edit).status_code == 200
    html = client.get(reverse("processes:cockpit")).content.decode()
    assert edit in html
    for key in ("finance", "none"):
        assert (
            client.get(reverse("goals:activity_edit", args=[hr_activities[key].pk])).status_code
            == 403
        )


def test_the_owner_moves_an_activity_to_another_of_its_processes(
    client, process_owner, hr_activities, succession
):
    client.force_login(process_owner)
    activity = hr_activities["company"]
    response = client.post(
        reverse("processes:activity_reassign", args=[activity.pk]),
        {"process": succession.pk, "version": activity.version},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Moved to Successionsplanering." in response.content.decode()
    activity.refresh_from_db()
    assert activity.process == succession and activity.version == 2


def test_moving_to_another_areas_process_is_refused_and_changes_nothing(
    client, process_owner, hr_activities, finance
):
    client.force_login(process_owner)
    activity = hr_activities["company"]
    response = client.post(
        reverse("processes:activity_reassign", args=[activity.pk]),
        {"process": finance.pk, "version": activity.version},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert escape(str(services.NOT_YOUR_PROCESS)) in response.content.decode()
    activity.refresh_from_db()
    assert activity.process_id == hr_activities["admin"].process_id and activity.version == 1


def test_moving_from_an_old_version_is_refused(client, process_owner, hr_activities, succession):
    client.force_login(process_owner)
    activity = hr_activities["company"]
    response = client.post(
        reverse("processes:activity_reassign", args=[activity.pk]),
        {"process": succession.pk, "version": 0},
        headers=HTMX,
    )
    assert "Someone else changed this activity" in response.content.decode()
    activity.refresh_from_db()
    assert activity.process.slug == "rekrytering"


@pytest.mark.parametrize("who", ["reader", "editor", "company_editor", "finance_owner"])
def test_others_may_not_move_an_owners_activity(client, request, who, hr_activities, succession):
    client.force_login(request.getfixturevalue(who))
    activity = hr_activities["department"]
    response = client.post(
        reverse("processes:activity_reassign", args=[activity.pk]),
        {"process": succession.pk, "version": activity.version},
        headers=HTMX,
    )
    # The editor of the administration may write the activity, so the form comes back with the
    # refusal beside the process field (it owns no process to move to); the others may not.
    assert response.status_code == (200 if who == "editor" else 403)
    activity.refresh_from_db()
    assert activity.process.slug == "rekrytering" and activity.version == 1


def test_the_owners_comment_is_shown_to_the_unit_on_the_activitys_page(
    client, process_owner, company_editor, hr_activities
):
    client.force_login(process_owner)
    activity = hr_activities["company"]
    response = client.post(
        reverse("processes:activity_comment", args=[activity.pk]),
        {"text": "Samordna med <Utbildning>s mässa i mars."},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "the unit sees it" in response.content.decode()
    client.force_login(company_editor)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Comments from the process owner" in page
    assert "Samordna med &lt;Utbildning&gt;s mässa i mars." in page
    assert "processagare" in page


def test_an_empty_comment_is_refused_with_a_message(client, process_owner, hr_activities):
    client.force_login(process_owner)
    activity = hr_activities["company"]
    response = client.post(
        reverse("processes:activity_comment", args=[activity.pk]), {"text": "  "}, headers=HTMX
    )
    assert str(services.COMMENT_REQUIRED) in response.content.decode()
    assert not ActivityComment.objects.exists()


@pytest.mark.parametrize("who", ["reader", "company_editor", "finance_owner", "chief"])
def test_only_the_processes_owner_may_comment(client, request, who, hr_activities):
    client.force_login(request.getfixturevalue(who))
    url = reverse("processes:activity_comment", args=[hr_activities["company"].pk])
    assert client.post(url, {"text": "Hej"}, headers=HTMX).status_code == 403
    assert client.post(url, {"text": "Hej"}).status_code == 403
    assert not ActivityComment.objects.exists()


def test_a_reader_sees_the_cockpit_of_any_area_read_only(client, reader, hr_activities):
    client.force_login(reader)
    response = client.get(reverse("processes:cockpit") + "?omrade=hr")
    assert response.status_code == 200
    html = response.content.decode()
    assert hr_activities["company"].title in html
    assert "activity_reassign" not in html and 'name="text"' not in html
    assert reverse("goals:activity_edit", args=[hr_activities["company"].pk]) not in html


def test_the_cockpit_pages_with_htmx(client, process_owner, group):
    client.force_login(process_owner)
    for n in range(30):
        f.ActivityFactory(
            title=f"Aktivitet {n:02}", owner_unit=group.company, process=group.recruitment_process
        )
    response = client.get(
        reverse("processes:cockpit") + "?page=2",
        headers={**HTMX, "HX-Target": "cockpit-activities"},
    )
    html = response.content.decode()
    assert "<html" not in html and "Page 2 of 2" in html


def test_a_missing_activity_is_404(client, process_owner, succession):
    client.force_login(process_owner)
    url = reverse("processes:activity_reassign", args=[999999])
    assert client.post(url, {"process": succession.pk, "version": 1}).status_code == 404
    url = reverse("processes:activity_comment", args=[999999])
    assert client.post(url, {"text": "x"}, headers=HTMX).status_code == 404
    assert client.get(url).status_code == 405


def test_many_overlaps_are_counted_up_to_a_cap(client, process_owner, group):
    client.force_login(process_owner)
    activities = [
        f.ActivityFactory(
            owner_unit=[group.administration, group.company][n % 2],
            process=group.recruitment_process,
        )
        for n in range(15)
    ]
    for i, a in enumerate(activities):
        for b in activities[i + 1 :]:
            make_pair(a, b)  # 105 open pairs
    response = client.get(reverse("processes:cockpit"))
    assert len(response.context["cockpit"].overlaps) == 10
    assert "More than 100 open overlap suggestions among these activities" in (
        response.content.decode()
    )


def test_each_row_says_whether_the_user_may_edit_its_activity(
    client, process_owner, reader, hr_activities
):
    # The rows are plain values beside the page of activities; the activities themselves carry
    # nothing added for the template.
    for user, may_edit in ((process_owner, True), (reader, False)):
        client.force_login(user)
        cockpit = client.get(reverse("processes:cockpit") + "?omrade=hr").context["cockpit"]
        assert [row.activity for row in cockpit.rows] == list(cockpit.activities.object_list)
        assert {row.may_edit for row in cockpit.rows} == {may_edit}
        assert not any(hasattr(a, "may_edit") for a in cockpit.activities.object_list)
