"""Restore a backup for real (vaxjo_riktning.backups.restoring)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vaxjo_riktning.backups.layout import BackupError
from vaxjo_riktning.backups.restoring import backup_restore

REPLACE_FLAG = "--replace"


class Command(BaseCommand):
    help = (
        "Replace the database and the private files with a backup's. Stop the app first (web, "
        "worker, beat, backups) and run restore_check on the backup. After the restore: the "
        "migrations the backup lacks are applied, every application erased since the backup "
        "was taken (on request or by the retention job, as the database being replaced "
        "recorded it) is erased again, the retention job runs, and CV files no application "
        "names are deleted. A failed database restore leaves the database as it was."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="The backup's folder.")
        parser.add_argument(
            REPLACE_FLAG,
            action="store_true",
            help="Yes, replace the database and the private files.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options[REPLACE_FLAG.removeprefix("--")]:
            raise CommandError(
                f"This replaces the database {settings.DATABASES['default']['NAME']} and the "
                f"files in {settings.PRIVATE_MEDIA_ROOT} with the backup's. Stop the app, then "
                f"run it again with {REPLACE_FLAG}."
            )
        try:
            result = backup_restore(folder=options["backup"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {options['backup']}.")
        self.stdout.write(
            f"  erased again since the backup: {len(result.erasures_redone)} application(s)"
            + (": " + ", ".join(map(str, result.erasures_redone)) if result.erasures_redone else "")
        )
        if result.erasures_unreadable:
            self.stderr.write(
                "  The database being replaced could not be read, so erasures made since the "
                f"backup are not known ({result.erasures_unreadable}): redo them by hand."
            )
        self.stdout.write(
            f"  anonymised by the retention job: {len(result.anonymised)} application(s); "
            f"CV files without an application deleted: {result.orphan_files_removed}"
        )
