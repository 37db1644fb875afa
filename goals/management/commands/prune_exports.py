"""Delete period reports built in the background once they are old: beat runs it nightly."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from goals.followup.export_jobs import KEEP_DAYS, export_jobs_prune


class Command(BaseCommand):
    help = (
        f"Delete the period report exports (the job and its file in the private storage) that "
        f"finished more than --days days ago (default {KEEP_DAYS}), and jobs that never finished "
        "and are as old. Running it again deletes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_DAYS)

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError(_("--days must be 0 or more."))
        deleted = export_jobs_prune(days=days)
        self.stdout.write(_("%(n)s old report export(s) deleted.") % {"n": deleted})
