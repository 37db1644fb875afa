"""The 400, 403, 404 and 500 pages: Swedish (English on request), in the site's layout, each
saying what the person can do next. Django's bare English defaults are what they replace.

Tests run with DEBUG off, as production does, so Django renders these templates and not its
technical pages. The clients here carry no language cookie: Swedish, as everyone first sees it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest
from django.test import Client
from django.urls import include, path, reverse
from django.views.defaults import server_error

from tests import factories as f

pytestmark = pytest.mark.django_db


@login_not_required
def _boom(request: HttpRequest):
    raise RuntimeError("a bug")


# This module is also the URLconf of the 500 tests: every page of Riktning, and one that fails.
urlpatterns = [
    path("fel/", _boom),
    path("", include("vaxjo_riktning.urls")),
]


def test_a_missing_page_is_a_swedish_404_with_a_way_on(reader):
    client = Client()
    client.force_login(reader)
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Sidan finns inte</h1>" in html
    assert '<html lang="sv">' in html
    assert "Gå till översikten" in html and f'href="{reverse("overview")}"' in html
    # Applicants' data answers 404 to outsiders: the page says why a link may lead here.
    assert "fråga den som skickade länken" in html
    assert 'class="main-nav"' in html  # the site's layout, menu included


def test_a_visitor_who_is_not_signed_in_is_offered_the_login_and_the_job_openings():
    response = Client().get("/lediga-jobb/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan finns inte" in html
    assert f'href="{reverse("login")}">Logga in</a>' in html
    assert reverse("recruitment:public_ads") in html


def test_the_404_is_english_for_those_who_chose_english(client, reader):
    client.force_login(reader)
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "<h1>The page cannot be found</h1>" in response.content.decode()


def test_a_forbidden_page_is_a_swedish_403_saying_who_gives_access(group, reader):
    activity = f.ActivityFactory(owner_unit=group.administration)
    client = Client()
    client.force_login(reader)
    response = client.get(reverse("goals:activity_edit", args=[activity.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Du har inte behörighet till det här</h1>" in html
    assert "Vem kan ge dig behörighet" in html
    assert "delas ut av Riktnings administratör" in html
    assert str(reader) in html  # who they are signed in as


def test_a_form_sent_from_a_stale_page_is_a_swedish_403_that_says_to_reload(reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Formuläret kunde inte skickas</h1>" in html
    assert "ladda om sidan" in html
    assert "CSRF verification failed" not in html  # Django's bare page


def test_a_request_for_an_unknown_host_is_a_swedish_400(reader):
    response = Client().get("/", headers={"host": "riktning.example.com"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Riktning kunde inte förstå förfrågan</h1>" in html
    assert "Det här kan du göra" in html


@pytest.mark.urls(__name__)
def test_a_failing_page_is_a_bilingual_500_with_what_to_do():
    client = Client(raise_request_exception=False)
    response = client.get("/fel/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Något gick fel i Riktning</h1>" in html
    assert "Gå till översikten" in html
    assert "kontakta Riktnings administratör" in html
    assert 'lang="en"' in html and "Something went wrong" in html
    assert "/static/css/riktning.css" in html  # the same look


def test_the_500_page_needs_no_database_no_context_and_no_static_manifest(
    settings, django_assert_num_queries
):
    """It may be shown because the database is down or collectstatic was not run."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = "/nonexistent"
    with django_assert_num_queries(0):
        response = server_error(HttpRequest())
    assert response.status_code == 500
    assert "Något gick fel i Riktning" in response.content.decode()
