"""Logs and error reports (issue 14): one line per request and per task with ids, never names;
sign-ins and refusals logged without the username; the error reporter, tried against a real
HTTP server standing in for Sentry, sends the exception but no personal data."""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.decorators import login_not_required
from django.core import mail
from django.test import Client
from django.urls import path, reverse
from django.utils.module_loading import import_string

from goals.models import Activity
from recruitment.services import application_erase
from tests import factories as f
from tests.goals.test_views_activity_edit import form_data as activity_form_data
from vaxjo_riktning import errors
from vaxjo_riktning.celery import app as celery_app
from vaxjo_riktning.requestlog import NO_ROUTE
from vaxjo_riktning.signin.audit import network_of, username_pseudonym
from vaxjo_riktning.signin.services import second_factor_reset, signin_unlock
from vaxjo_riktning.tasks import unit_tree_rebuild_task

pytestmark = pytest.mark.django_db

APPLICANT_NAME = "Karin Ek"
APPLICANT_EMAIL = "karin.ek@example.se"


def records(caplog, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == name]


def console_handler() -> logging.Handler:
    """The handler settings.LOGGING puts on the root logger: what reaches stdout."""
    return next(h for h in logging.getLogger().handlers if h.get_name() == "console")


def formatter(name: str) -> logging.Formatter:
    """settings.LOGGING's formatter `name` ("json" or "text"), whichever LOG_FORMAT this run has
    (text when the tests run with DEBUG, as on the embedded database)."""
    spec = dict(django_settings.LOGGING["formatters"][name])
    return import_string(spec.pop("()"))(**spec)


def everything_logged(caplog) -> str:
    """Each record's message, its extra fields and its traceback, as one text to search."""
    standard = set(vars(logging.LogRecord("", 0, "", 0, "", None, None)))
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.extend(repr(v) for k, v in vars(record).items() if k not in standard)
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


# --- One line per request ----------------------------------------------------------------------


def test_a_request_logs_one_line_with_the_route_not_the_path(client, reader, group, caplog):
    activity = f.ActivityFactory(owner_unit=group.administration)
    client.force_login(reader)
    url = reverse("goals:activity_detail", args=[activity.pk])
    with caplog.at_level(logging.INFO, logger="riktning.request"):
        response = client.get(url + "?q=" + APPLICANT_EMAIL)
    assert response.status_code == 200
    [line] = records(caplog, "riktning.request")
    assert line.levelno == logging.INFO
    assert line.method == "GET"
    assert line.route == "/aktiviteter/<int:pk>/"
    assert line.status == 200
    assert isinstance(line.duration_ms, float) and line.duration_ms >= 0
    assert line.user_id == reader.pk
    assert line.request_id == response["X-Request-ID"]
    assert len(line.request_id) == 32
    # Neither the path's id nor the query string.
    assert f"/aktiviteter/{activity.pk}/" not in everything_logged(caplog)
    assert APPLICANT_EMAIL not in everything_logged(caplog)


def test_the_line_is_one_json_object_on_stdout(client, caplog):
    with caplog.at_level(logging.INFO, logger="riktning.request"):
        client.get("/healthz/")
    [line] = records(caplog, "riktning.request")
    written = json.loads(formatter("json").format(line))
    assert written["logger"] == "riktning.request"
    assert written["level"] == "INFO"
    assert {k: written[k] for k in ("method", "route", "status", "user_id")} == {
        "method": "GET",
        "route": "/healthz/",
        "status": 200,
        "user_id": None,
    }
    assert written["request_id"] == line.request_id


def test_an_unknown_path_logs_no_route_and_not_the_path(client, reader, caplog):
    client.force_login(reader)
    with caplog.at_level(logging.INFO, logger="riktning.request"):
        response = client.get(f"/nowhere/{APPLICANT_EMAIL}/")
    assert response.status_code == 404
    [line] = records(caplog, "riktning.request")
    assert (line.route, line.status) == (NO_ROUTE, 404)
    assert APPLICANT_EMAIL not in everything_logged(caplog)


