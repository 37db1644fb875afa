"""What /readyz/ checks: the database, its migrations and Redis, each quickly, answering
whether it is ok and, if not, a short reason without personal data."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor


def _timed(check) -> dict[str, Any]:
    started = time.monotonic()
    try:
        detail = check()
        ok = True
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


def readiness() -> dict[str, dict[str, Any]]:
    checks = {"database": _timed(_database)}
    checks["migrations"] = (
        _timed(_migrations) if checks["database"]["ok"] else {"ok": False, "detail": "no database"}
    )
    if settings.REDIS_URL:
        checks["redis"] = _timed(_redis)
    return checks
