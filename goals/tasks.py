"""Celery tasks of the goal chain: thin wrappers that load rows and call a service."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task
from django.core.management import call_command

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
def send_reminders_task() -> None:
    """Reminders before reporting deadlines (beat: followup-reminders-daily); the command does
    the work, so a person can run the very same thing by hand."""
    call_command("send_reminders")


@shared_task
def import_kolada_task() -> None:
    """Indicator values from Kolada (beat: import-kolada-monthly); the command does the work."""
    call_command("import_kolada")


@shared_task
def export_job_run_task(job_id: int) -> str | None:
    """Build a period report in the background (enqueued when the job is committed); returns
    the job's state."""
    from goals.followup.exports import export_job_run

    job = export_job_run(job_id=job_id)
    return job.state if job is not None else None


@shared_task
def prune_exports_task() -> None:
    """Old report files (beat: prune-exports-nightly); the command does the work."""
    call_command("prune_exports")
