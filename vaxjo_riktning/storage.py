"""Where private files are kept: applicants' CVs and the period reports built in the background.
A private folder outside the static files and outside any folder a web server serves; files are
read back only through views that check who asks. Shared by recruitment and follow-up, so it
lives in the project's bottom layer."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_MEDIA_ROOT, read at use (tests point it elsewhere),
    and without a URL: a file here has no public address.

    Files are written 0600 and folders 0700 whatever FILE_UPLOAD_PERMISSIONS says: CVs and
    reports are for the web process's own user, not for every account on the server. Django
    applies the modes to every file it saves here (moved from a temporary upload or written
    from memory) and to every folder it creates."""

    @property
    def file_permissions_mode(self) -> int:
        return 0o600

    @property
    def directory_permissions_mode(self) -> int:
        return 0o700

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through an authorised view.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage
