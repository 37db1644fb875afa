"""The public ads pages: anyone reads the open ads and applies, without logging in; bad input gets
a clear message with everything typed kept, and exactly one application is saved."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from recruitment import services
from recruitment.forms import FILE_NOT_KEPT
from recruitment.models import Application
from tests import factories as f
from tests.recruitment.conftest import DOC_BYTES, docx_bytes

pytestmark = pytest.mark.django_db


def form_data(recruitment, **changes) -> dict:
    data = {
        "token": str(uuid.uuid4()),
        "name": "Karin Ek",
        "email": "karin.ek@example.se",
        "phone": "070-111 22 33",
        "letter": "Jag har lett HR i en region <b>och</b> vill nu leda en kommunkoncern.",
        "cv": SimpleUploadedFile("Karin Ek CV.pdf", f.PDF_BYTES, "application/pdf"),
        f"competence_{recruitment.required.pk}": "4",
        f"competence_{recruitment.merit.pk}": "3",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def apply(client, recruitment, **changes):
    return client.post(recruitment.ad.get_absolute_url(), form_data(recruitment, **changes))


# --- Reading -------------------------------------------------------------------------------


def test_the_ads_page_needs_no_login_and_lists_only_open_ads(client, recruitment, group):
    f.JobAdFactory(title="Utkast till annons", published_at=None)
    f.JobAdFactory(
        title="Gammal annons", last_application_date=timezone.localdate() - timedelta(days=1)
    )
    f.JobAdFactory(title="Återkallad annons", withdrawn_at=timezone.now(), withdrawn_reason="Fel")
    f.JobAdFactory(title="Avslutad annons", closed_at=timezone.now())
    response = client.get(reverse("recruitment:public_ads"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Koncernövergripande HR-chef" in content
    for hidden in ("Utkast till annons", "Gammal annons", "Återkallad annons", "Avslutad annons"):
        assert hidden not in content
    # Position, unit, process areas, competences (required and merit), last day and contact.
    for shown in (
        group.administration.name,
        group.hr_area.name,
        "Successionsplanering",
        "Arbetsrätt och förhandling",
        "Required competences",
        "Meritorious",
        "rekryterare@example.se",
        recruitment.ad.last_application_date.strftime("%Y-%m-%d"),
    ):
        assert shown in content
    # The strict Content-Security-Policy holds on the public pages too.
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_ads_page_is_swedish_by_default(recruitment, db):
    from django.test import Client

    response = Client().get(reverse("recruitment:public_ads"))
    content = response.content.decode()
    assert '<html lang="sv">' in content
    assert "Lediga jobb" in content


def test_an_ad_page_shows_the_form_and_how_data_is_handled(client, recruitment):
    response = client.get(recruitment.ad.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in content
    assert 'name="token"' in content
    assert "How we handle your data" in content
    assert "24 months after the recruitment has closed" in content


def test_a_draft_ad_is_not_found(client, recruitment):
    draft = f.JobAdFactory(published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("recruitment:public_ad", args=[999999])).status_code == 404


def test_a_withdrawn_ad_stays_readable_without_a_form(client, recruitment):
    ad = recruitment.ad
    ad.withdrawn_at, ad.withdrawn_reason = timezone.now(), "Tjänsten dras in."
    ad.save()
    content = client.get(ad.get_absolute_url()).content.decode()
    assert "This ad has been withdrawn" in content
    assert "Tjänsten dras in." in content
    assert 'id="application-form"' not in content


# --- Applying ------------------------------------------------------------------------------


def test_an_applicant_applies_and_gets_a_confirmation(
    client, recruitment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, recruitment)
    assert response.status_code == 302
    assert response.url == reverse("recruitment:public_ad_thanks", args=[recruitment.ad.pk])

    application = Application.objects.get()
    assert application.name == "Karin Ek"
    assert application.stage == Application.Stage.RECEIVED
    assert application.email_key == "karin.ek@example.se"
    assert application.phone_key == "0701112233"
    assert application.cv_name == "Karin Ek CV.pdf"
    assert {(a.ad_competence_id, a.self_assessment) for a in application.assessments.all()} == {
        (recruitment.required.pk, 4),
        (recruitment.merit.pk, 3),
    }
    # The CV is in the private folder, under a name of its own, outside the static files.
    stored = Path(application.cv.path)
    assert stored.is_file() and stored.read_bytes() == f.PDF_BYTES
    assert Path(django_settings.PRIVATE_MEDIA_ROOT) in stored.parents
    assert Path(django_settings.STATIC_ROOT) not in stored.parents
    assert "Karin" not in stored.name

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin.ek@example.se"]
    assert "Koncernövergripande HR-chef" in message.subject
    assert "24 months after the recruitment has closed" in message.body

    thanks = client.get(response.url).content.decode()
    assert "Thank you for your application" in thanks
    assert "How we handle your data" in thanks
    assert "Karin" not in thanks  # the address is not a secret: nothing of the applicant's


def test_a_word_document_is_accepted_too(client, recruitment):
    for name, content in (("cv.docx", docx_bytes()), ("cv.doc", DOC_BYTES)):
        response = apply(client, recruitment, cv=SimpleUploadedFile(name, content))
        assert response.status_code == 302, response.content.decode()
    assert Application.objects.count() == 2


def test_a_double_click_saves_one_application(client, recruitment):
    token = str(uuid.uuid4())
    first = apply(client, recruitment, token=token)
    second = apply(client, recruitment, token=token)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Application.objects.count() == 1


def test_the_service_keeps_the_first_of_two_forms_with_one_token(recruitment):
    token = uuid.uuid4()
    kwargs = {
        "ad": recruitment.ad,
        "token": token,
        "name": "Karin Ek",
        "email": "karin@example.se",
        "phone": "0701112233",
        "letter": "Brev",
        "cv_checked": services.CheckedFile("application/pdf", "pdf"),
        "self_assessments": {recruitment.required.pk: 3, recruitment.merit.pk: 2},
    }
    first = services.application_submit(cv=SimpleUploadedFile("a.pdf", f.PDF_BYTES), **kwargs)
    again = services.application_submit(cv=SimpleUploadedFile("a.pdf", f.PDF_BYTES), **kwargs)
    assert first.created and not again.created
    assert again.application.pk == first.application.pk
    assert Application.objects.count() == 1


def _assert_refused_with_everything_kept(response, expected_message: str) -> str:
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your application was not sent" in content
    assert expected_message in content
    # What was typed comes back, escaped.
    assert 'value="Karin Ek"' in content
    assert 'value="karin.ek@example.se"' in content
    assert "vill nu leda en kommunkoncern" in content
    assert "&lt;b&gt;och&lt;/b&gt;" in content
    assert Application.objects.count() == 0
    return content


def test_a_missing_field_is_named_and_nothing_is_saved(client, recruitment):
    response = apply(client, recruitment, phone="")
    content = _assert_refused_with_everything_kept(response, "This field is required.")
    assert 'href="#id_phone"' in content
    # The chosen file was sent, but a browser cannot put it back: the applicant is told.
    assert str(FILE_NOT_KEPT) in content
    # The self-assessment comes back chosen.
    pattern = rf'name="competence_{recruitment.required.pk}" value="4"[^>]*checked'
    assert re.search(pattern, content)


def test_a_malformed_email_and_phone_are_refused(client, recruitment):
    response = apply(client, recruitment, email="karin.ek(at)example", phone="ring mig")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a valid email address." in content
    assert "Write a phone number of 7 to 15 digits" in content
    assert Application.objects.count() == 0


def test_a_missing_self_assessment_is_refused(client, recruitment):
    response = apply(client, recruitment, **{f"competence_{recruitment.merit.pk}": None})
    _assert_refused_with_everything_kept(response, "Choose the level that describes you best.")


def test_a_file_over_ten_megabytes_is_refused(client, recruitment):
    big = SimpleUploadedFile("cv.pdf", f.PDF_BYTES + b"0" * (10 * 1024 * 1024))
    response = apply(client, recruitment, cv=big)
    _assert_refused_with_everything_kept(response, "a CV may be at most 10.0")


def test_a_program_named_like_a_pdf_is_refused(client, recruitment):
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\0" * 100, "application/pdf")
    response = apply(client, recruitment, cv=fake)
    _assert_refused_with_everything_kept(response, "is called .pdf but is not a PDF document")


def test_a_spreadsheet_named_like_a_word_file_is_refused(client, recruitment):
    fake = SimpleUploadedFile("cv.docx", docx_bytes(with_document=False))
    response = apply(client, recruitment, cv=fake)
    _assert_refused_with_everything_kept(response, "is not a Word (.docx) document")


def test_another_kind_of_file_is_refused(client, recruitment):
    response = apply(client, recruitment, cv=SimpleUploadedFile("cv.txt", b"Mitt CV"))
    _assert_refused_with_everything_kept(response, "Choose a PDF or Word file")
    assert list(Path(django_settings.PRIVATE_MEDIA_ROOT).rglob("*.*")) == []


def test_an_ad_past_its_last_day_takes_no_application(client, recruitment):
    ad = recruitment.ad
    ad.last_application_date = timezone.localdate() - timedelta(days=1)
    ad.save()
    page = client.get(ad.get_absolute_url()).content.decode()
    assert "This ad no longer takes applications" in page
    response = apply(client, recruitment)
    assert response.status_code == 200
    assert "no longer takes applications" in response.content.decode()
    assert Application.objects.count() == 0


def test_a_signed_in_user_sees_the_public_page_in_the_menu(client, reader, recruitment):
    client.force_login(reader)
    content = client.get(reverse("overview")).content.decode()
    assert reverse("recruitment:public_ads") in content
    assert f'href="{reverse("recruitment:home")}"' not in content


def test_wrong_methods_are_refused(client, recruitment):
    assert client.post(reverse("recruitment:public_ads")).status_code == 405
    assert client.delete(recruitment.ad.get_absolute_url()).status_code == 405
    thanks = reverse("recruitment:public_ad_thanks", args=[recruitment.ad.pk])
    assert client.post(thanks).status_code == 405
