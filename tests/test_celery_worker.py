"""A real Celery worker, fed through Redis, runs one of the project's tasks against the database.

Every other test runs tasks eagerly (see conftest.py). This one checks the production path end to
end: the Celery app's settings, the broker, autodiscovery of tasks, and a worker that reaches the
database. It needs Redis: skipped without it on a laptop, a failure in CI (RIKTNING_REQUIRE_REDIS).
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from celery import signals
from celery.contrib.testing.worker import start_worker
from celery.worker import WorkController

from goals.followup.models import ActivityReport, ExportJob
from goals.tasks import export_job_run_task
from tests import factories as f
from vaxjo_riktning.celery import app as celery_app
from vaxjo_riktning.models import Unit
from vaxjo_riktning.tasks import unit_tree_rebuild_task

# A Redis database of its own when the environment names none.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
TIMEOUT = 10.0


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("RIKTNING_REQUIRE_REDIS"):
            pytest.fail(f"RIKTNING_REQUIRE_REDIS is set but Redis at {url} is unreachable: {exc}")
        pytest.skip(f"Redis at {url} is unreachable ({exc}); start Redis or point REDIS_URL at one")
    return url


def _forget_connections() -> None:
    """Drop the app's connection pool and the producer pool built on it; an earlier test may have
    made them for the in-memory broker, and Celery would keep sending there."""
    celery_app.close()
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_worker(redis_url: str) -> Iterator[WorkController]:
    """Celery as in production for one test: tasks travel through Redis to a worker thread.

    The queue has a name of its own, so that a worker of another test run on the same Redis (a
    colleague's, or a second checkout) never takes this run's tasks, nor this worker theirs.
    """
    queue = f"riktning-test-{uuid.uuid4().hex}"
    conf = celery_app.conf
    overrides = {
        "task_always_eager": False,
        "broker_url": redis_url,
        "task_default_queue": queue,
        # Remote control broadcasts to every worker on the same Redis; this one needs none.
        "worker_enable_remote_control": False,
    }
    saved = {key: conf[key] for key in overrides}
    conf.update(overrides)
    _forget_connections()  # producers made for an earlier broker URL are not reused
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, queues=[queue], loglevel="WARNING"
        ) as worker:
            worker.test_queue = queue
            yield worker
    finally:
        _forget_connections()
        # Kombu keeps the queue and its bindings under keys named after it; leave no trace.
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
        celery_app.amqp.queues.pop(queue, None)
        conf.update(saved)


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
