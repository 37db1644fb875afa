"""Celery tasks of the goal chain: thin wrappers that load rows and call a service."""

from __future__ import annotations

import logging
from dataclasses import asdict

from celery import shared_task
from django.core.management import call_command

# Follow-up's tasks live in goals/followup/tasks.py; imported here because Celery's autodiscovery
# looks only in goals.tasks (their names stay goals.tasks.*).
from goals.followup.tasks import (  # noqa: F401
    export_job_run_task,
    prune_exports_task,
    send_reminders_task,
)
from goals.models import Activity
from goals.overlap.scan import overlap_scan
from goals.services import activity_notify_cooperating_units

logger = logging.getLogger(__name__)


@shared_task
def activity_notify_cooperating_units_task(activity_id: int, unit_ids: list[int]) -> int:
    """Tell the editors of newly named co-operating units; returns how many mails were sent."""
    activity = Activity.objects.select_related("owner_unit").filter(pk=activity_id).first()
    if activity is None or activity.is_withdrawn:
        # Deleted or withdrawn before the worker got to it: nobody needs to hear of it now.
        logger.info(
            "No co-operation mail for activity %s: %s since the save",
            activity_id,
            "withdrawn" if activity is not None else "deleted",
        )
        return 0
    return activity_notify_cooperating_units(activity=activity, unit_ids=unit_ids)


@shared_task
def overlap_scan_activities_task(activity_ids: list[int]) -> dict:
    """Compare saved or imported activities with all others (enqueued after the commit). A
    withdrawn activity is scanned all the same: the scan drops its pairs."""
    present = list(Activity.objects.filter(pk__in=activity_ids).values_list("pk", flat=True))
    if len(present) < len(activity_ids):
        logger.info(
            "Overlap scan: %s of %s activities were deleted since the save",
            len(activity_ids) - len(present),
            len(activity_ids),
        )
    if not present:
        return {}
    return asdict(overlap_scan(activity_ids=present))


@shared_task
def overlap_scan_full_task() -> dict:
    """The nightly scan of the whole group (beat: overlap-scan-nightly)."""
    return asdict(overlap_scan())


@shared_task
def import_kolada_task() -> None:
    """Indicator values from Kolada (beat: import-kolada-monthly); the command does the work."""
    call_command("import_kolada")
