"""Remind the editors of units whose report is missing before each deadline: beat runs it daily."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from goals.followup.reminders import DAYS_BEFORE, send_reminders


class Command(BaseCommand):
    help = (
        f"E-mail the unit editors of every administration or company that has not marked its "
        f"report ready, for each open reporting period due within {DAYS_BEFORE} days. Each "
        "person gets at most one reminder per deadline, however often this runs (a moved "
        "deadline earns a new one); a reminder whose mail fails is tried again next run. "
        "Without EMAIL_HOST the mail is printed to the console."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="today",
            help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up after a stop.",
        )

    def handle(self, *args, today: str | None = None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"Not a date: {today}. Write it as 2026-09-14.") from None
        result = send_reminders(today=day)
        self.stdout.write(
            f"{result.periods} period(s) due soon; {result.sent} reminder(s) sent, "
            f"{result.already_sent} already sent before."
        )
