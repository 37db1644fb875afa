"""Backups: one made of the test database restores and passes restore_check; a changed file or a
wrong row count fails it; prune_backups removes only expired backups, and the expiry never
exceeds the recruitment retention (riktning.W101 warns when the setting asks for longer)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from recruitment.models import Application, JobAd
from recruitment.services import applications_anonymise
from tests import factories as f
from vaxjo_riktning.backupcheck import backup_expiry, check_backup_keep_days
from vaxjo_riktning.backups.layout import MANIFEST, PREFIX, backups_in
from vaxjo_riktning.backups.making import backup_create

# pg_dump reads what is committed: these tests commit, and the database is emptied after each.
restores = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup(settings, tmp_path, reader) -> Path:
    """A backup of a database with a group, a reader (who will see the overview) and an
    applicant with a CV, whose recruitment closed longer ago than the retention: the retention
    job has not run since."""
    application = f.ApplicationFactory(stage="rejected")
    JobAd.objects.filter(pk=application.ad_id).update(
        closed_at=timezone.now() - timedelta(days=800)
    )
    return backup_create(directory=tmp_path / "backups")


def restore_check(folder: Path) -> str:
    out = StringIO()
    call_command("restore_check", str(folder), stdout=out)
    return out.getvalue()


def edit_manifest(folder: Path, change) -> None:
    manifest = json.loads((folder / MANIFEST).read_text())
    change(manifest)
    (folder / MANIFEST).write_text(json.dumps(manifest))


@restores
def test_a_backup_restores_and_passes_the_check(backup, settings):
    manifest = json.loads((backup / MANIFEST).read_text())
    assert manifest["row_counts"]["recruitment_application"] == 1
    assert manifest["migrations"]["recruitment"]
    assert len(manifest["private_files"]) == 1
    assert sorted(p.name for p in backup.iterdir()) == [
        "database.dump",
        "manifest.json",
        "private-files.tar",
    ]

    out = restore_check(backup)

    assert "every migration applied" in out
    assert "/ renders as" in out
    assert f"The backup {backup} restores." in out
    # The retention job ran on the restored data, never on the real data and its CV.
    assert "the retention job: 1 application(s) anonymised" in out
    application = Application.objects.get()
    assert application.anonymised_at is None
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / application.cv.name).exists()
    # The temporary database is gone (other workers' checks may be running beside this one).
    restored_into = re.search(r"restored into the database (\S+)", out).group(1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [restored_into])
        assert cursor.fetchone()[0] == 0


@restores
def test_a_changed_dump_fails_the_check(backup):
    with (backup / "database.dump").open("ab") as dump:
        dump.write(b"\0")

    with pytest.raises(CommandError, match="database.dump has changed since the backup"):
        restore_check(backup)


@restores
def test_a_changed_private_file_or_a_missing_row_count_fails_the_check(backup):
    def tamper(manifest):
        name = next(iter(manifest["private_files"]))
        manifest["private_files"][name] = "0" * 64
        del manifest["row_counts"]["recruitment_jobad"]
        manifest["row_counts"]["recruitment_application"] = 2

    edit_manifest(backup, tamper)

    with pytest.raises(CommandError) as failed:
        restore_check(backup)

    message = str(failed.value)
    assert "has changed: its sha256 differs" in message
    assert "no row count for the table recruitment_jobad" in message
    assert "recruitment_application has 1 row(s) restored, 2 backed up" in message


@pytest.mark.django_db
def test_a_backup_inside_a_transaction_is_refused(tmp_path):
    with pytest.raises(CommandError, match="inside a transaction"):
        call_command("backup", "--dir", str(tmp_path))
    assert not any(tmp_path.iterdir())


def fake_backup(directory: Path, age: timedelta) -> Path:
    created_at = timezone.now() - age
    folder = directory / f"{PREFIX}{created_at:%Y%m%dT%H%M%S%fZ}"
    folder.mkdir(parents=True)
    (folder / MANIFEST).write_text(json.dumps({"created_at": created_at.isoformat()}))
    return folder


def prune(directory: Path) -> str:
    out = StringIO()
    call_command("prune_backups", "--dir", str(directory), stdout=out)
    return out.getvalue()


def test_prune_removes_only_the_expired_backups(settings, tmp_path):
    settings.BACKUP_KEEP_DAYS = 30
    old = fake_backup(tmp_path, timedelta(days=31))
    recent = fake_backup(tmp_path, timedelta(days=29))
    not_ours = tmp_path / f"{PREFIX}without-manifest"
    not_ours.mkdir()
    # Left by backups whose process died: the old one goes, the other may still be running.
    abandoned, running = tmp_path / f".{PREFIX}1.partial", tmp_path / f".{PREFIX}2.partial"
    abandoned.mkdir()
    running.mkdir()
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(abandoned, (two_days_ago, two_days_ago))

    out = prune(tmp_path)

    assert not old.exists() and not abandoned.exists()
    assert recent.exists() and not_ours.exists() and running.exists()
    assert "Removed 2 backup(s) older than 30 days; 1 kept" in out
    assert [b.folder for b in backups_in(tmp_path)] == [recent]


@pytest.mark.parametrize(
    "closed_or_unclosed", ["RECRUITMENT_RETENTION_MONTHS", "RECRUITMENT_RETENTION_MONTHS_UNCLOSED"]
)
def test_the_expiry_never_exceeds_the_recruitment_retention(settings, tmp_path, closed_or_unclosed):
    settings.BACKUP_KEEP_DAYS = 1000
    settings.RECRUITMENT_RETENTION_MONTHS = 24
    settings.RECRUITMENT_RETENTION_MONTHS_UNCLOSED = 24
    setattr(settings, closed_or_unclosed, 1)
    beyond_retention = fake_backup(tmp_path, timedelta(days=32))
    within = fake_backup(tmp_path, timedelta(days=27))

    prune(tmp_path)

    assert 28 <= backup_expiry().days <= 31
    assert not beyond_retention.exists()
    assert within.exists()


def test_the_system_check_warns_when_backups_would_outlive_the_retention():
    """Through `manage.py check` in a process of its own: the setting read from the environment,
    the check registered by the app's config."""
    environment = dict(
        os.environ, BACKUP_KEEP_DAYS="800", RECRUITMENT_RETENTION_MONTHS="24", DEBUG="1"
    )
    environment.pop("RECRUITMENT_RETENTION_MONTHS_UNCLOSED", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert "riktning.W101" in result.stderr
    assert "BACKUP_KEEP_DAYS is 800 days, longer than the recruitment retention" in result.stderr


def test_the_system_check_is_quiet_within_the_retention(settings):
    settings.RECRUITMENT_RETENTION_MONTHS = 24
    settings.RECRUITMENT_RETENTION_MONTHS_UNCLOSED = 24
    settings.BACKUP_KEEP_DAYS = 700
    assert check_backup_keep_days() == []
    settings.BACKUP_KEEP_DAYS = 800
    assert [m.id for m in check_backup_keep_days()] == ["riktning.W101"]


@restores
def test_a_restore_erases_again_what_was_erased_since_the_backup(settings, tmp_path, reader):
    """Restoring replaces the database and the files, and never brings back an applicant erased
    since the backup: erased on request (again, with the same reason and person) or due for the
    retention job; an application made after the backup goes, with its CV."""
    due = f.ApplicationFactory(stage="rejected")
    JobAd.objects.filter(pk=due.ad_id).update(closed_at=timezone.now() - timedelta(days=800))
    kept, erased = f.ApplicationFactory(), f.ApplicationFactory()
    backup = backup_create(directory=tmp_path / "backups")
    media = Path(settings.PRIVATE_MEDIA_ROOT)
    erased_cv = media / erased.cv.name
    with transaction.atomic():
        locked = list(Application.objects.select_for_update().filter(pk=erased.pk))
        applications_anonymise(
            applications=locked, now=timezone.now(), user=reader, reason="Begärt av den sökande"
        )
    later = f.ApplicationFactory()
    later_cv = media / later.cv.name
    assert not erased_cv.exists() and later_cv.exists()

    out = StringIO()
    call_command("restore", str(backup), "--replace", stdout=out)

    assert "erased again since the backup: 1 application(s)" in out.getvalue()
    erased.refresh_from_db()
    assert (erased.name, erased.anonymised_by, erased.anonymisation_reason) == (
        "",
        reader,
        "Begärt av den sökande",
    )
    assert not erased_cv.exists()
    due.refresh_from_db()
    assert due.anonymised_at is not None and due.name == ""
    assert not Application.objects.filter(pk=later.pk).exists()
    assert not later_cv.exists()
    kept.refresh_from_db()
    assert kept.name and (media / kept.cv.name).exists()


@pytest.mark.django_db
def test_a_restore_asks_before_it_replaces_anything(tmp_path):
    with pytest.raises(CommandError, match="Stop the app, then run it again with --replace"):
        call_command("restore", str(tmp_path))
