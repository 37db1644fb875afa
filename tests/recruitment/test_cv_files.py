"""CV files are private to the server's user (0600 in folders 0700), and the nightly job removes
files no application points at once they are an hour old."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.management import call_command

from recruitment.models import Application
from recruitment.tasks import remove_orphan_cvs_task
from tests import factories as f
from tests.recruitment.test_views_public import apply

pytestmark = pytest.mark.django_db


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_an_uploaded_cv_is_0600_in_folders_0700(client, recruitment, settings):
    assert apply(client, recruitment).status_code == 302
    stored = Path(Application.objects.get().cv.path)
    assert mode(stored) == 0o600
    folder = stored.parent
    while folder != Path(settings.PRIVATE_MEDIA_ROOT):
        assert mode(folder) == 0o700, folder
        folder = folder.parent


def test_a_large_cv_streamed_to_a_temporary_file_is_0600_too(client, recruitment):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE: Django moves the temporary file instead of writing it.
    body = f.PDF_BYTES + b"0" * (2 * 1024 * 1024)
    upload = TemporaryUploadedFile("cv.pdf", "application/pdf", len(body), None)
    upload.write(body)
    upload.seek(0)
    assert apply(client, recruitment, cv=upload).status_code == 302
    assert mode(Path(Application.objects.get().cv.path)) == 0o600


def _old(path: Path) -> None:
    two_hours_ago = time.time() - 2 * 60 * 60
    os.utime(path, (two_hours_ago, two_hours_ago))


def test_the_nightly_job_removes_an_orphan_and_keeps_the_rest(client, recruitment, settings):
    assert apply(client, recruitment).status_code == 302
    kept = Path(Application.objects.get().cv.path)
    _old(kept)
    os.chmod(kept, 0o644)  # written before the storage's modes
    folder = kept.parent
    orphan = folder / "0123456789abcdef.pdf"
    orphan.write_bytes(f.PDF_BYTES)
    _old(orphan)
    fresh = folder / "fedcba9876543210.pdf"  # an upload being saved right now
    fresh.write_bytes(f.PDF_BYTES)
    output = remove_orphan_cvs_task.delay().get()
    assert "Removed 1 CV files without an application" in output
    assert not orphan.exists()
    assert kept.exists() and fresh.exists()
    assert mode(kept) == 0o600
    # A second run finds nothing more to do.
    assert "Removed 0 CV files" in remove_orphan_cvs_task.delay().get()


def test_the_command_dry_run_changes_nothing(recruitment, settings, capsys):
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "cv" / "2020" / "01"
    folder.mkdir(parents=True)
    orphan = folder / "aaaa.pdf"
    orphan.write_bytes(b"%PDF-1.4")
    _old(orphan)
    call_command("remove_orphan_cvs", "--dry-run")
    assert "Would remove 1 CV files" in capsys.readouterr().out
    assert orphan.exists()
    call_command("remove_orphan_cvs")
    assert not orphan.exists()


def test_the_job_is_scheduled_nightly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["remove-orphan-cvs-nightly"]
    assert entry["task"] == "recruitment.tasks.remove_orphan_cvs_task"


def test_a_simple_upload_saved_by_the_storage_is_private(settings):
    storage = Application._meta.get_field("cv").storage
    name = storage.save("cv/x/y.pdf", SimpleUploadedFile("y.pdf", b"%PDF-1.4"))
    assert mode(Path(storage.path(name))) == 0o600
    assert mode(Path(storage.path(name)).parent) == 0o700
