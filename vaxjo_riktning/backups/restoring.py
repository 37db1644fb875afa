"""Restoring a backup for real: the database and the private files replaced by the backup's, then
brought in line with what happened since it was taken, so that a restore never brings back an
applicant's data that was erased meanwhile (docs/operations.md, "Backups and restore").

It runs recruitment's retention and erasure, as the restore check does: the backups are an entry
point above every app.
"""

from __future__ import annotations

import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pghistory
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from recruitment.models import Application
from recruitment.services import (
    anonymise_expired_applications,
    applications_anonymise,
    cv_orphans_remove,
)
from vaxjo_riktning.backups.layout import (
    DATABASE_DUMP,
    PRIVATE_FILES,
    BackupError,
    check_files,
    read_manifest,
)
from vaxjo_riktning.backups.postgres import pg_tool, run_pg_tool
from vaxjo_riktning.models import User

# Fail at once, not wait, when the app still holds the tables: it must be stopped first.
LOCK_TIMEOUT = "-c lock_timeout=10s"


@dataclass
class Erasure:
    """An application anonymised after the backup was taken, as the real database recorded it."""

    application: int
    at: datetime
    by: int | None
    reason: str


@dataclass
class RestoreResult:
    erasures_redone: list[int] = field(default_factory=list)
    erasures_unreadable: str = ""
    anonymised: list[int] = field(default_factory=list)
    orphan_files_removed: int = 0


def backup_restore(*, folder: Path) -> RestoreResult:
    """Replace the database and the private files with the backup in `folder`, then: apply the
    migrations the backup lacks, redo every erasure made since the backup (on request or by the
    retention job, as the database being replaced recorded them), run the retention job, and
    delete the CV files no application names any more. The app must be stopped."""
    manifest = read_manifest(folder)
    try:
        taken_at = datetime.fromisoformat(manifest["created_at"])
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError(f"The manifest of {folder} says not when it was made.") from error
    problems = check_files(folder, manifest)
    if problems:
        raise BackupError(" ".join(problems))
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a transaction.")

    result = RestoreResult()
    erasures = _erasures_since(taken_at, result)
    _replace_database(folder / DATABASE_DUMP)
    _replace_private_files(folder / PRIVATE_FILES)
    call_command("migrate", interactive=False, verbosity=0)
    with pghistory.context(command="restore"):
        result.erasures_redone = _redo(erasures)
        result.anonymised = anonymise_expired_applications().applications
    # The app is stopped: no upload is being saved, so every file no application names goes.
    result.orphan_files_removed = len(cv_orphans_remove(min_age_seconds=0).removed)
    return result


def _erasures_since(taken_at: datetime, result: RestoreResult) -> list[Erasure]:
    """Read from the database about to be replaced: it may be the reason for the restore and
    unreadable, in which case the erasures since the backup are for a person to redo."""
    try:
        rows = Application.objects.filter(anonymised_at__gt=taken_at).values_list(
            "pk", "anonymised_at", "anonymised_by_id", "anonymisation_reason"
        )
        return [Erasure(pk, at, by, reason) for pk, at, by, reason in rows.order_by("pk")]
    except DatabaseError as error:
        connection.close()
        result.erasures_unreadable = str(error).strip()
        return []


def _replace_database(dump: Path) -> None:
    """The dump as a script run by psql in one transaction after emptying the schema: if any of
    it fails, the database is left as it was."""
    name = connection.settings_dict["NAME"]
    with tempfile.TemporaryDirectory(prefix="riktning-restore-") as work:
        script = Path(work) / "restore.sql"
        run_pg_tool(
            [pg_tool("pg_restore"), "--no-owner", "--no-privileges", f"--file={script}", str(dump)],
            database=name,
        )
        connection.close()
        run_pg_tool(
            [
                pg_tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                "--command=DROP SCHEMA public CASCADE",
                "--command=CREATE SCHEMA public",
                f"--file={script}",
            ],
            database=name,
            pg_options=LOCK_TIMEOUT,
        )


def _replace_private_files(tar_path: Path) -> None:
    """Unpack the backup's files into PRIVATE_MEDIA_ROOT. Files there the restored database does
    not name are removed after the retention job (cv_orphans_remove)."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tarfile.open(tar_path) as tar:
        tar.extractall(root, filter="data")


def _redo(erasures: list[Erasure]) -> list[int]:
    """Erase again what was erased after the backup, with the same time, person and reason."""
    redone = []
    users = User.objects.in_bulk({e.by for e in erasures if e.by is not None})
    for erasure in erasures:
        with transaction.atomic():
            applications = list(
                Application.objects.select_for_update().filter(
                    pk=erasure.application, anonymised_at__isnull=True
                )
            )
            if not applications:
                continue  # made after the backup (gone with it), or erased in it already
            applications_anonymise(
                applications=applications,
                now=erasure.at,
                user=users.get(erasure.by) if erasure.by is not None else None,
                reason=erasure.reason,
            )
            redone.append(erasure.application)
    return redone
