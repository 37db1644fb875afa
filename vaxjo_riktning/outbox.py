"""The outbox: work that a committed change asks for is never lost, and runs exactly once.

A save that should start a scan, a mail, a report or a refresh records it as an OutboxTask row
in its own transaction (``enqueue``). Once the transaction commits, the request hands the row to
Celery (``hand_over``); with Redis away that fails quietly, the save still answers as a
success, and the periodic sender (``send_pending``, beat every 30 seconds, or ``manage.py
send_outbox`` from cron) hands it over when Redis is back. A row handed over long ago and still
not done, because Redis lost the message in a restart or its worker was killed, is handed over
again.

A worker runs a row through ``run``: under a PostgreSQL advisory lock on the row (a second
delivery of the same row while it runs gives way), only while the row is not done, and marks
it done afterwards. A worker killed mid-task drops its connection and with it the lock, and the
row is run again later: so every outboxed task must be safe to run twice (they are: the scans
and the refresh work out the present state again, a report job is claimed by its state, and
mail goes through ``vaxjo_riktning.mail.send_once``). A task whose object was deleted or
withdrawn since it was queued finishes quietly and logs why (its body returns; see the tasks).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, F, Min, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from vaxjo_riktning import locks
from vaxjo_riktning.celery import app as celery_app
from vaxjo_riktning.models import OutboxTask, SentMail

logger = logging.getLogger("riktning.outbox")

# The request hands its own rows over; the sender leaves them this long to do so.
GRACE = timedelta(seconds=20)
# A row handed over this long ago and not done is handed over again: its message was lost, its
# worker died, or its last run failed (so this is also the pause between tries).
HAND_AGAIN_AFTER = timedelta(minutes=3)
# After this many failed runs a row is given up, marked done with the failure, and logged as an
# error for operations to look at.
MAX_ATTEMPTS = 5
# Done rows, and the keys of mails sent, are kept this long for the admin's and the logs' sake.
KEEP_DONE = timedelta(days=7)
KEEP_SENT_MAIL_KEYS = timedelta(days=30)
# After the broker refused a hand-over, this process leaves hand-overs to the sender this long,
# so that requests do not each wait for a broker that is away.
BROKER_PAUSE_SECONDS = 15.0

_broker_away_until = 0.0


def enqueue(task: Any, *args: Any, key: str = "") -> None:
    """Record that `task` (a Celery task) is to run with `args` (ids, never personal data) once
    the current transaction commits, and hand it over then. With a `key`, a second enqueue
    while one with that key still waits to start adds nothing."""
    try:
        with transaction.atomic():
            row = OutboxTask.objects.create(task=task.name, args=list(args), key=key)
    except IntegrityError:  # one with this key waits already, and will see this change too
        return
    transaction.on_commit(lambda: hand_over([row.pk]), robust=True)


def hand_over(ids: Sequence[int]) -> int:
    """Give the rows to Celery; returns how many it took. Never raises: what is not handed over
    now the sender hands over later."""
    global _broker_away_until
    from vaxjo_riktning.tasks import outbox_run_task

    if not ids or time.monotonic() < _broker_away_until:
        return 0
    handed: list[int] = []
    for pk in ids:
        try:
            outbox_run_task.apply_async((pk,), retry=False)
        except (OSError, KombuOperationalError) as error:  # the broker (Redis) is away
            _broker_away_until = time.monotonic() + BROKER_PAUSE_SECONDS
            logger.warning(
                "The broker is unavailable; %s task(s) wait in the outbox (%s)",
                len(ids) - len(handed),
                type(error).__name__,
            )
            break
        except Exception:  # a fault of ours, not of the broker: the row waits, operations look
            logger.exception("Outbox task %s could not be handed over", pk)
            break
        handed.append(pk)
    if handed:
        try:
            OutboxTask.objects.filter(pk__in=handed, done_at__isnull=True).update(
                handed_at=timezone.now(), handed_count=F("handed_count") + 1
            )
        except DatabaseError:
            logger.warning("Could not note %s hand-over(s); they may be handed again", handed)
    return len(handed)


def send_pending(*, limit: int = 500) -> int:
    """Hand over what waits: rows the request could not hand over, and rows handed over long
    ago and not done. Removes old done rows. Returns how many were handed over."""
    global _broker_away_until
    _broker_away_until = 0.0  # the sender always tries
    now = timezone.now()
    waiting = list(
        OutboxTask.objects.filter(done_at__isnull=True)
        .filter(
            Q(handed_at__isnull=True, created_at__lt=now - GRACE)
            | Q(handed_at__lt=now - HAND_AGAIN_AFTER)
        )
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    handed = hand_over(waiting)
    prune(now=now)
    return handed


def prune(*, now: Any = None) -> None:
    now = now or timezone.now()
    OutboxTask.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    SentMail.objects.filter(sent_at__lt=now - KEEP_SENT_MAIL_KEYS).delete()


def run(pk: int) -> str:
    """Run the row's task unless it is done or running elsewhere; returns what happened."""
    with locks.held(locks.OUTBOX, pk) as taken:
        if not taken:
            logger.info("Outbox task %s is running in another worker; this delivery gives way", pk)
            return "running elsewhere"
        return _run_locked(pk)


def _run_locked(pk: int) -> str:
    row = OutboxTask.objects.filter(pk=pk).first()
    if row is None:
        return "not found"
    if row.done_at is not None:
        logger.info("Outbox task %s (%s) was done already; a second delivery", pk, row.task)
        return "done already"
    attempt = row.attempts + 1
    OutboxTask.objects.filter(pk=pk).update(started_at=timezone.now(), attempts=attempt)
    task = celery_app.tasks.get(row.task)
    if task is None:
        logger.error("Outbox task %s names a task that does not exist: %s", pk, row.task)
        _finish(pk, f"unknown task {row.task}")
        return "unknown task"
    try:
        result = task.run(*row.args)
    except Exception as error:
        if attempt >= MAX_ATTEMPTS:
            logger.exception("Outbox task %s (%s) failed %s times; given up", pk, row.task, attempt)
            _finish(pk, f"failed {attempt} times: {type(error).__name__}")
            return "given up"
        logger.exception("Outbox task %s (%s) failed; tried again later", pk, row.task)
        OutboxTask.objects.filter(pk=pk).update(
            outcome=f"failed, tried again later: {type(error).__name__}"[:300]
        )
        return "failed"
    _finish(pk, _describe(result))
    return "done"


def _describe(result: Any) -> str:
    if result is None:
        return "done"
    return f"done: {result}"[:300]


def _finish(pk: int, outcome: str) -> None:
    OutboxTask.objects.filter(pk=pk).update(done_at=timezone.now(), outcome=outcome[:300])


def waiting() -> dict[str, Any]:
    """What /readyz/ reports: how many rows wait and how old the oldest is, in seconds."""
    pending = OutboxTask.objects.filter(done_at__isnull=True).aggregate(
        count=Count("id"), oldest=Min("created_at")
    )
    oldest = pending["oldest"]
    return {
        "waiting": pending["count"],
        "oldest_s": round((timezone.now() - oldest).total_seconds()) if oldest else 0,
    }
