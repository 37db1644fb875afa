"""A session ends after SESSION_COOKIE_AGE without a request (two hours by default), not 14 days
after signing in; each request keeps it alive, yet the session is written at most every few
minutes, not on every page (vaxjo_riktning.middleware.SessionIdleTimeoutMiddleware)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from vaxjo_riktning.middleware import SESSION_LAST_SEEN_KEY

pytestmark = pytest.mark.django_db


def stored_session(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def expires_in(client, delta: timedelta) -> None:
    """The stored session as it would be after some idle time: `delta` left before it ends."""
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + delta
    )


def test_signing_in_gives_a_session_of_two_hours_not_fourteen_days(client, reader, settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    client.force_login(reader)
    left = stored_session(client).expire_date - timezone.now()
    assert timedelta(hours=1, minutes=59) < left <= timedelta(hours=2)
    response = client.get(reverse("overview"))
    assert response.status_code == 200


def test_an_idle_session_ends_and_the_user_must_sign_in_again(client, reader):
    client.force_login(reader)
    expires_in(client, timedelta(seconds=-1))
    response = client.get(reverse("overview"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_request_after_a_few_minutes_keeps_the_session_alive(client, reader, settings):
    client.force_login(reader)
    session = client.session
    session[SESSION_LAST_SEEN_KEY] -= settings.SESSION_IDLE_REFRESH_SECONDS
    session.save()
    expires_in(client, timedelta(minutes=10))

    assert client.get(reverse("overview")).status_code == 200

    left = stored_session(client).expire_date - timezone.now()
    assert left > timedelta(hours=1, minutes=59)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_requests_close_together_do_not_write_the_session(client, reader):
    """Signing in counts as activity, so the first pages after it write nothing either."""
    client.force_login(reader)
    expires_in(client, timedelta(minutes=10))
    before = stored_session(client).expire_date

    for _ in range(3):
        assert client.get(reverse("overview")).status_code == 200

    assert stored_session(client).expire_date == before


def test_signing_out_still_ends_the_session(client, reader):
    client.force_login(reader)
    session_key = client.session.session_key
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("overview")).status_code == 302
