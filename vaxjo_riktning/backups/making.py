"""Making backups, and removing them when they expire."""

from __future__ import annotations

import json
import shutil
import tarfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from vaxjo_riktning.backupcheck import backup_expiry
from vaxjo_riktning.backups.layout import (
    DATABASE_DUMP,
    MANIFEST,
    PREFIX,
    PRIVATE_FILES,
    STAMP_FORMAT,
    BackupError,
    backups_in,
    sha256,
)
from vaxjo_riktning.backups.postgres import migration_heads, pg_tool, row_counts, run_pg_tool


def _private_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


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
