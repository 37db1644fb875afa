"""The public application form withstands abuse, tried with real requests: limits per client and
per e-mail address (in the local-memory cache and in Redis), a honeypot, a confirmation mail
nobody can inject headers or lines into, and a body too large refused before it is read. Each
refusal saves nothing, sends nothing and says why in Swedish."""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.http.multipartparser import MultiPartParser
from django.test import Client, RequestFactory
from django.urls import reverse

from recruitment import ratelimits, services
from recruitment.forms import FILE_NOT_KEPT, NAME_CONTROL_CHARACTERS
from recruitment.models import Application, Assessment
from tests import factories as f
from tests.recruitment.test_views_public import form_data

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/9"  # a database of this test module's own


def stored_files() -> list[Path]:
    return [p for p in Path(django_settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]


def apply(client, recruitment, *, ad=None, **changes):
    """Post the form; upper-case keywords are the request's (REMOTE_ADDR, HTTP_X_FORWARDED_FOR)."""
    extra = {k: changes.pop(k) for k in list(changes) if k.isupper()}
    data = form_data(recruitment, **changes)
    if ad is not None:  # an ad that seeks no competences
        data = {k: v for k, v in data.items() if not k.startswith("competence_")}
    return client.post((ad or recruitment.ad).get_absolute_url(), data, **extra)


@pytest.fixture
def swedish_client(db) -> Client:
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "sv"
    return client


@pytest.fixture(params=["locmem", "redis"])
def limit_cache(request, settings):
    """The limits work the same in the process's own memory (no REDIS_URL) and in Redis, where
    they hold across web processes. Redis is skipped when unreachable, except in CI."""
    if request.param == "redis":
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        except redis.RedisError as exc:
            if os.environ.get("RIKTNING_REQUIRE_REDIS"):
                pytest.fail(f"RIKTNING_REQUIRE_REDIS is set but Redis is unreachable: {exc}")
            pytest.skip(f"Redis at {REDIS_URL} is unreachable ({exc})")
        # A prefix of the test's own: tests on other workers share this database, and clearing
        # it would clear their counts too.
        prefix = f"test-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
        yield request.param
        connection = redis.Redis.from_url(REDIS_URL)
        for key in connection.scan_iter(f"{prefix}:*"):
            connection.delete(key)
    else:
        yield request.param


@pytest.fixture
def limits(settings):
    settings.RECRUITMENT_APPLY_LIMIT_PER_CLIENT = 5
    settings.RECRUITMENT_APPLY_WINDOW_PER_CLIENT = 600
    settings.RECRUITMENT_APPLY_LIMIT_PER_ADDRESS = 3
    settings.RECRUITMENT_APPLY_WINDOW_PER_ADDRESS = 86400
    return settings


# --- Per client ------------------------------------------------------------------------------


def test_a_client_is_stopped_after_five_posts_in_ten_minutes(
    client, recruitment, limits, limit_cache, django_capture_on_commit_callbacks
):
    # Two refused forms and three applications (other addresses) use the five.
    assert apply(client, recruitment, phone="").status_code == 200
    assert apply(client, recruitment, email="fel").status_code == 200
    for n in range(3):
        assert apply(client, recruitment, email=f"person{n}@example.se").status_code == 302
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, recruitment, email="sjatte@example.se")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    content = response.content.decode()
    assert "sent many times from your connection" in content
    assert "Wait 10 minutes and send it again" in content
    # What was typed comes back (the file cannot), and the page says to choose the CV again.
    assert 'value="Karin Ek"' in content
    assert 'value="sjatte@example.se"' in content
    assert "&lt;b&gt;och&lt;/b&gt;" in content
    assert str(FILE_NOT_KEPT) in content
    assert Application.objects.count() == 3
    assert not Application.objects.filter(email="sjatte@example.se").exists()
    assert mail.outbox == []


