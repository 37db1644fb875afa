"""Mail that leaves once, however often the task that sends it runs.

A task may run twice (Celery delivers a message again after a worker died, the outbox hands a
task over again). ``send_once`` records the mail's key in the same transaction as it sends: a
second run finds the key and sends nothing, two runs at once meet on the key's unique index (the
second waits for the first and then finds it), and a mail the server refused rolls the key back,
so a later run tries again.

One gap no mail system closes: a worker killed after the mail server accepted the message and
before the key committed sends it again on the next run. The message then carries the same
Message-ID, derived from the key, by which mail servers and clients recognise a duplicate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction

from vaxjo_riktning.models import SentMail


def message_id(key: str) -> str:
    """The same Message-ID for the same key, on whichever worker and however often."""
    digest = hashlib.sha256(f"riktning:{key}".encode()).hexdigest()[:40]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "riktning.invalid"
    return f"<{digest}@{domain}>"


def send_once(*, key: str, subject: str, body: str, to: Sequence[str]) -> bool:
    """Send the mail unless a mail with this key has been sent; returns whether it was."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {SentMail._meta.db_table} (key, sent_at) VALUES (%s, now()) "
                "ON CONFLICT (key) DO NOTHING RETURNING id",
                [key],
            )
            if cursor.fetchone() is None:
                return False
        message = EmailMessage(
            subject, body, None, list(to), headers={"Message-ID": message_id(key)}
        )
        message.send()
    return True
