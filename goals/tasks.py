"""Celery tasks of the goal chain: thin wrappers that load rows and call a service."""

from __future__ import annotations

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


@shared_task
def activity_notify_cooperating_units_task(activity_id: int, unit_ids: list[int]) -> int:
    """Tell the editors of newly named co-operating units; returns how many mails were sent."""
    activity = Activity.objects.select_related("owner_unit").filter(pk=activity_id).first()
    if activity is None:  # gone before the worker got to it: nothing to tell
        return 0
    return activity_notify_cooperating_units(activity=activity, unit_ids=unit_ids)


@shared_task
def overlap_scan_activities_task(activity_ids: list[int]) -> dict:
    """Compare saved or imported activities with all others (enqueued after the commit)."""
    return asdict(overlap_scan(activity_ids=activity_ids))


@shared_task
def overlap_scan_full_task() -> dict:
    """The nightly scan of the whole group (beat: overlap-scan-nightly)."""
    return asdict(overlap_scan())


@shared_task
def import_kolada_task() -> None:
    """Indicator values from Kolada (beat: import-kolada-monthly); the command does the work."""
    call_command("import_kolada")
