"""The applicant's rights, through real requests: the ad's recruiter and administrators export
everything held on one applicant as one ZIP (GDPR art. 15) and erase one applicant at their
request (art. 17) with the retention job's anonymisation. The hiring manager gets 403, everyone
else 404, and a refused request changes nothing."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from pghistory.models import Events

from recruitment import services
from recruitment.models import Application, ApplicationView, Assessment, JobAd, Note
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(recruitment) -> Application:
    application = f.ApplicationFactory(
        ad=recruitment.ad,
        name="Karin Ek",
        email="Karin.Ek@example.se",
        email_key="karin.ek@example.se",
        phone="070-123 45 67",
        assessments={"Successionsplanering": 4, "Arbetsrätt och förhandling": 2},
    )
    Note.objects.create(
        application=application, author=recruitment.recruiter, text="Stark på arbetsrätt."
    )
    Assessment.objects.filter(application=application).update(score=3)
    return application


def export_url(application) -> str:
    return reverse("recruitment:application_export", args=[application.pk])


def erase_url(application) -> str:
    return reverse("recruitment:application_erase", args=[application.pk])


def snapshot(application) -> tuple:
    row = Application.objects.values_list(
        "name", "email", "phone", "letter", "cv", "anonymised_at", "anonymisation_reason"
    ).get(pk=application.pk)
    return row, Note.objects.filter(application=application).count()


def unzip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


# --- Export (art. 15) ---------------------------------------------------------------------------


def test_the_recruiter_downloads_everything_held_on_the_applicant(client, recruitment, application):
    client.force_login(recruitment.hiring_manager)
    client.get(application.get_absolute_url())  # a view by someone else, to be in the log
    client.force_login(recruitment.recruiter)
    response = client.get(export_url(application))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="ansokan-{application.pk}.zip"'
    assert "no-store" in response["Cache-Control"]
    archive = unzip(response)
    assert sorted(archive.namelist()) == sorted(
        ["data.json", "sammanfattning.html", f"cv-{application.pk}.pdf"]
    )
    assert archive.read(f"cv-{application.pk}.pdf") == Path(application.cv.path).read_bytes()

    data = json.loads(archive.read("data.json"))
    assert data["application"]["name"] == "Karin Ek"
    assert data["application"]["email"] == "Karin.Ek@example.se"
    assert data["application"]["phone"] == "070-123 45 67"
    assert data["application"]["letter"] == "Jag vill gärna arbeta hos er."
    assert data["application"]["cv_in_export"] == f"cv-{application.pk}.pdf"
    assert data["ad"]["title"] == recruitment.ad.title
    assert {(a["competence"], a["self_assessment"], a["score"]) for a in data["assessments"]} == {
        ("Successionsplanering", 4, 3),
        ("Arbetsrätt och förhandling", 2, 3),
    }
    assert [n["text"] for n in data["notes"]] == ["Stark på arbetsrätt."]
    # The view log, the export itself first (newest first).
    assert [v["what"] for v in data["view_log"]] == ["export", "application"]

    summary = archive.read("sammanfattning.html").decode()
    assert "Dina uppgifter i vår rekrytering" in summary
    assert "Karin Ek" in summary and "Stark på arbetsrätt." in summary


def test_the_export_is_logged_and_listed_on_the_application(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    client.get(export_url(application))
    view = ApplicationView.objects.get()
    assert (view.viewer, view.what) == (recruitment.recruiter, ApplicationView.What.EXPORT)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Export of the applicant&#x27;s data" in page


def test_an_administrator_exports_too(client, administrator, application):
    client.force_login(administrator)
    response = client.get(export_url(application))
    assert response.status_code == 200
    assert "data.json" in unzip(response).namelist()


def test_the_hiring_manager_gets_403_and_others_404_and_nothing_is_logged(
    client, recruitment, application, process_owner, reader, other_recruiter
):
    client.force_login(recruitment.hiring_manager)
    assert client.get(export_url(application)).status_code == 403
    # The hiring manager sees the application but is not offered the button.
    page = client.get(application.get_absolute_url()).content.decode()
    assert export_url(application) not in page
    for user in (process_owner, reader, other_recruiter):
        client.force_login(user)
        assert client.get(export_url(application)).status_code == 404
    assert not ApplicationView.objects.exclude(what=ApplicationView.What.APPLICATION).exists()


def test_the_export_is_a_get(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    assert client.post(export_url(application)).status_code == 405


@pytest.mark.parametrize("views", [2, 20])
def test_the_export_runs_the_same_queries_whatever_the_view_log(
    client, recruitment, application, django_assert_num_queries, views
):
    ApplicationView.objects.bulk_create(
        ApplicationView(application=application, viewer=recruitment.hiring_manager, what="cv")
        for _ in range(views)
    )
    client.force_login(recruitment.recruiter)
    client.get(export_url(application))  # warm up
    # session, user, role assignments (3); the application with its ad, position, unit and
    # people (1); the export logged (1); assessments, notes, the view log (3)
    with django_assert_num_queries(3 + 1 + 1 + 3):
        response = client.get(export_url(application))
    assert len(json.loads(unzip(response).read("data.json"))["view_log"]) == views + 2


# --- Erasure on request (art. 17) ---------------------------------------------------------------


def test_the_recruiter_erases_the_applicant_with_a_reason(
    client, recruitment, application, django_capture_on_commit_callbacks
):
    cv = Path(application.cv.path)
    client.force_login(recruitment.recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(erase_url(application), {"reason": "Begäran per e-post 3 december."})
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()

    application.refresh_from_db()
    assert application.is_anonymised
    assert (application.name, application.email, application.phone, application.letter) == (
        "",
        "",
        "",
        "",
    )
    assert not application.cv and not cv.exists()
    assert not Note.objects.filter(application=application).exists()
    assert application.anonymised_by == recruitment.recruiter
    assert application.anonymisation_reason == "Begäran per e-post 3 december."
    # The decision stays: stage and scores.
    assert set(application.assessments.values_list("score", flat=True)) == {3}

    page = client.get(application.get_absolute_url()).content.decode()
    assert "erased" in page and "on request, by" in page
    assert "Begäran per e-post 3 december." in page
    assert "Karin Ek" not in page
    # The history says who erased it, and holds no personal data.
    events = Events.objects.filter(pgh_obj_model="recruitment.Application")
    erased = events.filter(pgh_data__anonymised_by_id=recruitment.recruiter.pk).get()
    assert erased.pgh_data["anonymised_at"] is not None
    assert all("Karin" not in str(e.pgh_data) for e in events)


def test_a_missing_reason_is_shown_beside_the_field_and_nothing_is_erased(
    client, recruitment, application
):
    before = snapshot(application)
    client.force_login(recruitment.recruiter)
    response = client.post(erase_url(application), {"reason": "   "})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="field-reason"' in content and "field--invalid" in content
    assert "Give the reason for the erasure" in content
    assert snapshot(application) == before


def test_a_legal_hold_refuses_the_erasure_with_a_clear_message(client, recruitment, application):
    JobAd.objects.filter(pk=recruitment.ad.pk).update(
        legal_hold=True, legal_hold_reason="Överklagat till förvaltningsrätten."
    )
    before = snapshot(application)
    client.force_login(recruitment.recruiter)
    response = client.post(erase_url(application), {"reason": "Sökandens begäran."})
    assert response.status_code == 200
    assert "The recruitment is on legal hold" in response.content.decode()
    assert snapshot(application) == before
    assert Path(application.cv.path).exists()


def test_the_hiring_manager_gets_403_and_others_404_and_nothing_changes(
    client, recruitment, application, process_owner, reader, other_recruiter, chief
):
    before = snapshot(application)
    client.force_login(recruitment.hiring_manager)
    assert client.post(erase_url(application), {"reason": "Begäran."}).status_code == 403
    for user in (process_owner, reader, other_recruiter, chief):
        client.force_login(user)
        assert client.post(erase_url(application), {"reason": "Begäran."}).status_code == 404
    client.logout()
    response = client.post(erase_url(application), {"reason": "Begäran."})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert snapshot(application) == before


def test_the_erasure_is_a_post(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    assert client.get(erase_url(application)).status_code == 405


def test_the_same_anonymisation_as_the_retention_job(recruitment, application, administrator):
    """Both go through services.applications_anonymise: the erased fields are the job's."""
    services.application_erase(user=administrator, application=application, reason="Begäran.")
    application.refresh_from_db()
    assert application.anonymised_by == administrator
    with pytest.raises(services.ValidationError):
        services.application_erase(user=administrator, application=application, reason="Igen.")
