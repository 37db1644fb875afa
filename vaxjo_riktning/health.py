"""What /readyz/ checks: the database, its migrations and Redis, each quickly, answering
whether it is ok and, if not, a short reason without personal data; and what it reports beside:
the Celery worker's and beat's heartbeats and the outbox's waiting work.

Only the database and its migrations decide readiness: pages work without Redis and without a
worker (the cache falls back, the outbox keeps the work), so a load balancer that took the web
processes out while Redis restarts would turn a slower site into none."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from vaxjo_riktning import heartbeat, outbox


def _timed(check) -> dict[str, Any]:
    started = time.monotonic()
    try:
        detail = check()
        ok = True
    except LookupError as error:  # what the check found, in its own words
        ok, detail = False, str(error)
    except Exception as error:  # a readiness check reports, it never raises
        ok, detail = False, type(error).__name__
    result: dict[str, Any] = {"ok": ok, "ms": round((time.monotonic() - started) * 1000, 1)}
    if detail:
        result["detail"] = detail
    return result


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return ""


def _migrations() -> str:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise DatabaseError(f"{len(plan)} migrations not applied")
    return ""


def _redis() -> str:
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    return ""


# The outbox is behind when its oldest waiting task is older than this.
OUTBOX_BEHIND_SECONDS = 10 * 60
# Beat ticks at least every 30 seconds; a heartbeat older than this means it stopped.
BEAT_SILENT_SECONDS = 120


def _worker() -> str:
    seen = heartbeat.seen()
    if not seen["workers"]:
        raise LookupError("no worker heartbeat in the last minute")
    if seen["beat_s"] is None or seen["beat_s"] > BEAT_SILENT_SECONDS:
        raise LookupError(f"{seen['workers']} worker(s); no beat heartbeat")
    return f"{seen['workers']} worker(s); beat {seen['beat_s']} s ago"


def _outbox() -> str:
    state = outbox.waiting()
    detail = f"{state['waiting']} waiting, the oldest {state['oldest_s']} s"
    if state["oldest_s"] > OUTBOX_BEHIND_SECONDS:
        raise LookupError(detail)
    return detail


#: What must be ok for /readyz/ to answer 200.
DECIDING = ("database", "migrations")


def readiness() -> dict[str, dict[str, Any]]:
    checks = {"database": _timed(_database)}
    checks["migrations"] = (
        _timed(_migrations) if checks["database"]["ok"] else {"ok": False, "detail": "no database"}
    )
    if settings.REDIS_URL:
        checks["redis"] = _timed(_redis)
        checks["worker"] = (
            _timed(_worker) if checks["redis"]["ok"] else {"ok": False, "detail": "no Redis"}
        )
    if checks["database"]["ok"]:
        checks["outbox"] = _timed(_outbox)
    return checks
