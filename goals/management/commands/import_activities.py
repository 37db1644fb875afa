"""Import activities from a CSV or Excel file: all rows, or none and every error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pghistory
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from goals.importing import reading
from goals.importing import services as importing
from vaxjo_riktning.models import User


class Command(BaseCommand):
    help = (
        "Import activities from a CSV (UTF-8, ; or , separated) or Excel (.xlsx) file with the "
        "columns enhet, titel, beskrivning, mål, effekt, motivering, process, status, start, slut, "
        "budget, ansvarig (or their English names). Every row is checked first; if any row is "
        "wrong, nothing is saved, each error is written to stderr as 'line N, column: message', "
        "and the command fails. Without --user the import runs with an administrator's rights, "
        "and the change history names this command. The overlap scan runs on the new activities."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV or .xlsx file to import.")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Import as this user, with their rights checked row by row.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would be imported; save nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(_("No active user %(name)s.") % {"name": options["user"]})
        # Refuse an oversized file before reading a byte of it.
        if path.stat().st_size > reading.MAX_BYTES:
            limit = reading.MAX_BYTES // (1024 * 1024)
            raise CommandError(str(reading.FILE_TOO_LARGE) % {"limit": limit})

        with pghistory.context(
            command="import_activities", user=user.pk if user else None, file=str(path)
        ):
            result = importing.importing_run(
                user=user,
                file_name=path.name,
                content=path.read_bytes(),
                dry_run=options["dry_run"],
            )

        if result.errors:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(importing.NOTHING_IMPORTED % {"count": len(result.errors)})
        if result.dry_run:
            self.stdout.write(importing.CHECKED % {"count": result.row_count})
        else:
            self.stdout.write(importing.IMPORTED % {"count": len(result.created_ids)})
