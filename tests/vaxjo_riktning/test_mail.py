"""Mail that leaves once, however often the task that sends it runs (vaxjo_riktning/mail.py)."""

from __future__ import annotations

import pytest
from django.core import mail

from vaxjo_riktning.mail import message_id, send_once
from vaxjo_riktning.models import SentMail

pytestmark = pytest.mark.django_db


def send(key: str = "application-confirmation:7") -> bool:
    return send_once(key=key, subject="Tack", body="Vi har fått din ansökan.", to=["a@example.se"])


def test_the_same_key_sends_once():
    assert send() is True
    assert send() is False
    assert len(mail.outbox) == 1
    assert SentMail.objects.filter(key="application-confirmation:7").count() == 1


def test_another_key_is_another_mail():
    send("application-confirmation:7")
    send("application-confirmation:8")
    assert len(mail.outbox) == 2


def test_a_mail_the_server_refused_is_sent_by_the_next_run(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with pytest.raises(OSError):
        send()
    assert not SentMail.objects.exists()  # the key went with the failure

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send() is True
    assert len(mail.outbox) == 1


def test_the_message_id_comes_from_the_key(settings):
    settings.DEFAULT_FROM_EMAIL = "Riktning <riktning@vaxjo.se>"
    send()
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id("application-confirmation:7")
    assert message_id("a") == message_id("a") != message_id("b")
    assert message_id("a").endswith("@vaxjo.se>")
