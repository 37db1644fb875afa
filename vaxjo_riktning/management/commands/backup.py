"""Back up the database and the private files into a new folder (vaxjo_riktning.backups.making)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaxjo_riktning.backups.layout import BackupError
from vaxjo_riktning.backups.making import backup_create


class Command(BaseCommand):
    help = (
        "Write a backup into a new folder riktning-<UTC time> in --dir (default BACKUP_DIR): the "
        "database as pg_dump's custom format, the private files (CVs, period reports) as a tar, "
        "and manifest.json with the migrations applied, the row count of every table and the "
        "sha256 of every file. Prints the folder. Run prune_backups after it, and "
        "restore_check to prove it restores."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", type=Path, default=None, help="Default: BACKUP_DIR.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["dir"] or Path(settings.BACKUP_DIR)
        try:
            folder = backup_create(directory=directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
