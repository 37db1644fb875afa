"""The outbox: the work a committed change asks for is kept in PostgreSQL with the change, handed
to Celery when Redis is there, and runs once, mails included (vaxjo_riktning/outbox.py)."""

from __future__ import annotations

import io
import threading
import time
from datetime import timedelta

import pytest
from celery import shared_task
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from goals.models import Cooperation
from goals.tasks import activity_notify_cooperating_units_task
from tests import factories as f
from tests.conftest import _forget_connections, another_connection
from vaxjo_riktning import locks, outbox
from vaxjo_riktning.celery import app as celery_app
from vaxjo_riktning.models import OutboxTask, Role

NOBODY_LISTENS = "redis://127.0.0.1:1/0"
TIMEOUT = 10.0

effects: list[object] = []


@shared_task(name="tests.outbox.record")
def record_task(value: object) -> str:
    effects.append(value)
    return f"recorded {value}"


@shared_task(name="tests.outbox.fail")
def fail_task() -> None:
    raise RuntimeError("the mail server said no")


@pytest.fixture(autouse=True)
def _fresh_outbox():
    effects.clear()
    outbox._broker_away_until = 0.0
    yield
    outbox._broker_away_until = 0.0


@pytest.fixture
def broker_away():
    """Celery as in production, with Redis gone: hand-overs fail."""
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("task_always_eager", "broker_url")}
    conf.update(task_always_eager=False, broker_url=NOBODY_LISTENS)
    _forget_connections()
    yield
    conf.update(saved)
    _forget_connections()


