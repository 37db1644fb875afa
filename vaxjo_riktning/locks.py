"""PostgreSQL advisory locks held for a piece of work, so that two workers never do it at once.

A session lock belongs to the database connection: a worker killed mid-work drops its connection
and the lock with it, so the next try finds the lock free and knows the work was left unfinished.
Each kind of work has its own first number (its space), so that locks of different kinds never
meet.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

OUTBOX = 0x524F  # "RO"
EXPORT_JOB = 0x5245  # "RE"


@contextmanager
def held(space: int, key: int) -> Iterator[bool]:
    """Take the lock if it is free, without waiting; yields whether it was taken, and lets it go
    afterwards."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [space, key])
        taken = bool(cursor.fetchone()[0])
    try:
        yield taken
    finally:
        if taken:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [space, key])
            except DatabaseError:
                # The connection broke (PostgreSQL restarted): the lock went with it.
                logger.warning("Lock %s/%s: the database connection broke meanwhile", space, key)
