"""A request while PostgreSQL is away gets a Swedish 503 page saying to try again shortly, and
the log one warning line, not an error with a stack trace (vaxjo_riktning/unavailable.py)."""

from __future__ import annotations

import logging

import pytest
from django.db import connection
from django.test import Client


@pytest.fixture
def database_away():
    """The app's connection points at a port where nothing listens, as while PostgreSQL
    restarts: the next query really fails to connect."""
    connection.close()
    port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = "1"
    yield
    connection.close()
    connection.settings_dict["PORT"] = port


@pytest.mark.django_db(transaction=True)
def test_a_page_while_the_database_is_away_is_a_swedish_503(database_away, caplog):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-would-hold"
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = " ".join(response.content.decode().split())
    assert "Riktning är tillfälligt otillgänglig" in page
    assert "Försök igen om en halv minut" in page
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in records] == [
        ("WARNING", "Database unavailable (OperationalError): answered 503", None)
    ]


@pytest.mark.django_db
def test_any_other_error_is_still_the_error_page_logged_as_an_error(client, caplog, settings):
    client.raise_request_exception = False
    settings.ROOT_URLCONF = "tests.vaxjo_riktning.failing_urls"
    response = client.get("/fails/")
    assert response.status_code == 500
    assert "Något gick fel i Riktning" in response.content.decode()
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert [r.levelname for r in errors] == ["ERROR"] and errors[0].exc_info
