"""Prove that a backup restores (vaxjo_riktning.backups.checking)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaxjo_riktning.backups.checking import backup_restore_check
from vaxjo_riktning.backups.layout import BackupError, latest_backup


class Command(BaseCommand):
    help = (
        "Restore a backup (default: the latest in BACKUP_DIR) into a new temporary database and "
        "check it: the sha256 of its files, no migration left to apply, the row count of every "
        "table as the manifest says, the overview renders from it, and the retention job runs on "
        "it. The temporary database is dropped afterwards. Exits non-zero, saying what failed, "
        "on any problem. The database user must be allowed to create databases."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", nargs="?", type=Path, help="A backup's folder.")
        parser.add_argument("--dir", type=Path, default=None, help="Default: BACKUP_DIR.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder = options["backup"] or latest_backup(options["dir"] or Path(settings.BACKUP_DIR))
            report = backup_restore_check(folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in report.checked:
            self.stdout.write(f"  ok: {line}")
        if report.problems:
            raise CommandError(
                f"The backup {folder} does not restore as it should:\n"
                + "\n".join(f"  - {problem}" for problem in report.problems)
            )
        self.stdout.write(f"The backup {folder} restores.")
