"""Delete the backups that have expired (vaxjo_riktning.backups.making, backupcheck)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from vaxjo_riktning.backupcheck import backup_expiry
from vaxjo_riktning.backups.layout import backups_in
from vaxjo_riktning.backups.making import backups_prune


class Command(BaseCommand):
    help = (
        "Delete the backups in --dir (default BACKUP_DIR) older than BACKUP_KEEP_DAYS, or than "
        "the recruitment retention (RECRUITMENT_RETENTION_MONTHS) when that is shorter: a backup "
        "must not keep applicants' data longer than the retention job does. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=None, help="Default: BACKUP_DIR.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["dir"] or Path(settings.BACKUP_DIR)
        removed = backups_prune(directory=directory)
        for folder in removed:
            self.stdout.write(f"  removed {folder}")
        self.stdout.write(
            f"Removed {len(removed)} backup(s) older than {backup_expiry().days} days; "
            f"{len(backups_in(directory))} kept in {directory}."
        )
