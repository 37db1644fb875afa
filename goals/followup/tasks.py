"""Follow-up's Celery tasks: thin wrappers around the commands and the export jobs.

Each keeps its old name, goals.tasks.*, given with ``name=``: the beat schedule
(CELERY_BEAT_SCHEDULE) and messages already queued address a task by that name. Celery's
autodiscovery imports only goals.tasks, which imports these.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task(name="goals.tasks.send_reminders_task")
def send_reminders_task() -> None:
    """Reminders before reporting deadlines (beat: followup-reminders-daily); the command does
    the work, so a person can run the very same thing by hand."""
    call_command("send_reminders")


@shared_task(name="goals.tasks.export_job_run_task")
def export_job_run_task(job_id: int) -> str | None:
    """Build a period report in the background (enqueued when the job is committed); returns
    the job's state."""
    from goals.followup.export_jobs import export_job_run

    job = export_job_run(job_id=job_id)
    if job is None:  # removed (pruned, or by an administrator) before the worker got to it
        logger.info("Export job %s was removed since it was queued; nothing to build", job_id)
        return None
    return job.state


@shared_task(name="goals.tasks.prune_exports_task")
def prune_exports_task() -> None:
    """Old report files (beat: prune-exports-nightly); the command does the work."""
    call_command("prune_exports")
