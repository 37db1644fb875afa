"""Hand what waits in the outbox to the Celery worker: for a cron job where Celery beat does not
run (beat does the same every 30 seconds, as outbox-send)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vaxjo_riktning import outbox


class Command(BaseCommand):
    help = "Hand the outbox's waiting tasks to the Celery worker."

    def handle(self, *args: Any, **options: Any) -> None:
        handed = outbox.send_pending()
        state = outbox.waiting()
        self.stdout.write(
            f"Handed over {handed}; {state['waiting']} not done, the oldest {state['oldest_s']} s."
        )
