"""Open a year's reporting periods: what an administrator does once a year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from goals.followup.models import ReportingCycle
from goals.followup.services import reporting_year_open


class Command(BaseCommand):
    help = (
        "Create a year's reporting periods with their deadlines. The default is the municipal "
        "cycle: delår 1 (January–March), delår 2 (January–August) and helår, each due 21 days "
        "after its end; --cycle tertials or months divide the year otherwise. Safe to run again: "
        "periods already there are kept as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--cycle", choices=ReportingCycle.values, default=ReportingCycle.MUNICIPAL
        )
        parser.add_argument(
            "--deadline-days",
            type=int,
            default=None,
            help="Days from a period's end to its deadline (default 21, or 10 for months).",
        )

    def handle(self, *args, year: int, cycle: str, deadline_days: int | None, **options):
        try:
            periods = reporting_year_open(year=year, cycle=cycle, deadline_days=deadline_days)
        except ValidationError as error:
            raise CommandError(" ".join(str(m) for m in error.messages)) from None
        for period in periods:
            self.stdout.write(
                f"{period}: {period.starts_on:%Y-%m-%d}–{period.ends_on:%Y-%m-%d}, "
                f"deadline {period.deadline:%Y-%m-%d}, {period.get_status_display()}"
            )
