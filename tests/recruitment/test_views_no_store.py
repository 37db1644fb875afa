"""Applicants' data is never kept by a browser's or a proxy's cache: every page and fragment
that shows it, the CV included, says Cache-Control: no-store (vaxjo_riktning.middleware, for
every response; tests/vaxjo_riktning/test_security_headers.py has the rest)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(recruitment):
    return f.ApplicationFactory(ad=recruitment.ad, name="Karin Ek", email="karin.ek@example.se")


def pages_with_personal_data(application) -> dict[str, str]:
    """What a recruiter opens: applicants, their CVs and assessments; the overview and the
    recruitment home page, which name the user."""
    return {
        "overview": reverse("overview"),
        "recruitment home": reverse("recruitment:home"),
        "board": application.ad.get_board_url(),
        "application": reverse("recruitment:application_detail", args=[application.pk]),
        "CV": reverse("recruitment:application_cv", args=[application.pk]),
    }


def test_pages_with_applicants_data_are_never_stored(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    for name, url in pages_with_personal_data(application).items():
        response = client.get(url)
        assert response.status_code == 200, name
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= directives, name


def test_htmx_fragments_are_never_stored_either(client, recruitment, application):
    client.force_login(recruitment.recruiter)
    response = client.get(
        application.ad.get_board_url(), headers={"HX-Request": "true", "HX-Target": "board"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_public_application_form_and_the_login_page_are_never_stored(client, recruitment):
    """The form echoes what an applicant typed when it comes back with an error."""
    for url in (reverse("recruitment:public_ad", args=[recruitment.ad.pk]), reverse("login")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
