"""Remove CV files that no application points at. Celery beat runs it every night
(remove-orphan-cvs-nightly)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from recruitment.services import ORPHAN_CV_MIN_AGE_SECONDS, cv_orphans_remove


class Command(BaseCommand):
    help = (
        "Delete CV files in the private folder (PRIVATE_MEDIA_ROOT/cv) that no application "
        "points at, left when saving an application was interrupted. Files younger than an hour "
        "are kept, so an upload being saved is not taken. Files kept, and their folders, are "
        "made private to the server's user (0600 and 0700). Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--min-age",
            type=int,
            default=ORPHAN_CV_MIN_AGE_SECONDS,
            help="Only files older than this many seconds (default: an hour).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed; change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = cv_orphans_remove(min_age_seconds=options["min_age"], dry_run=options["dry_run"])
        verb = "Would remove" if options["dry_run"] else "Removed"
        for name in result.removed:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(
            f"{verb} {len(result.removed)} CV files without an application; kept "
            f"{result.kept} with one and {result.too_young} too recent to judge; tightened "
            f"the modes of {result.tightened} files and folders."
        )
