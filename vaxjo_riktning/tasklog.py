"""One log line per Celery task: its name, id, final state and duration, and for a failure the
exception's class. Never the task's arguments, its result or the exception's message: they may
hold an applicant's name or address. Connected to Celery's signals in vaxjo_riktning/celery.py,
so a worker and an eager call (no REDIS_URL) log alike.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

logger = logging.getLogger("riktning.task")

# When each running task started, by task id; a worker runs several at once (and a task may
# call another eagerly), so not one variable.
_started: dict[str, float] = {}
_failed: dict[str, str] = {}


def task_started(task_id: str | None = None, **kwargs: Any) -> None:
    if task_id:
        _started[task_id] = time.monotonic()


def task_failed(task_id: str | None = None, exception: BaseException | None = None, **kwargs: Any):
    if task_id and exception is not None:
        _failed[task_id] = type(exception).__name__


def task_finished(
    task_id: str | None = None, task: Any = None, state: str | None = None, **kwargs: Any
) -> None:
    started = _started.pop(task_id or "", None)
    error = _failed.pop(task_id or "", None)
    if state is None:
        # An eager call that propagates its exception (no REDIS_URL) skips task_failure and
        # sends this while the exception is on its way to the caller.
        raised = sys.exc_info()[1]
        if raised is not None:
            state, error = "FAILURE", type(raised).__name__
    fields = {
        "event": "task",
        "task": getattr(task, "name", None),
        "task_id": task_id,
        "state": state,
        "duration_ms": round((time.monotonic() - started) * 1000, 1) if started else None,
        "error": error,
    }
    level = logging.ERROR if error else logging.INFO
    logger.log(
        level,
        "Task %(task)s %(task_id)s %(state)s in %(duration_ms)s ms",
        fields,
        extra=fields,
    )
