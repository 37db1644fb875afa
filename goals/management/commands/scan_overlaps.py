"""Find activities in different units that look like the same work: the nightly job."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from goals.overlap.scan import overlap_scan


class Command(BaseCommand):
    help = (
        "Compare activities for overlap and store the alike pairs as suggestions for review. "
        "Without --activity every active activity is compared with every other (what beat runs "
        "nightly); with --activity only those, against all others. Running it again creates no "
        "duplicates, never reopens a decided pair, and removes open suggestions that no longer "
        "reach the threshold."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--activity",
            type=int,
            action="append",
            dest="activity_ids",
            metavar="ID",
            help="Scan only this activity against all others (repeat for several).",
        )

    def handle(self, *args, activity_ids=None, **options):
        result = overlap_scan(activity_ids=activity_ids)
        self.stdout.write(str(result))