def test_a_plain_request_id_is_taken_and_echoed(client, caplog):
    with caplog.at_level(logging.INFO, logger="riktning.request"):
        response = client.get("/healthz/", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response["X-Request-ID"] == "lb-7f3a.42"
    assert records(caplog, "riktning.request")[0].request_id == "lb-7f3a.42"


@pytest.mark.parametrize("sent", ["two words", "x" * 65, "forged\nline", "<script>"])
def test_a_request_id_that_is_no_plain_token_is_replaced(client, sent):
    response = client.get("/healthz/", headers={"X-Request-ID": sent})
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32


def test_a_refusal_is_logged_with_the_route_and_the_user(client, reader, group, caplog):
    activity = f.ActivityFactory(owner_unit=group.administration)
    client.force_login(reader)
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("goals:activity_edit", args=[activity.pk]))
    assert response.status_code == 403
    [refusal] = records(caplog, "riktning.security")
    assert refusal.levelno == logging.WARNING
    assert (refusal.event, refusal.status) == ("refused", 403)
    assert refusal.route == "/aktiviteter/<int:pk>/redigera/"
    assert refusal.user_id == reader.pk
    assert records(caplog, "riktning.request")[0].status == 403


def test_an_allowed_request_logs_no_refusal(client, reader, caplog):
    client.force_login(reader)
    with caplog.at_level(logging.INFO):
        assert client.get(reverse("overview")).status_code == 200
    assert records(caplog, "riktning.security") == []


# --- One line per task -------------------------------------------------------------------------


def test_a_task_logs_its_name_id_state_and_duration_not_its_arguments(group, caplog):
    with caplog.at_level(logging.INFO, logger="riktning.task"):
        result = unit_tree_rebuild_task.delay()
    [line] = records(caplog, "riktning.task")
    assert line.task == "vaxjo_riktning.tasks.unit_tree_rebuild_task"
    assert line.task_id == result.id
    assert line.state == "SUCCESS"
    assert isinstance(line.duration_ms, float) and line.duration_ms >= 0
    assert line.error is None
    assert not hasattr(line, "args_") and not hasattr(line, "kwargs")


@celery_app.task(name="tests.test_logging.failing_task")
def failing_task(email: str) -> None:
    raise ValueError(f"no mail to {email}")


@pytest.mark.parametrize("where", ["worker", "eager"])
def test_a_failed_task_logs_the_exception_class_only(caplog, where):
    with caplog.at_level(logging.INFO, logger="riktning.task"):
        if where == "worker":  # as a worker runs it: the failure is recorded, not raised
            assert failing_task.apply(args=[APPLICANT_EMAIL], throw=False).failed()
        else:  # without REDIS_URL: the caller gets the exception
            with pytest.raises(ValueError):
                failing_task.delay(APPLICANT_EMAIL)
    [line] = records(caplog, "riktning.task")
    assert (line.levelno, line.state, line.error) == (logging.ERROR, "FAILURE", "ValueError")
    assert APPLICANT_EMAIL not in line.getMessage()
    assert APPLICANT_EMAIL not in repr(vars(line))


# --- Sign-ins ----------------------------------------------------------------------------------


def test_a_failed_sign_in_logs_a_keyed_hash_of_the_username_and_the_network(client, reader, caplog):
    with caplog.at_level(logging.DEBUG):
        client.post(
            "/konto/logga-in/",
            {"username": "lasare", "password": "wrong"},
            REMOTE_ADDR="192.0.2.10",
        )
    [line] = [r for r in records(caplog, "riktning.signin") if r.event == "signin_failed"]
    assert line.levelno == logging.WARNING
    assert line.username_hmac == username_pseudonym("lasare") == username_pseudonym("LASARE")
    assert len(line.username_hmac) == 16
    assert line.client_network == "192.0.2.0/24"
    logged = everything_logged(caplog)
    assert "lasare" not in logged
    assert "192.0.2.10" not in logged


def test_the_username_hash_is_keyed_by_the_secret_key(settings):
    before = username_pseudonym("lasare")
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert username_pseudonym("lasare") != before


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("192.0.2.10", "192.0.2.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("::ffff:198.51.100.7", "198.51.100.0/24"),
        ("not an address", None),
        ("", None),
    ],
)
def test_an_address_is_logged_as_its_network(address, network):
    assert network_of(address) == network


