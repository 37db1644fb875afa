"""Swedish first, English on request."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_swedish_even_for_an_english_browser(reader):
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    client.force_login(reader)
    response = client.get(reverse("overview"))
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Översikt</h1>" in html
    assert response.headers["Content-Language"] == "sv"


def test_the_login_page_is_swedish():
    html = Client().get(reverse("login")).content.decode()
    assert "Logga in" in html
    assert "Hoppa till innehållet" in html


def test_the_language_switch_turns_pages_english_and_back(reader):
    client = Client()
    client.force_login(reader)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "<h1>Overview</h1>" in client.get(reverse("overview")).content.decode()
    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert "<h1>Översikt</h1>" in client.get(reverse("overview")).content.decode()


def test_an_unknown_language_cookie_falls_back_to_swedish(reader, settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    client.force_login(reader)
    assert '<html lang="sv">' in client.get(reverse("overview")).content.decode()
