"""A real Celery worker, fed through Redis, runs one of the project's tasks against the database.

Every other test runs tasks eagerly (see conftest.py, whose celery_worker fixture this uses). This
one checks the production path end to end: the Celery app's settings, the broker, autodiscovery of
tasks, and a worker that reaches the database. It needs Redis: skipped without it on a laptop, a
failure in CI (RIKTNING_REQUIRE_REDIS).
"""

from __future__ import annotations

import threading
import time

import pytest
from celery import signals
from celery.worker import WorkController

from goals.followup.models import ActivityReport, ExportJob
from goals.tasks import export_job_run_task
from tests import factories as f
from vaxjo_riktning.models import Unit
from vaxjo_riktning.tasks import unit_tree_rebuild_task

TIMEOUT = 10.0  # seconds for the worker to run a task


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_rebuilds_the_unit_tree_enqueued_through_redis(
    celery_worker: WorkController,
) -> None:
    department = f.DepartmentFactory()
    administration = department.parent
    # A bulk update bypasses Unit.save(), as an import or a data migration would.
    Unit.objects.filter(pk=department.pk).update(top_unit=department)

    done = threading.Event()
    outcome: dict[str, object] = {}

    def on_success(sender, result, **kwargs) -> None:
        outcome["result"] = result
        outcome["thread"] = threading.get_ident()
        outcome["eager"] = sender.request.is_eager
        done.set()

    def on_failure(sender, exception, **kwargs) -> None:
        outcome["exception"] = exception
        done.set()

    signals.task_success.connect(on_success, sender=unit_tree_rebuild_task, weak=False)
    signals.task_failure.connect(on_failure, sender=unit_tree_rebuild_task, weak=False)
    try:
        # Name the queue: the app's routing tables may have been built, with the default queue,
        # by an earlier test in the same process.
        async_result = unit_tree_rebuild_task.apply_async(queue=celery_worker.test_queue)
        assert done.wait(TIMEOUT), f"no worker ran the task within {TIMEOUT} s"
    finally:
        signals.task_success.disconnect(on_success, sender=unit_tree_rebuild_task)
        signals.task_failure.disconnect(on_failure, sender=unit_tree_rebuild_task)

    assert "exception" not in outcome, outcome.get("exception")
    assert outcome["result"] == 1  # the one unit put wrong above
    department.refresh_from_db()
    assert department.top_unit == administration
    # Run by the worker from the queue, not eagerly in this thread.
    assert outcome["eager"] is False
    assert outcome["thread"] != threading.get_ident()
    assert async_result.id


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_builds_a_period_report_and_keeps_its_file(celery_worker: WorkController) -> None:
    period = f.ReportingPeriodFactory()
    activity = f.ActivityFactory(title="Läxhjälp")
    ActivityReport.objects.create(period=period, activity=activity, progress=30)
    job = ExportJob.objects.create(requested_by=f.UserFactory(), period=period, format="xlsx")

    export_job_run_task.apply_async(args=[job.pk], queue=celery_worker.test_queue)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.1)

    assert job.state == ExportJob.State.DONE, job.error
    assert job.progress == 100 and job.finished_at is not None
    with job.file.open("rb") as handle:
        assert handle.read(2) == b"PK"  # an .xlsx is a zip file