def test_a_sign_in_logs_the_user_id_not_the_username(client, reader, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.post("/konto/logga-in/", {"username": "lasare", "password": f.PASSWORD})
    assert response.status_code == 302
    [line] = [r for r in records(caplog, "riktning.signin") if r.event == "signin_succeeded"]
    assert line.levelno == logging.INFO
    assert line.user_id == reader.pk
    assert line.backend == "ModelBackend"
    assert "lasare" not in everything_logged(caplog)


# --- No personal data at any level -------------------------------------------------------------


def test_signing_in_applying_and_saving_an_activity_log_no_personal_data(
    client, editor, company_editor, group, caplog, django_capture_on_commit_callbacks
):
    editor.first_name, editor.last_name = "Ingrid", "Redaktörsson"
    editor.save()
    ad = f.JobAdFactory()
    goal = f.GoalFactory()
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        # A colleague mistypes the editor's password, giving the e-mail address as username.
        Client().post("/konto/logga-in/", {"username": editor.email, "password": "wrong"})
        Client().post("/konto/logga-in/", {"username": "redaktor", "password": "wrong"})
        applied = Client().post(
            ad.get_absolute_url(),
            {
                "token": "6f1d3c1e-5b7a-4a43-9d1c-0d7f0b5d1a11",
                "name": APPLICANT_NAME,
                "email": APPLICANT_EMAIL,
                "phone": "070-111 22 33",
                "letter": "Jag heter Karin Ek och vill arbeta hos er.",
                "cv": _cv(),
            },
        )
        client.force_login(editor)
        saved = client.post(
            reverse("goals:activity_create"),
            activity_form_data(
                unit=group.administration,
                cooperating_units=[group.company.pk],
                contributions=[{"goal": goal.pk}],
                responsible="Ingrid Redaktörsson",
                title="Simskola",
            ),
        )
    # Each happened for real: the application is saved and confirmed, the activity saved and
    # its co-operating unit's editor told by mail; requests and tasks logged lines.
    assert applied.status_code == 302, applied.content.decode()[:2000]
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Activity.objects.filter(title="Simskola").exists()
    assert {tuple(m.to) for m in mail.outbox} >= {(APPLICANT_EMAIL,), (company_editor.email,)}
    assert records(caplog, "riktning.request") and records(caplog, "riktning.task")
    assert len([r for r in records(caplog, "riktning.signin") if r.event == "signin_failed"]) == 2
    logged = everything_logged(caplog)
    for personal in (
        "redaktor",
        editor.email,
        "Ingrid",
        "Redaktörsson",
        company_editor.email,
        APPLICANT_NAME,
        APPLICANT_EMAIL,
        "070-111 22 33",
        "Jag heter",
    ):
        assert personal not in logged, personal


def test_unlocking_resetting_erasing_and_a_honeypot_log_ids_only(
    client, editor, administrator, caplog
):
    application = f.ApplicationFactory(name=APPLICANT_NAME, email=APPLICANT_EMAIL)
    ad = application.ad
    with caplog.at_level(logging.DEBUG):
        signin_unlock(users=[editor], by=administrator)
        second_factor_reset(users=[editor], by=administrator)
        application_erase(
            user=administrator,
            application=application,
            reason=f"{APPLICANT_NAME} asked by phone",
        )
        Client().post(ad.get_absolute_url(), {"homepage": "x"}, REMOTE_ADDR="192.0.2.10")
    messages = [r.getMessage() for r in caplog.records]
    assert f"Sign-in unlocked for user {editor.pk} by user {administrator.pk}." in messages
    assert any("honeypot filled by a client from 192.0.2.0/24" in m for m in messages)
    logged = everything_logged(caplog)
    for personal in ("redaktor", "admin ", APPLICANT_NAME, "asked by phone", "192.0.2.10"):
        assert personal not in logged, personal


def _cv():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cv.pdf", f.PDF_BYTES, "application/pdf")


def test_what_reaches_stdout_has_no_e_mail_address_or_personnummer():
    record = logging.LogRecord(
        "some.library", logging.ERROR, __file__, 1, "Key (email)=(%s) exists", ("a@b.se",), None
    )
    record.detail = "personnummer 19850101-1234"
    json_line = formatter("json").format(record)
    assert "a@b.se" not in json_line
    assert "19850101-1234" not in json_line
    assert errors.FILTERED in json_line
    text_line = formatter("text").format(record)
    assert "a@b.se" not in text_line
    assert errors.FILTERED in text_line


# --- The error reporter ------------------------------------------------------------------------


@login_not_required
def _failing_view(request):
    raise RuntimeError(f"No confirmation to {APPLICANT_EMAIL} (19850101-1234)")


urlpatterns = [path("fel/", _failing_view)]


class _Envelopes(BaseHTTPRequestHandler):
    """Sentry's ingest, as far as the SDK can tell: keeps each envelope it is sent."""

    received: list[bytes]

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_ingest():
    import sentry_sdk

    received: list[bytes] = []
    handler = type("Envelopes", (_Envelopes,), {"received": received})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    errors.sentry_init(dsn=f"http://public@127.0.0.1:{server.server_port}/1", environment="test")
    try:
        yield received
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)
        server.shutdown()
        server.server_close()


