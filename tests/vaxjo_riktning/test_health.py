"""/healthz/ and /readyz/ for the load balancer and compose's health checks: without signing in
from this machine and the private networks, a short JSON answer, 503 when a part is not ready."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from vaxjo_riktning import health
from vaxjo_riktning.models import OutboxTask

pytestmark = pytest.mark.django_db


def test_the_process_answers_without_signing_in_from_this_machine(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_the_database_answers_and_every_migration_is_applied(client, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] and body["checks"]["migrations"]["ok"]
    assert "redis" not in body["checks"]


def test_ready_but_degraded_while_redis_is_away(client, settings):
    """Pages work without Redis (the cache falls back, the outbox keeps the work): a load
    balancer must not take the web processes out, so 200, and what is wrong is reported."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["redis"] == {
        "ok": False,
        "ms": body["checks"]["redis"]["ms"],
        "detail": "ConnectionError",
    }
    assert body["checks"]["worker"] == {"ok": False, "detail": "no Redis"}
    assert body["checks"]["database"]["ok"]


def test_not_ready_while_a_migration_is_not_applied(client, settings, monkeypatch):
    settings.REDIS_URL = ""
    monkeypatch.setitem(health.__dict__, "_migrations", _one_migration_missing)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["status"] == "not ready"
    assert response.json()["checks"]["migrations"]["detail"] == "DatabaseError"


def _one_migration_missing() -> str:
    raise DatabaseError("1 migrations not applied")


def test_the_outbox_is_reported_and_behind_when_its_oldest_task_waits_long(client, settings):
    settings.REDIS_URL = ""
    OutboxTask.objects.create(task="goals.tasks.overlap_scan_activities_task")
    assert client.get(reverse("readyz")).json()["checks"]["outbox"]["detail"] == (
        "1 waiting, the oldest 0 s"
    )
    OutboxTask.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    body = client.get(reverse("readyz")).json()
    assert (body["status"], body["checks"]["outbox"]["ok"]) == ("degraded", False)
    assert body["checks"]["outbox"]["detail"] == "1 waiting, the oldest 660 s"


def test_from_the_internet_only_signed_in(client, reader):
    outside = {"REMOTE_ADDR": "192.36.0.10"}
    assert client.get(reverse("healthz"), **outside).status_code == 403
    assert client.get(reverse("readyz"), **outside).status_code == 403
    client.force_login(reader)
    assert client.get(reverse("healthz"), **outside).status_code == 200
