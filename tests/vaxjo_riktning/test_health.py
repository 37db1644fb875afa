"""/healthz/ and /readyz/ for the load balancer and compose's health checks: without signing in
from this machine and the private networks, a short JSON answer, 503 when a part is not ready."""

from __future__ import annotations

import pytest
from django.urls import reverse

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


def test_not_ready_while_redis_is_away(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["redis"] == {
        "ok": False,
        "ms": body["checks"]["redis"]["ms"],
        "detail": "ConnectionError",
    }
    assert body["checks"]["database"]["ok"]


def test_from_the_internet_only_signed_in(client, reader):
    outside = {"REMOTE_ADDR": "192.36.0.10"}
    assert client.get(reverse("healthz"), **outside).status_code == 403
    assert client.get(reverse("readyz"), **outside).status_code == 403
    client.force_login(reader)
    assert client.get(reverse("healthz"), **outside).status_code == 200
