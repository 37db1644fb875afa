"""An application sent while Redis (the broker) is away is saved, thanked for and confirmed once
Redis is back, once: the applicant is never told it failed and so never sends it again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from recruitment.models import Application
from recruitment.tasks import send_application_confirmation_task
from tests.conftest import _forget_connections
from tests.recruitment.test_views_public import form_data
from vaxjo_riktning import outbox
from vaxjo_riktning.celery import app as celery_app
from vaxjo_riktning.models import OutboxTask


@pytest.fixture
def broker_away():
    conf = celery_app.conf
    saved = {key: conf[key] for key in ("task_always_eager", "broker_url")}
    conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")  # nothing there
    outbox._broker_away_until = 0.0
    _forget_connections()
    yield
    conf.update(saved)
    outbox._broker_away_until = 0.0
    _forget_connections()


@pytest.mark.django_db(transaction=True)
def test_an_application_while_redis_is_away_is_thanked_for_and_confirmed_later(
    client, recruitment, broker_away
):
    response = client.post(recruitment.ad.get_absolute_url(), form_data(recruitment))

    assert response.status_code == 302
    assert response.url == reverse("recruitment:public_ad_thanks", args=[recruitment.ad.pk])
    application = Application.objects.get()
    row = OutboxTask.objects.get()
    assert (row.task, row.args) == (send_application_confirmation_task.name, [application.pk, "en"])
    assert row.handed_at is None and mail.outbox == []

    # Redis is back: the sender hands it over (here the worker runs it in this process), twice,
    # as after a message lost in a restart; one confirmation leaves.
    celery_app.conf.task_always_eager = True
    OutboxTask.objects.update(created_at=timezone.now() - outbox.GRACE - timedelta(seconds=1))
    assert outbox.send_pending() == 1
    OutboxTask.objects.update(done_at=None)
    assert outbox.hand_over([row.pk]) == 1

    assert [message.to for message in mail.outbox] == [[application.email]]
    row.refresh_from_db()
    assert row.done_at is not None and row.attempts == 2