def wait_for(condition, timeout: float = TIMEOUT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


# --- Recorded with the change ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_task_is_recorded_in_the_change_s_transaction_and_goes_with_a_rollback(broker_away):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(record_task, 1)
        assert OutboxTask.objects.filter(task=record_task.name, args=[1]).exists()
        raise RuntimeError("the save failed")
    assert not OutboxTask.objects.exists()


@pytest.mark.django_db
def test_a_key_keeps_one_waiting_until_it_starts(broker_away):
    for _ in range(3):
        outbox.enqueue(record_task, "refresh", key="overview-refresh")
    assert OutboxTask.objects.count() == 1
    OutboxTask.objects.update(started_at=timezone.now())  # a worker took it: a new one waits
    outbox.enqueue(record_task, "refresh", key="overview-refresh")
    outbox.enqueue(record_task, "other")
    assert OutboxTask.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_away_the_save_commits_quickly_and_the_task_waits(broker_away, caplog):
    started = time.monotonic()
    with transaction.atomic():
        outbox.enqueue(record_task, 1)
    with transaction.atomic():  # the broker was refused a moment ago: not asked again
        outbox.enqueue(record_task, 2)
    assert time.monotonic() - started < 5
    rows = list(OutboxTask.objects.order_by("id"))
    assert [(row.args, row.handed_at, row.done_at) for row in rows] == [
        ([1], None, None),
        ([2], None, None),
    ]
    assert effects == []
    assert [r.getMessage() for r in caplog.records if r.name == "riktning.outbox"] == [
        "The broker is unavailable; 1 task(s) wait in the outbox (OperationalError)"
    ]
    assert outbox.waiting()["waiting"] == 2


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_sender_hands_over_what_waited_and_a_real_worker_mails_once(celery_worker):
    """A unit named as co-operating while Redis was away: its editor hears of it once Redis is
    back, once, however often the row is handed over."""
    activity = f.ActivityFactory(title="Läxhjälp")
    unit = f.UnitFactory(name="Kulturförvaltningen")
    f.assign(f.UserFactory(email="redaktor@example.se"), Role.UNIT_EDITOR, unit=unit)
    Cooperation.objects.create(activity=activity, unit=unit)

    conf = celery_app.conf
    working_broker = conf.broker_url
    conf.broker_url = NOBODY_LISTENS
    _forget_connections()
    try:
        with transaction.atomic():
            outbox.enqueue(activity_notify_cooperating_units_task, activity.pk, [unit.pk])
    finally:
        conf.broker_url = working_broker
        _forget_connections()
    row = OutboxTask.objects.get()
    assert row.handed_at is None and mail.outbox == []

    # Not yet: the request that made it may still hand it over itself.
    assert outbox.send_pending() == 0
    OutboxTask.objects.update(created_at=timezone.now() - outbox.GRACE - timedelta(seconds=1))
    assert outbox.send_pending() == 1
    assert wait_for(lambda: OutboxTask.objects.filter(done_at__isnull=False).exists())
    # Handed over again, as after a Redis restart that lost the message: nothing more is sent.
    assert outbox.hand_over([row.pk]) == 1
    # The worker takes one message at a time, in order: once a row handed over after the
    # duplicate is done, the duplicate has been delivered too.
    with transaction.atomic():
        outbox.enqueue(record_task, "after")
    assert wait_for(lambda: effects == ["after"])

    row.refresh_from_db()
    assert (row.attempts, row.outcome) == (1, "done: 1")
    assert [message.to for message in mail.outbox] == [["redaktor@example.se"]]


# --- Run once ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_delivery_of_a_done_task_does_nothing(broker_away):
    outbox.enqueue(record_task, "a")
    pk = OutboxTask.objects.get().pk
    assert outbox.run(pk) == "done"
    assert outbox.run(pk) == "done already"
    assert effects == ["a"]
    row = OutboxTask.objects.get()
    assert (row.attempts, row.outcome) == (1, "done: recorded a")


@pytest.mark.django_db
def test_a_delivery_gives_way_while_another_worker_runs_the_task(broker_away):
    outbox.enqueue(record_task, "a")
    pk = OutboxTask.objects.get().pk
    other_worker = another_connection()
    try:
        other_worker.cursor().execute("SELECT pg_advisory_lock(%s, %s)", [locks.OUTBOX, pk])
        assert outbox.run(pk) == "running elsewhere"
        assert effects == []
    finally:
        other_worker.close()  # its connection gone (a killed worker), the lock goes with it
    # PostgreSQL notices the closed connection a moment later.
    assert wait_for(lambda: outbox.run(pk) != "running elsewhere")
    assert effects == ["a"]


@pytest.mark.django_db
def test_a_task_whose_worker_died_mid_run_is_handed_over_again_and_run(broker_away):
    outbox.enqueue(record_task, "a")
    long_ago = timezone.now() - outbox.HAND_AGAIN_AFTER - timedelta(seconds=1)
    # Handed over and started, then the worker was killed: not done, and no lock held.
    OutboxTask.objects.update(handed_at=long_ago, started_at=long_ago, attempts=1)
    celery_app.conf.task_always_eager = True  # the hand-over runs it here, as a worker would
    try:
        assert outbox.send_pending() == 1
    finally:
        celery_app.conf.task_always_eager = False
    row = OutboxTask.objects.get()
    assert effects == ["a"]
    assert (row.attempts, row.outcome) == (2, "done: recorded a")


@pytest.mark.django_db
def test_a_failing_task_is_tried_again_and_given_up_after_five_runs(broker_away, caplog):
    outbox.enqueue(fail_task)
    pk = OutboxTask.objects.get().pk
    outcomes = [outbox.run(pk) for _ in range(outbox.MAX_ATTEMPTS + 1)]
    assert outcomes == ["failed"] * (outbox.MAX_ATTEMPTS - 1) + ["given up", "done already"]
    row = OutboxTask.objects.get()
    assert row.outcome == "failed 5 times: RuntimeError"
    assert row.done_at is not None
    given_up = [r for r in caplog.records if "given up" in r.getMessage()]
    assert [r.levelname for r in given_up] == ["ERROR"]


@pytest.mark.django_db
def test_a_row_naming_a_task_that_no_longer_exists_is_closed(broker_away):
    row = OutboxTask.objects.create(task="goals.tasks.gone_task", args=[])
    assert outbox.run(row.pk) == "unknown task"
    row.refresh_from_db()
    assert row.done_at is not None and row.outcome == "unknown task goals.tasks.gone_task"


@pytest.mark.django_db
def test_done_rows_are_removed_after_a_week_and_waiting_ones_never(broker_away):
    old = timezone.now() - outbox.KEEP_DONE - timedelta(hours=1)
    OutboxTask.objects.create(task=record_task.name, created_at=old, done_at=old)
    waiting = OutboxTask.objects.create(task=record_task.name, created_at=old)
    recent = OutboxTask.objects.create(task=record_task.name, done_at=timezone.now())
    outbox.prune()
    assert set(OutboxTask.objects.values_list("pk", flat=True)) == {waiting.pk, recent.pk}


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_same_row_at_once_run_it_once(broker_away):
    outbox.enqueue(slow_task, "a")
    pk = OutboxTask.objects.get().pk
    results: list[str] = []

    def deliver() -> None:
        try:
            results.append(outbox.run(pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert sorted(results) == ["done", "running elsewhere"]
    assert effects == ["a"]


@shared_task(name="tests.outbox.slow")
def slow_task(value: object) -> None:
    time.sleep(0.5)
    effects.append(value)


# --- For operations ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_lists_waiting_and_given_up_tasks(client, administrator):
    OutboxTask.objects.create(task="goals.tasks.overlap_scan_activities_task", args=[[1]])
    OutboxTask.objects.create(
        task="recruitment.tasks.send_application_confirmation_task",
        done_at=timezone.now(),
        outcome="failed 5 times: SMTPException",
    )
    client.force_login(administrator)
    url = reverse("admin:vaxjo_riktning_outboxtask_changelist")
    waiting = client.get(url, {"state": "waiting"}).content.decode()
    given_up = client.get(url, {"state": "given_up"}).content.decode()
    assert "overlap_scan_activities_task" in waiting and "confirmation" not in waiting
    assert "failed 5 times" in given_up and "overlap_scan" not in given_up


@pytest.mark.django_db
def test_the_command_for_cron_hands_over_and_says_what_waits(broker_away):
    old = timezone.now() - outbox.GRACE - timedelta(seconds=1)
    OutboxTask.objects.create(task=record_task.name, args=["a"], created_at=old)
    out = io.StringIO()
    call_command("send_outbox", stdout=out)  # the broker is away: nothing handed over
    assert out.getvalue().startswith("Handed over 0; 1 not done, the oldest ")
