"""Proving that a backup restores, in a database of its own that is dropped afterwards."""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pghistory
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from recruitment.services import anonymise_expired_applications
from vaxjo_riktning.backups.layout import (
    DATABASE_DUMP,
    PRIVATE_FILES,
    BackupError,
    check_files,
    read_manifest,
    sha256,
)
from vaxjo_riktning.backups.postgres import connected_to, pg_tool, row_counts, run_pg_tool
from vaxjo_riktning.models import User
from vaxjo_riktning.signin.policy import needs_second_factor


@dataclass
class RestoreReport:
    checked: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def backup_restore_check(*, folder: Path) -> RestoreReport:
    """Restore the backup in `folder` into a new database and check it there: the files are the
    ones the backup wrote, no migration is left to apply, every table has the rows it had, a page
    renders from it, and the retention job runs on it. The database is dropped afterwards."""
    report = RestoreReport()
    try:
        manifest = read_manifest(folder)
    except BackupError as error:
        report.problems.append(str(error))
        return report
    report.problems = check_files(folder, manifest)
    if report.problems:
        return report  # a damaged dump is not worth restoring
    report.checked.append(f"the sha256 of {DATABASE_DUMP} and {PRIVATE_FILES}")
    if connection.in_atomic_block:
        raise BackupError("The restore check cannot run inside a transaction.")
    database = _temporary_database_name()
    media = Path(tempfile.mkdtemp(prefix="riktning-restore-check-"))
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(database)}")
    except DatabaseError as error:
        shutil.rmtree(media, ignore_errors=True)
        raise BackupError(
            f"Cannot create the database {database} to restore into ({error}): the database "
            "user needs the right to create databases (CREATEDB)."
        ) from error
    try:
        run_pg_tool(
            [
                pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={database}",
                str(folder / DATABASE_DUMP),
            ],
            database=database,
        )
        report.checked.append(f"the dump restored into the database {database}")
        _check_private_files(folder / PRIVATE_FILES, media, manifest, report)
        with connected_to(database):
            try:
                _check_migrations(report)
                _check_row_counts(manifest, report)
                _check_page(report)
                _anonymise(media, report)
            except DatabaseError as error:
                report.problems.append(f"The restored database failed a query: {error}")
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(
                f"DROP DATABASE IF EXISTS {connection.ops.quote_name(database)} WITH (FORCE)"
            )
        shutil.rmtree(media, ignore_errors=True)
    return report


def _temporary_database_name() -> str:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    # PostgreSQL's names are at most 63 bytes: keep the stamp, shorten the base.
    return f"{connection.settings_dict['NAME'][:30]}_restore_check_{stamp}"


def _check_private_files(
    tar_path: Path, media: Path, manifest: dict[str, Any], report: RestoreReport
) -> None:
    with tarfile.open(tar_path) as tar:
        # "data": no absolute paths, no links out of the folder, no device files.
        tar.extractall(media, filter="data")
    expected: dict[str, str] = manifest.get("private_files", {})
    found = {
        path.relative_to(media).as_posix(): path for path in media.rglob("*") if path.is_file()
    }
    problems = [
        f"The private file {name} is missing." for name in sorted(set(expected) - set(found))
    ]
    problems += [
        f"The private file {name} is not in the manifest."
        for name in sorted(set(found) - set(expected))
    ]
    problems += [
        f"The private file {name} has changed: its sha256 differs."
        for name in sorted(set(found) & set(expected))
        if sha256(found[name]) != expected[name]
    ]
    report.problems.extend(problems)
    if not problems:
        report.checked.append(f"{len(found)} private file(s) and their sha256")


def _check_migrations(report: RestoreReport) -> None:
    try:
        call_command("migrate", check_unapplied=True, interactive=False, verbosity=0)
    except SystemExit:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        report.problems.append(
            f"{len(plan)} migration(s) not applied in the restored database ({names}): the backup "
            "was made by an older Riktning; a real restore runs `manage.py migrate` after it."
        )
    else:
        report.checked.append("migrate --check: every migration applied")


def _check_row_counts(manifest: dict[str, Any], report: RestoreReport) -> None:
    expected: dict[str, int] = manifest.get("row_counts", {})
    restored = row_counts()
    problems = [
        f"The manifest has no row count for the table {table}."
        for table in restored
        if table not in expected
    ]
    problems += [
        f"The table {table} has {restored.get(table, 'no')} row(s) restored, {count} backed up."
        for table, count in sorted(expected.items())
        if restored.get(table) != count
    ]
    report.problems.extend(problems)
    if not problems:
        report.checked.append(f"the row counts of {len(restored)} tables")


def _check_page(report: RestoreReport) -> None:
    """The overview, as the first person in the restored data who may see it without a second
    factor (a restored database with nobody in it: /readyz/, which reads the database)."""
    user = next(
        (
            user
            for user in User.objects.filter(is_active=True, is_staff=False).order_by("pk")[:50]
            if not needs_second_factor(user)
        ),
        None,
    )
    # No cache: a page cached from the real database would prove nothing about this one.
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        client = Client(HTTP_HOST="localhost")
        if user is not None:
            client.force_login(user)
        path = reverse("overview") if user is not None else reverse("readyz")
        try:
            response = client.get(path, secure=True)
        except Exception as error:  # the check reports what broke, whatever it is
            report.problems.append(f"{path} failed on the restored database: {error!r}")
            return
    if response.status_code != 200:
        report.problems.append(f"{path} answered {response.status_code} on the restored database.")
    else:
        who = f"as {user.username}" if user is not None else "without signing in"
        report.checked.append(f"{path} renders {who}")


def _anonymise(media: Path, report: RestoreReport) -> None:
    """The retention job, as a real restore must run it: applicants erased since the backup was
    taken would otherwise be back."""
    with (
        override_settings(PRIVATE_MEDIA_ROOT=media),
        pghistory.context(command="restore_check"),
    ):
        result = anonymise_expired_applications()
    report.checked.append(
        f"the retention job: {len(result.applications)} application(s) anonymised that had "
        "passed their retention since the backup"
    )
