"""The accessibility statement: public in Swedish and English, its variable parts edited in the
admin (one row, never deleted), what the administrators typed escaped."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from vaxjo_riktning.models import AccessibilityStatement, User

pytestmark = pytest.mark.django_db

URL = reverse("accessibility_statement")


@pytest.fixture
def superuser(client) -> User:
    user = User.objects.create_superuser("superadmin", "superadmin@example.se", "x")
    client.force_login(user)
    return user


def test_an_anonymous_visitor_reads_it_in_swedish_with_the_defaults():
    # No row yet: the defaults, never an error.
    response = Client().get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert "<h1>Tillgänglighet för Riktning</h1>" in html
    assert "delvis förenlig" in html
    assert "https://www.digg.se/tdosanmalan" in html
    assert "PDF/UA" in html and "Excel-format" in html
    assert "7 december 2026" in html


def test_an_anonymous_visitor_reads_it_in_english(settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Accessibility for Riktning</h1>" in html
    assert "partially compliant" in html
    assert "Take the report as Excel" in html
    assert "Excel-format" not in html


def test_the_public_pages_and_the_intranet_link_it(client, reader):
    assert URL in Client().get(reverse("recruitment:public_ads")).content.decode()
    client.force_login(reader)
    assert URL in client.get(reverse("overview")).content.decode()


def test_what_the_administrator_edits_shows_on_the_page(client, superuser):
    response = client.post(
        reverse("admin:vaxjo_riktning_accessibilitystatement_add"),
        {
            "organisation": "Alvesta kommun",
            "contact_email": "tillganglighet@example.se",
            "contact_phone": "0470-410 00",
            "report_form_url": "https://example.se/rapportera",
            "response_days": "5",
            "shortcomings_sv": "Kartan saknar textalternativ.\n\nPDF-rapporten är inte taggad.",
            "shortcomings_en": "The map has no text alternative.\nThe PDF report is not tagged.",
            "last_reviewed": "2027-01-15",
        },
    )
    assert response.status_code == 302, response.content.decode()
    statement = AccessibilityStatement.objects.get()
    assert statement.last_reviewed == date(2027, 1, 15)

    html = client.get(URL).content.decode()
    assert "Alvesta kommun is responsible for Riktning" in html
    assert 'href="mailto:tillganglighet@example.se"' in html
    assert "0470-410 00" in html
    assert 'href="https://example.se/rapportera"' in html
    assert "within 5 working days" in html
    assert "<p>The map has no text alternative.</p>" in html
    assert "<p>The PDF report is not tagged.</p>" in html
    assert "15 January 2027" in html

    swedish = Client().get(URL).content.decode()
    assert "<p>Kartan saknar textalternativ.</p>" in swedish
    assert "<p>PDF-rapporten är inte taggad.</p>" in swedish
    assert "15 januari 2027" in swedish


def test_what_the_administrator_typed_is_escaped(settings):
    AccessibilityStatement.objects.create(
        organisation="<b>Kommunen</b>", shortcomings_sv='<script>alert("x")</script>'
    )
    html = Client().get(URL).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Kommunen&lt;/b&gt;" in html


def test_the_admin_allows_no_second_row_and_no_deletion(client, superuser):
    statement = AccessibilityStatement.objects.create()
    assert client.get(reverse("admin:vaxjo_riktning_accessibilitystatement_add")).status_code == 403
    delete = reverse("admin:vaxjo_riktning_accessibilitystatement_delete", args=[statement.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessibilityStatement.objects.count() == 1


def test_the_database_refuses_a_second_row():
    AccessibilityStatement.objects.create()
    with pytest.raises(IntegrityError):
        AccessibilityStatement.objects.create(id=2)
