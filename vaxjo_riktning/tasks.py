"""Celery tasks of the group itself: thin wrappers around the model's own rules."""

from __future__ import annotations

from celery import current_app, shared_task

from vaxjo_riktning import outbox
from vaxjo_riktning.models import Unit


@shared_task
def unit_tree_rebuild_task() -> int:
    """Recompute every unit's top unit; returns how many units changed.

    Unit.save() keeps the tree right, but a bulk QuerySet.update() of parents, an import or a
    data migration does not call save(); this puts the overview's rows right again afterwards.
    Idempotent: a second run changes nothing.
    """
    return Unit.rebuild_top_units()


@shared_task(ignore_result=True)
def overview_refresh_task() -> None:
    """Work the overview out for the group as it is now, so that the next visit reads it from
    the cache (every part is cached under a fingerprint of its data, so this never shows
    anything stale: it only moves the aggregation off the next visitor's request; the visit
    still writes the parts' HTML)."""
    from vaxjo_riktning.selectors import overview_refresh

    overview_refresh()


def overview_refresh_on_commit() -> None:
    """After the change being made commits, have a worker refresh the overview (through the
    outbox: one refresh waits at a time, however many saves ask for it). Without a worker (no
    REDIS_URL: tasks run inside the request) nothing is enqueued, since the save would only pay
    for the next visit's work."""
    if current_app.conf.task_always_eager:
        return
    outbox.enqueue(overview_refresh_task, key="overview-refresh")


@shared_task(ignore_result=True, acks_late=True)
def outbox_run_task(outbox_id: int) -> str:
    """Run one outbox row's task, exactly once (vaxjo_riktning.outbox.run)."""
    return outbox.run(outbox_id)


@shared_task(ignore_result=True)
def outbox_send_task() -> int:
    """Hand over what waits in the outbox (beat: outbox-send)."""
    return outbox.send_pending()
