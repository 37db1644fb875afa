"""Reminders before a deadline: to the editors of units whose report is missing, once per person
and deadline however often the job runs, through the command that Celery beat calls."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command

from goals.followup import services
from goals.followup.models import SentReminder
from goals.followup.reminders import send_reminders
from goals.tasks import send_reminders_task
from tests import factories as f
from vaxjo_riktning.models import Role

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 16)  # five days before delår 1's deadline, 21 April


@pytest.fixture
def period(group):
    return f.ReportingPeriodFactory()  # delår 1 2026, due 21 April


@pytest.fixture
def work(group, period):
    """Something to report in both the administration and the company."""
    return (
        f.ActivityFactory(owner_unit=group.department),
        f.ActivityFactory(owner_unit=group.company),
    )


def test_each_editor_of_a_missing_report_gets_one_reminder(
    mailoutbox, editor, company_editor, chief, reader, work, period, group
):
    department_editor = f.UserFactory(username="avdelning")
    f.assign(department_editor, Role.UNIT_EDITOR, unit=group.department)
    result = send_reminders(today=TODAY)
    assert (result.periods, result.sent, result.already_sent) == (1, 3, 0)
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([editor.email, company_editor.email, department_editor.email])
    message = next(m for m in mailoutbox if m.to == [editor.email])
    # In Swedish, with the unit, what is missing and the link to the unit's report.
    assert "Delår 1 2026" in message.subject and "21 april 2026" in message.subject
    assert "Utbildningsförvaltningen" in message.body
    assert "1 aktivitet utan framdrift" in message.body
    assert f"/uppfoljning/{period.pk}/utbildning/" in message.body


def test_running_twice_sends_one_mail_per_person_per_deadline(
    mailoutbox, editor, company_editor, work, period
):
    send_reminders(today=TODAY)
    second = send_reminders(today=date(2026, 4, 17))
    assert (second.sent, second.already_sent) == (0, 2)
    assert len(mailoutbox) == 2
    assert SentReminder.objects.count() == 2
    # A moved deadline is a new deadline: one more reminder each.
    period.deadline = date(2026, 4, 22)
    period.save()
    assert send_reminders(today=TODAY).sent == 2
    assert len(mailoutbox) == 4


def test_no_reminder_for_a_ready_unit_a_closed_period_or_a_far_deadline(
    mailoutbox, editor, company_editor, administrator, work, period, group
):
    f.ActivityReportFactory(period=period, activity=work[0])
    services.unit_report_mark_ready(user=editor, period=period, unit=group.administration)
    assert send_reminders(today=date(2026, 4, 13)).sent == 0  # eight days before
    assert send_reminders(today=date(2026, 4, 22)).sent == 0  # the day after
    send_reminders(today=TODAY)
    assert [m.to for m in mailoutbox] == [[company_editor.email]]
    services.period_close(user=administrator, period=period)
    SentReminder.objects.all().delete()
    assert send_reminders(today=TODAY).periods == 0


def test_people_without_an_address_or_inactive_are_skipped(mailoutbox, editor, work, period):
    editor.email = ""
    editor.save()
    assert send_reminders(today=TODAY).sent == 0
    assert not SentReminder.objects.exists()


def test_a_failed_mail_is_tried_again_next_run(settings, editor, work, period, mailoutbox):
    settings.EMAIL_BACKEND = "tests.goals.followup.test_reminders.FailingBackend"
    with pytest.raises(OSError):
        send_reminders(today=TODAY)
    assert not SentReminder.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_reminders(today=TODAY).sent == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("the mail server is down")


def test_the_command_and_the_beat_task_send_once(mailoutbox, editor, work, period, capsys):
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert "1 reminder(s) sent" in capsys.readouterr().out
    call_command("send_reminders", "--date", TODAY.isoformat())
    assert "0 reminder(s) sent, 1 already sent before" in capsys.readouterr().out
    assert len(mailoutbox) == 1
    with pytest.raises(Exception, match="Not a date"):
        call_command("send_reminders", "--date", "i morgon")


def test_beat_runs_the_reminders_daily(mailoutbox):
    entry = settings.CELERY_BEAT_SCHEDULE["followup-reminders-daily"]
    assert entry["task"] == "goals.tasks.send_reminders_task"
    assert send_reminders_task.delay().successful()  # eager in tests; today nothing is due
