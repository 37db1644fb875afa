"""Erase the personal data of applicants who were not hired, once the retention period after
their recruitment has passed. Celery beat runs it every night (anonymise-applications-nightly)."""

from __future__ import annotations

from typing import Any

import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand

from recruitment.services import anonymise_expired_applications


class Command(BaseCommand):
    help = (
        "Anonymise the applications of applicants who were not hired, RECRUITMENT_RETENTION_MONTHS "
        "(default 24) months after their recruitment closed or its ad was withdrawn, and "
        "RECRUITMENT_RETENTION_MONTHS_UNCLOSED (default the same) months after the last day to "
        "apply of an ad nobody closed. Name, e-mail, "
        "phone, letter, CV and notes are erased; the ad, the stage reached and the scores stay. "
        "Recruitments on legal hold are skipped. Safe to run again: anonymised applications are "
        "never touched twice."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Retention in months (default: RECRUITMENT_RETENTION_MONTHS).",
        )
        parser.add_argument(
            "--months-unclosed",
            type=int,
            default=None,
            help="Retention in months after the last day to apply, for ads never closed "
            "(default: RECRUITMENT_RETENTION_MONTHS_UNCLOSED).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be anonymised; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"]
        if months is None:
            months = settings.RECRUITMENT_RETENTION_MONTHS
        months_unclosed = options["months_unclosed"]
        if months_unclosed is None:
            months_unclosed = settings.RECRUITMENT_RETENTION_MONTHS_UNCLOSED
        with pghistory.context(command="anonymise_applications"):
            result = anonymise_expired_applications(
                months=months, months_unclosed=months_unclosed, dry_run=options["dry_run"]
            )
        verb = "Would anonymise" if options["dry_run"] else "Anonymised"
        self.stdout.write(
            f"{verb} {len(result.applications)} application(s) in {len(result.ads)} "
            f"recruitment(s) closed more than {months} months ago (or never closed, and past "
            f"their last day to apply by more than {months_unclosed}); "
            f"{result.files_deleted} CV file(s) and {result.notes_deleted} note(s) deleted."
        )
        if result.applications:
            self.stdout.write("  applications: " + ", ".join(map(str, result.applications)))
        if result.held_ads:
            self.stdout.write(
                f"  {len(result.held_ads)} recruitment(s) on legal hold kept: "
                + ", ".join(map(str, result.held_ads))
            )