def test_another_client_is_not_stopped(client, recruitment, limits, limit_cache):
    limits.RECRUITMENT_APPLY_LIMIT_PER_CLIENT = 1
    assert apply(client, recruitment, email="a@example.se").status_code == 302
    assert apply(client, recruitment, email="b@example.se").status_code == 429
    other = apply(client, recruitment, email="c@example.se", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_a_double_click_after_the_last_allowed_application_still_thanks(
    client, recruitment, limits, limit_cache
):
    limits.RECRUITMENT_APPLY_LIMIT_PER_CLIENT = 1
    token = str(uuid.uuid4())
    assert apply(client, recruitment, token=token).status_code == 302
    again = apply(client, recruitment, token=token)
    assert again.status_code == 302
    assert again.url == reverse("recruitment:public_ad_thanks", args=[recruitment.ad.pk])
    assert Application.objects.count() == 1


def test_the_limit_message_is_swedish(swedish_client, recruitment, limits, limit_cache):
    limits.RECRUITMENT_APPLY_LIMIT_PER_CLIENT = 0
    response = apply(swedish_client, recruitment)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Din ansökan skickades inte" in content
    assert "Vänta 10 minuter" in content
    assert Application.objects.count() == 0


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(
    client, recruitment, limits, limit_cache
):
    limits.RECRUITMENT_APPLY_LIMIT_PER_CLIENT = 1
    assert apply(client, recruitment, email="a@example.se").status_code == 302
    forged = apply(client, recruitment, email="b@example.se", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert forged.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_client_counts(
    client, recruitment, limits, limit_cache
):
    limits.TRUSTED_PROXY_COUNT = 1
    limits.RECRUITMENT_APPLY_LIMIT_PER_CLIENT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    first = apply(
        client, recruitment, email="a@example.se", HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy
    )
    # The same client again, with a forged entry in front of what the proxy wrote.
    again = apply(
        client,
        recruitment,
        email="b@example.se",
        HTTP_X_FORWARDED_FOR="203.0.113.5, 192.0.2.1",
        **proxy,
    )
    other = apply(
        client, recruitment, email="c@example.se", HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy
    )
    assert (first.status_code, again.status_code, other.status_code) == (302, 429, 302)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.5", "192.0.2.1"),
        (1, "10.0.0.2", "203.0.113.5, 192.0.2.1", "192.0.2.1"),
        (2, "10.0.0.3", "203.0.113.5, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        # Fewer entries than proxies: the request did not come through them.
        (2, "192.0.2.1", "203.0.113.5", "192.0.2.1"),
        # One IPv6 subscriber has a whole /64; an IPv4 address written as IPv6 is itself.
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),
    ],
)
def test_the_client_key(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimits.client_key(request) == expected


def test_while_the_cache_fails_the_limit_is_counted_in_the_process(
    client, recruitment, limits, settings, caplog
):
    settings.CACHES = {
        "default": {
            "BACKEND": "vaxjo_riktning.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    ratelimits._local.clear()
    with caplog.at_level(logging.WARNING, logger="recruitment.ratelimits"):
        for n in range(5):
            assert apply(client, recruitment, email=f"person{n}@example.se").status_code == 302
        # The client's five are used: the sixth is refused all the same.
        assert apply(client, recruitment, email="sjatte@example.se").status_code == 429
    assert Application.objects.count() == 5
    assert "counted in this process: the cache failed" in caplog.text


# --- Per e-mail address ------------------------------------------------------------------------


def test_an_address_is_stopped_after_three_applications_across_ads(
    client, recruitment, limits, limit_cache, django_capture_on_commit_callbacks
):
    limits.RECRUITMENT_APPLY_LIMIT_PER_CLIENT = 100
    other_ad = f.JobAdFactory()
    # Refused forms with the address do not count: a stranger cannot use up someone's limit.
    for _ in range(3):
        assert apply(client, recruitment, phone="ring mig").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert apply(client, recruitment).status_code == 302
        assert apply(client, recruitment, ad=other_ad).status_code == 302
        # Case and a +tag reach the same mailbox.
        third = apply(client, recruitment, ad=other_ad, email="Karin.Ek+3@Example.se")
        assert third.status_code == 302
    assert Application.objects.count() == 3
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, recruitment, ad=other_ad, email="karin.ek+4@example.se")
    assert response.status_code == 429
    assert response["Retry-After"] == "86400"
    content = response.content.decode()
    assert "Several applications have been sent with this e-mail address" in content
    assert "wait 24 hours before sending another" in content
    assert 'value="karin.ek+4@example.se"' in content
    assert Application.objects.count() == 3
    assert mail.outbox == []
    # Another address from the same client goes through.
    assert apply(client, recruitment, email="annan@example.se").status_code == 302


def test_a_form_sent_twice_counts_once_for_the_address(client, recruitment, limits, limit_cache):
    limits.RECRUITMENT_APPLY_LIMIT_PER_ADDRESS = 1
    token = str(uuid.uuid4())
    assert apply(client, recruitment, token=token).status_code == 302
    assert apply(client, recruitment, token=token).status_code == 302
    assert apply(client, recruitment).status_code == 429


def test_an_address_that_reached_the_limit_cannot_apply_from_another_client(
    client, recruitment, limits, limit_cache
):
    limits.RECRUITMENT_APPLY_LIMIT_PER_ADDRESS = 1
    assert apply(client, recruitment).status_code == 302
    elsewhere = apply(client, recruitment, REMOTE_ADDR="192.0.2.99")
    assert elsewhere.status_code == 429
    assert Application.objects.count() == 1


# --- Honeypot --------------------------------------------------------------------------------


def test_the_honeypot_is_hidden_from_people_and_labelled(client, recruitment):
    content = client.get(recruitment.ad.get_absolute_url()).content.decode()
    assert '<div class="trap" aria-hidden="true">' in content
    assert '<label for="id_homepage">Leave this field empty</label>' in content
    assert 'name="homepage"' in content
    assert 'tabindex="-1"' in content
    assert 'autocomplete="off"' in content


def test_a_filled_honeypot_looks_like_success_but_saves_and_sends_nothing(
    client, recruitment, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.WARNING, logger="recruitment.views.public"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = apply(client, recruitment, homepage="https://spam.example")
    assert response.status_code == 302
    assert response.url == reverse("recruitment:public_ad_thanks", args=[recruitment.ad.pk])
    assert Application.objects.count() == 0
    assert stored_files() == []
    assert mail.outbox == []
    assert "honeypot filled" in caplog.text


def test_an_empty_honeypot_is_an_ordinary_application(client, recruitment):
    assert apply(client, recruitment, homepage="").status_code == 302
    assert Application.objects.count() == 1


# --- The confirmation mail ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Karin\r\nBcc: offer@example.com", "Karin\nEk", "Karin\tEk", "Karin\u2028Ek", "Karin\u202eEk"],
)
def test_a_name_with_line_breaks_or_control_characters_is_refused(client, recruitment, name):
    response = apply(client, recruitment, name=name)
    assert response.status_code == 200
    content = response.content.decode()
    assert str(NAME_CONTROL_CHARACTERS) in content
    assert 'href="#id_name"' in content
    assert Application.objects.count() == 0


def test_a_name_with_letters_of_any_language_is_accepted(client, recruitment):
    # A zero-width non-joiner is part of how Persian names are written.
    assert apply(client, recruitment, name="Åsa Öberg-Nguyễn می\u200cخواهم").status_code == 302


def test_the_mail_has_no_header_or_line_from_what_was_typed(recruitment):
    """However a name got into the database (the admin, an import), the confirmation is sent
    with one-line headers and the name on its own line of plain text."""
    ad = recruitment.ad
    ad.title = "HR-chef & förhandlare\r\nBcc: alla@example.com"
    ad.save()
    application = f.ApplicationFactory(
        ad=ad,
        name="Karin\r\nBcc: offer@example.com\r\n\r\nKöp billiga klockor",
        email="k@example.se",
    )
    assert services.application_send_confirmation(application=application, language="en")
    message = mail.outbox[0]
    # Plain text: the title is not HTML-escaped either.
    assert message.subject == "Your application: HR-chef & förhandlare Bcc: alla@example.com"
    assert message.recipients() == ["k@example.se"]
    assert message.body.splitlines()[0] == (
        "Hello Karin Bcc: offer@example.com Köp billiga klockor,"
    )
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers


def test_one_confirmation_per_address_and_ad(
    client, recruitment, limits, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, recruitment)
        apply(client, recruitment, email="KARIN.EK@example.se")
        apply(client, recruitment, ad=f.JobAdFactory())
    assert Application.objects.count() == 3
    # The first application to each ad is confirmed; the second to the same ad is not.
    assert [m.to for m in mail.outbox] == [["karin.ek@example.se"], ["karin.ek@example.se"]]


# --- Upload size -------------------------------------------------------------------------------


def test_an_eleven_megabyte_application_is_refused_before_it_is_read(
    client, recruitment, monkeypatch
):
    parsed = []
    monkeypatch.setattr(MultiPartParser, "parse", lambda self: parsed.append(self) or ({}, {}))
    big = SimpleUploadedFile("cv.pdf", f.PDF_BYTES + b"0" * (11 * 1024 * 1024))
    response = apply(client, recruitment, cv=big)
    assert response.status_code == 413
    content = response.content.decode()
    assert "a CV may be at most 10.0" in content
    assert "nothing was saved" in content
    assert parsed == []
    assert Application.objects.count() == 0
    assert stored_files() == []


def test_a_huge_declared_body_is_refused_unread_before_the_csrf_check(recruitment, monkeypatch):
    """With CSRF checked as in production, whose middleware reads the body for its token. The
    body is 100 bytes but says it is 300 MB: reading it would fail the test (FakePayload), and
    so would parsing it."""
    monkeypatch.setattr(MultiPartParser, "parse", lambda self: pytest.fail("the body was parsed"))
    client = Client(enforce_csrf_checks=True)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "sv"
    client.get(recruitment.ad.get_absolute_url())  # the CSRF cookie
    response = client.generic(
        "POST",
        recruitment.ad.get_absolute_url(),
        b"-" * 100,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413
    content = response.content.decode()
    assert "Din ansökan skickades inte" in content
    assert "300,0\xa0MB" in content or "300,0 MB" in content
    assert Application.objects.count() == 0


def test_an_application_just_within_the_limit_is_read(client, recruitment, settings):
    settings.RECRUITMENT_APPLICATION_MAX_BYTES = 2 * 1024 * 1024
    settings.RECRUITMENT_CV_MAX_BYTES = 1024 * 1024
    cv = SimpleUploadedFile("cv.pdf", f.PDF_BYTES + b"0" * (1024 * 1024 - len(f.PDF_BYTES)))
    assert apply(client, recruitment, cv=cv).status_code == 302


def test_a_failed_save_leaves_no_cv_on_disk(recruitment, monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(Assessment.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        services.application_submit(
            ad=recruitment.ad,
            token=uuid.uuid4(),
            name="Karin Ek",
            email="karin@example.se",
            phone="0701112233",
            letter="Brev",
            cv=SimpleUploadedFile("a.pdf", f.PDF_BYTES),
            cv_checked=services.CheckedFile("application/pdf", "pdf"),
            self_assessments={recruitment.required.pk: 3, recruitment.merit.pk: 2},
        )
    assert Application.objects.count() == 0
    assert stored_files() == []
