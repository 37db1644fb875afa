"""The worker and beat beat: a file for their containers' health checks, a key in Redis for
/readyz/ (vaxjo_riktning/heartbeat.py)."""

from __future__ import annotations

import re
import time

import pytest
import redis
from django.urls import reverse

from vaxjo_riktning import heartbeat
from vaxjo_riktning.celery import app as celery_app


@pytest.fixture
def beating(settings, redis_url, tmp_path):
    """Heartbeats to a Redis database and a folder of this test's own (workers of other tests
    running meanwhile beat elsewhere), with no heartbeat of an earlier run left."""
    settings.REDIS_URL = redis_url.rsplit("/", 1)[0] + "/14"
    settings.HEARTBEAT_DIR = tmp_path
    client = redis.Redis.from_url(settings.REDIS_URL)
    for key in client.scan_iter(match=f"{heartbeat.PREFIX}*"):
        client.delete(key)
    yield client
    for key in client.scan_iter(match=f"{heartbeat.PREFIX}*"):
        client.delete(key)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_and_beat_make_readyz_say_ready(beating, celery_worker, client, tmp_path):
    # The worker beat as it started: its file and its key, which expires within a minute.
    assert heartbeat.alive_file("worker").exists()
    key = f"{heartbeat.PREFIX}worker:{celery_worker.hostname}"
    assert 0 < beating.ttl(key) <= heartbeat.TTL_SECONDS
    checks = client.get(reverse("readyz")).json()["checks"]
    assert checks["worker"] == {
        "ok": False,
        "ms": checks["worker"]["ms"],
        "detail": "1 worker(s); no beat heartbeat",
    }

    saved = celery_app.conf.beat_schedule
    celery_app.conf.beat_schedule = {}  # a tick that sends nothing
    try:
        scheduler = heartbeat.HeartbeatScheduler(
            app=celery_app, schedule_filename=str(tmp_path / "beat-schedule")
        )
        scheduler.tick()
        scheduler.close()
    finally:
        celery_app.conf.beat_schedule = saved
    assert heartbeat.alive_file("beat").stat().st_mtime > time.time() - 5

    response = client.get(reverse("readyz"))
    body = response.json()
    assert (response.status_code, body["status"]) == (200, "ready"), body
    assert re.fullmatch(r"1 worker\(s\); beat [0-5] s ago", body["checks"]["worker"]["detail"])


@pytest.mark.django_db
def test_without_a_worker_readyz_says_so(beating, client):
    body = client.get(reverse("readyz")).json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["detail"] == "no worker heartbeat in the last minute"


def test_a_heartbeat_with_redis_away_still_touches_its_file(settings, tmp_path):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.HEARTBEAT_DIR = tmp_path
    heartbeat.record("worker", "w1")
    assert heartbeat.alive_file("worker").exists()
