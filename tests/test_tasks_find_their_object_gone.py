"""A task whose object was deleted or withdrawn between the save that queued it and the worker
that runs it finishes quietly, and logs why (the outbox may run it long after the save)."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.utils import timezone

from goals.followup.tasks import export_job_run_task
from goals.tasks import activity_notify_cooperating_units_task, overlap_scan_activities_task
from recruitment.tasks import send_application_confirmation_task
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def infos(caplog):
    caplog.set_level(logging.INFO)
    return lambda: [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]


def test_no_co_operation_mail_for_a_withdrawn_activity(infos):
    activity = f.ActivityFactory(withdrawn_at=timezone.now(), withdrawn_reason="Slogs ihop")
    unit = f.UnitFactory()
    assert activity_notify_cooperating_units_task.run(activity.pk, [unit.pk]) == 0
    assert mail.outbox == []
    assert f"No co-operation mail for activity {activity.pk}: withdrawn since the save" in infos()


def test_no_co_operation_mail_for_a_deleted_activity(infos):
    assert activity_notify_cooperating_units_task.run(987654, [1]) == 0
    assert "No co-operation mail for activity 987654: deleted since the save" in infos()


def test_the_scan_skips_deleted_activities_and_says_how_many(infos):
    assert overlap_scan_activities_task.run([987654, 987655]) == {}
    assert "Overlap scan: 2 of 2 activities were deleted since the save" in infos()


def test_no_confirmation_for_a_deleted_application(infos):
    assert send_application_confirmation_task.run(987654, "sv") is False
    assert mail.outbox == []
    assert "No confirmation for application 987654: deleted since it was sent" in infos()


def test_no_report_for_a_removed_job(infos):
    assert export_job_run_task.run(987654) is None
    assert "Export job 987654 was removed since it was queued; nothing to build" in infos()
