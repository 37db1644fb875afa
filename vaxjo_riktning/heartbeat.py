"""Heartbeats of the Celery worker and beat, for /readyz/ and compose's health checks.

Every 15 seconds the worker (a bootstep on its timer, so a worker whose main loop hangs stops
beating) and beat (on each tick of its scheduler) touch a file of their own, which compose's
health check of that container reads, and write a key to Redis that expires after a minute,
which /readyz/ reads: how many workers beat, and how long ago beat last ticked.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from celery import bootsteps
from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 15.0
# A key not renewed for this long expires: its worker is gone.
TTL_SECONDS = 60
PREFIX = "riktning:heartbeat:"


def _redis() -> Any:
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)


def alive_file(kind: str) -> Path:
    """The file a health check reads: its age is the time since the last heartbeat."""
    return Path(settings.HEARTBEAT_DIR) / f"riktning-{kind}.alive"


def record(kind: str, name: str = "") -> None:
    """One heartbeat of `kind` ("worker" or "beat"); never raises."""
    try:
        alive_file(kind).touch()
    except OSError as error:
        logger.warning("Heartbeat file for %s not written (%s)", kind, type(error).__name__)
    if not settings.REDIS_URL:
        return
    try:
        _redis().set(f"{PREFIX}{kind}:{name}", int(time.time()), ex=TTL_SECONDS)
    except Exception as error:  # Redis is away: /readyz/ reports that by itself
        logger.debug("Heartbeat of %s not written to Redis (%s)", kind, type(error).__name__)


def seen() -> dict[str, Any]:
    """What /readyz/ reports: the workers that beat within the last minute, and the seconds
    since the youngest heartbeat of each kind (None when none)."""
    client = _redis()
    now = time.time()
    ages: dict[str, list[float]] = {"worker": [], "beat": []}
    keys = list(client.scan_iter(match=f"{PREFIX}*", count=100))
    # One round trip for all the values; a key that expired since the scan reads None.
    for key, value in zip(keys, client.mget(keys) if keys else [], strict=True):
        kind = key.decode().removeprefix(PREFIX).split(":", 1)[0]
        if kind in ages and value is not None:
            ages[kind].append(now - int(value))
    return {
        "workers": len(ages["worker"]),
        "worker_s": round(min(ages["worker"])) if ages["worker"] else None,
        "beat_s": round(min(ages["beat"])) if ages["beat"] else None,
    }


class WorkerHeartbeat(bootsteps.StartStopStep):
    """Beats on the worker's own timer from the moment it starts."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker: Any, **kwargs: Any) -> None:
        super().__init__(worker, **kwargs)
        self.timer_entry: Any = None

    def start(self, worker: Any) -> None:
        record("worker", worker.hostname)
        self.timer_entry = worker.timer.call_repeatedly(
            INTERVAL_SECONDS, record, ("worker", worker.hostname), priority=10
        )

    def stop(self, worker: Any) -> None:
        if self.timer_entry is not None:
            self.timer_entry.cancel()


class HeartbeatScheduler(PersistentScheduler):
    """Beat's scheduler, beating at most every 15 seconds as it ticks (beat ticks at least every
    30 seconds here: the outbox's sender runs that often)."""

    _last_beat = 0.0

    def tick(self, *args: Any, **kwargs: Any) -> float:
        now = time.monotonic()
        if now - self._last_beat >= INTERVAL_SECONDS:
            self._last_beat = now
            record("beat", "beat")
        return super().tick(*args, **kwargs)
