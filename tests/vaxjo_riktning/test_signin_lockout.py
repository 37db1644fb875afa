"""Repeated wrong passwords lock a username on the address they came from, on both login pages:
the right password is refused while locked, the page says until when and whom to ask, the lock
is logged, an administrator lifts it, and it ends by itself after the cool-off."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from vaxjo_riktning.signin.audit import username_pseudonym
from vaxjo_riktning.signin.lockout import client_ip

pytestmark = pytest.mark.django_db

LOGIN_PAGES = ["/konto/logga-in/", "/admin/login/"]
LOCKED = "Too many failed sign-ins for this username from your address"


def _try(client: Client, page: str, username: str, password: str, ip: str = "192.0.2.10"):
    return client.post(
        page, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def _lock(client: Client, page: str, username: str, ip: str = "192.0.2.10") -> None:
    for _ in range(5):
        response = _try(client, page, username, "wrong", ip)
    assert response.status_code == 429


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_five_wrong_passwords_lock_the_username_and_refuse_the_right_one(
    client, reader, settings, page
):
    # A staff reader, so that /admin/login/ would let the right password in.
    reader.is_staff = True
    reader.save()
    for attempt in range(4):
        response = _try(client, page, "lasare", "wrong")
        assert response.status_code == 200, attempt
        assert LOCKED not in response.content.decode()
    response = _try(client, page, "lasare", "wrong")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60

    response = _try(client, page, "lasare", f.PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    # The lock runs from this refused try; the clock may have turned a minute meanwhile.
    soon = [timezone.localtime(timezone.now() + timedelta(minutes=15, seconds=s)) for s in (-60, 0)]
    assert any(f"Try again at {t:%H:%M} (in 15 minutes)" in html for t in soon)
    assert "ask an administrator of Riktning" in html
    # The form is still there to try again later, and nobody was signed in.
    assert 'name="password"' in html
    assert "_auth_user_id" not in client.session


def test_the_message_names_the_support_contact_when_one_is_set(client, reader, settings):
    settings.SIGNIN_SUPPORT_CONTACT = "IT-supporten, 0470-410 00"
    _lock(client, "/konto/logga-in/", "lasare")
    html = _try(client, "/konto/logga-in/", "lasare", f.PASSWORD).content.decode()
    assert "ask IT-supporten, 0470-410 00." in html


def test_the_lock_is_swedish_by_default(reader):
    swedish = Client()  # no language cookie: Swedish, every page's default
    _lock(swedish, "/konto/logga-in/", "lasare")
    html = _try(swedish, "/konto/logga-in/", "lasare", f.PASSWORD).content.decode()
    assert "För många misslyckade inloggningar" in html


def test_the_lock_is_logged(client, reader, caplog):
    with caplog.at_level(logging.WARNING):
        _lock(client, "/konto/logga-in/", "lasare")
    lock_records = [r for r in caplog.records if r.name == "riktning.signin"]
    assert lock_records
    # The username as its keyed hash and the address as its /24: no personal data in the log.
    message = lock_records[-1].getMessage()
    assert f"username hmac {username_pseudonym('lasare')} from 192.0.2.0/24" in message
    assert "lasare" not in message
    assert "192.0.2.10" not in message
    # axes keeps every failure, the last one marked as the one that locked.
    failures = AccessFailureLog.objects.filter(username="lasare").order_by("attempt_time")
    assert failures.count() == 5
    assert failures.last().locked_out


def test_the_lock_is_on_the_username_from_that_address_only(client, reader, editor):
    _lock(client, "/konto/logga-in/", "lasare", ip="192.0.2.10")
    # The same person from another address, and a colleague from the same address, get in.
    response = _try(client, "/konto/logga-in/", "lasare", f.PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    other = Client()
    response = _try(other, "/konto/logga-in/", "redaktor", f.PASSWORD, ip="192.0.2.10")
    assert response.status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(client, reader):
    for _ in range(4):
        _try(client, "/konto/logga-in/", "lasare", "wrong")
    assert _try(client, "/konto/logga-in/", "lasare", f.PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _try(client, "/konto/logga-in/", "lasare", "wrong").status_code == 200


def test_the_lock_ends_after_the_cool_off(client, reader):
    _lock(client, "/konto/logga-in/", "lasare")
    # Sixteen minutes pass: the attempts' clock is moved back, as time passing would leave it.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = _try(client, "/konto/logga-in/", "lasare", f.PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("overview")


def test_the_cool_off_follows_the_environment(client, reader, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=2)
    _lock(client, "/konto/logga-in/", "lasare")
    response = _try(client, "/konto/logga-in/", "lasare", f.PASSWORD)
    assert response["Retry-After"] == "120"
    assert "(in 2 minutes)" in response.content.decode()


def test_an_administrator_unlocks_a_user_from_the_user_list(client, reader, administrator):
    locked = Client(HTTP_COOKIE="django_language=en")
    _lock(locked, "/konto/logga-in/", "lasare")

    client.force_login(administrator)
    response = client.post(
        reverse("admin:vaxjo_riktning_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [reader.pk]},
        follow=True,
    )
    assert "Sign-in unlocked for 1 user" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="lasare").exists()
    assert _try(locked, "/konto/logga-in/", "lasare", f.PASSWORD).status_code == 302


def test_an_administrator_sees_and_deletes_the_lock_in_the_admin(client, reader, administrator):
    _lock(Client(), "/konto/logga-in/", "lasare")
    attempt = AccessAttempt.objects.get(username="lasare")
    client.force_login(administrator)
    page = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200
    assert "lasare" in page.content.decode()
    response = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_a_reader_cannot_unlock(client, reader, editor):
    _lock(Client(), "/konto/logga-in/", "redaktor")
    client.force_login(reader)
    client.post(
        reverse("admin:vaxjo_riktning_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [editor.pk]},
    )
    assert AccessAttempt.objects.filter(username="redaktor").exists()


@pytest.mark.parametrize("failures", [1, 4, 8])
def test_a_failed_sign_in_costs_the_same_queries_however_many_came_before(
    client, reader, django_assert_num_queries, failures
):
    for _ in range(failures):
        _try(client, "/konto/logga-in/", "lasare", "wrong")
    # The backend asks whether the pair is locked (the sum of its failures); the password is
    # checked (the user's row) only while it is not; then axes' handler cleans up expired
    # attempts, reads the pair's attempt for update and saves it, sums the failures again, writes
    # the failure log and counts that user's entries (each write carrying pghistory's context).
    # Nothing grows with the failures before: 12 queries while counting, 11 once locked.
    expected = 12 if failures < 5 else 11
    with django_assert_num_queries(expected):
        _try(client, "/konto/logga-in/", "lasare", "wrong")


class _Request:
    def __init__(self, remote: str, forwarded: str | None = None) -> None:
        self.META = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            self.META["HTTP_X_FORWARDED_FOR"] = forwarded


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_Request("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        # One proxy: the address it appended, never what the client wrote before it.
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        # Two proxies: the address the outer one appended.
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        # Fewer addresses than proxies: it did not come through them all; keep the connection's.
        (2, "203.0.113.9", "10.0.0.1"),
        (1, None, "10.0.0.1"),
    ],
)
def test_behind_trusted_proxies_the_client_is_read_from_the_right(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_Request("10.0.0.1", forwarded)) == expected


def test_behind_a_proxy_each_client_address_is_locked_apart(client, reader, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            "/konto/logga-in/",
            {"username": "lasare", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    response = client.post(
        "/konto/logga-in/",
        {"username": "lasare", "password": f.PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


def test_a_staff_user_locked_on_the_admin_is_locked_in_the_app_too(client, administrator):
    _lock(client, "/admin/login/", "admin")
    response = _try(client, "/konto/logga-in/", "admin", f.PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
