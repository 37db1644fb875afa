"""Building period reports in the background: a job for the person who asked, a Celery task that
builds the file and reports its progress, and the clean-up of old files.

The whole group's report runs to tens of thousands of rows, longer than a web request should
take, so it is a job: ``export_job_create`` saves it and enqueues the work once the transaction
commits; the worker calls ``export_job_run``, which writes the progress as it goes (the job's page
polls it) and keeps the file in the private storage, readable only through the authorised
download view. Without REDIS_URL Celery runs the task at once, in the request: the job is done
when its page first loads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from goals.followup.models import ExportJob, ReportingPeriod
from goals.followup.pdf import period_report_pdf
from goals.followup.workbook import period_report_workbook
from vaxjo_riktning import locks, outbox
from vaxjo_riktning.models import Unit

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

logger = logging.getLogger(__name__)

UNKNOWN_FORMAT = _("Choose Excel or PDF.")
BUILD_FAILED = _(
    "The report could not be built. Try again, or tell an administrator if it fails again."
)
KEEP_DAYS = 7


def export_job_create(
    *,
    user: User,
    period: ReportingPeriod,
    unit: Unit | None,
    format: str,
    language: str = "sv",
) -> ExportJob:
    """Save a queued job and start building its file once the job is committed."""
    if format not in ExportJob.Format.values:
        raise ValidationError(UNKNOWN_FORMAT)
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=user, period=period, unit=unit, format=format, language=language[:8]
        )
        from goals.followup.tasks import export_job_run_task  # its body imports this module

        outbox.enqueue(export_job_run_task, job.pk)
    return job


def _builder(job: ExportJob) -> Callable[[Callable[[int], None]], bytes]:
    if job.format == ExportJob.Format.PDF:
        return lambda progress: period_report_pdf(
            period=job.period, unit=job.unit, progress=progress
        )
    return lambda progress: period_report_workbook(
        period=job.period, unit=job.unit, progress=progress
    )


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Build the job's file. A job being built by another worker (a task delivered twice) or
    already finished is left alone; a job left running by a worker that died is built again. A
    failure is kept on the job with a message for its page, and logged with its cause."""
    with locks.held(locks.EXPORT_JOB, job_id) as taken:
        if not taken:
            return ExportJob.objects.filter(pk=job_id).first()
        return _build(job_id)


def _build(job_id: int) -> ExportJob | None:
    # Claim the job. Whoever builds it holds the lock, so a job found running while the lock was
    # free was left by a worker that died, and is built again.
    claimed = ExportJob.objects.filter(
        pk=job_id, state__in=[ExportJob.State.QUEUED, ExportJob.State.RUNNING]
    ).update(state=ExportJob.State.RUNNING, started_at=timezone.now(), progress=1)
    job = ExportJob.objects.select_related("period", "unit").filter(pk=job_id).first()
    if not claimed or job is None:
        return job
    last = [1]

    def progress(percent: int) -> None:
        # A write per step the page can show; never backwards, never 100 before the file is kept.
        percent = max(last[0], min(int(percent), 99))
        if percent > last[0]:
            last[0] = percent
            ExportJob.objects.filter(pk=job_id).update(progress=percent)

    with translation.override(job.language or "sv"):
        try:
            content = _builder(job)(progress)
            job.file.save(job.filename, ContentFile(content), save=False)
        except Exception as error:
            logger.exception("Export job %s failed", job_id)
            ExportJob.objects.filter(pk=job_id).update(
                state=ExportJob.State.FAILED,
                error=f"{BUILD_FAILED} ({type(error).__name__})",
                finished_at=timezone.now(),
            )
        else:
            ExportJob.objects.filter(pk=job_id).update(
                state=ExportJob.State.DONE,
                progress=100,
                file=job.file.name,
                finished_at=timezone.now(),
            )
    job.refresh_from_db()
    return job


def export_jobs_prune(*, days: int = KEEP_DAYS, now=None) -> int:
    """Delete the jobs (and their files) finished more than ``days`` ago; returns how many. Jobs
    that never finished (a worker that died) go too once they are that old."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = ExportJob.objects.filter(created_at__lt=cutoff).exclude(finished_at__gte=cutoff)
    count = 0
    for job in old.only("pk", "file"):
        if job.file.name:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
