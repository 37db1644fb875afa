"""A backup's folder: its files and manifest, checksums, and finding the backups in a folder."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
PRIVATE_FILES = "private-files.tar"
PREFIX = "riktning-"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


class BackupError(Exception):
    """A backup could not be made or read; the message says why."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {error}") from error
    return manifest


def check_files(folder: Path, manifest: dict[str, Any]) -> list[str]:
    """What is wrong with the backup's two files: missing, or not the ones it wrote."""
    files = manifest.get("files") or {}
    problems = []
    for name in (DATABASE_DUMP, PRIVATE_FILES):
        path = folder / name
        if name not in files:
            problems.append(f"The manifest has no checksum for {name}.")
        elif not path.is_file():
            problems.append(f"{path} is missing.")
        elif sha256(path) != files[name]:
            problems.append(f"{path} has changed since the backup: its sha256 differs.")
    return problems


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