@pytest.mark.urls(__name__)
def test_an_error_reaches_the_reporter_without_personal_data(sentry_ingest, reader):
    import sentry_sdk

    client = Client(raise_request_exception=False)
    client.force_login(reader)
    client.cookies["sokande"] = APPLICANT_EMAIL
    response = client.get("/fel/?email=" + APPLICANT_EMAIL, REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    envelope = b"\n".join(sentry_ingest).decode()
    assert '"type":"RuntimeError"' in envelope.replace(" ", "")
    assert "No confirmation to [Filtered] ([Filtered])" in envelope
    for personal in (APPLICANT_EMAIL, "19850101-1234", "192.0.2.10", "lasare", "sokande"):
        assert personal not in envelope, personal
    event = next(json.loads(line) for line in envelope.splitlines() if '"exception"' in line)
    assert set(event["request"]) <= {"method", "url"}
    assert set(event.get("user", {})) <= {"id"}


def test_the_scrubber_takes_out_bodies_cookies_query_strings_and_the_user():
    event = {
        "event_id": "4f9c1e2d3b4a59687766554433221100",
        "request": {
            "url": "https://riktning.example.se/ansok/3/?email=a@b.se",
            "method": "POST",
            "query_string": "email=a@b.se",
            "data": {"name": "Karin Ek"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Cookie": "sessionid=abc", "X-Forwarded-For": "192.0.2.10"},
            "env": {"REMOTE_ADDR": "192.0.2.10"},
        },
        "user": {"id": 7, "email": "k@example.se", "username": "karin", "ip_address": "1.2.3.4"},
        "breadcrumbs": {"values": [{"message": "sent to k@example.se", "data": {"to": "x"}}]},
        "extra": {"applicant": "Karin Ek"},
    }
    scrubbed = errors.scrub(event)
    assert scrubbed["request"] == {"url": "https://riktning.example.se/ansok/3/", "method": "POST"}
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["breadcrumbs"]["values"] == [{"message": "sent to [Filtered]"}]
    assert "extra" not in scrubbed
    assert scrubbed["event_id"] == "4f9c1e2d3b4a59687766554433221100"


# --- The settings ------------------------------------------------------------------------------

PROBE = """
import json, logging
import django
django.setup()
import sentry_sdk
from django.conf import settings
console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
print(json.dumps({
    "LOG_FORMAT": settings.LOG_FORMAT,
    "formatter": type(console.formatter).__name__,
    "sentry": sentry_sdk.get_client().is_active(),
}))
"""
NOWHERE = "postgres://riktning@127.0.0.1:9/riktning"


def _settings_with(**env: str) -> subprocess.CompletedProcess:
    """The settings imported in a fresh process with only these variables (as test_settings)."""
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "vaxjo_riktning.settings",
            **env,
        },
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, {"LOG_FORMAT": "json", "formatter": "ScrubbingJsonFormatter", "sentry": False}),
        (
            {"DEBUG": "1"},
            {"LOG_FORMAT": "text", "formatter": "ScrubbingFormatter", "sentry": False},
        ),
        (
            {"LOG_FORMAT": "text"},
            {"LOG_FORMAT": "text", "formatter": "ScrubbingFormatter", "sentry": False},
        ),
        (
            {"SENTRY_DSN": "http://public@127.0.0.1:9/1"},
            {"LOG_FORMAT": "json", "formatter": "ScrubbingJsonFormatter", "sentry": True},
        ),
    ],
)
def test_json_logs_in_production_text_with_debug_and_the_reporter_only_with_a_dsn(env, expected):
    probe = _settings_with(DATABASE_URL=NOWHERE, SECRET_KEY="settings-test-only", **env)
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout.splitlines()[-1]) == expected


def test_an_unknown_log_format_stops_the_settings():
    probe = _settings_with(DATABASE_URL=NOWHERE, SECRET_KEY="settings-test-only", LOG_FORMAT="xml")
    assert probe.returncode != 0
    assert "LOG_FORMAT must be json or text" in probe.stderr
