"""Checking an applicant's CV by what the file is, not by what it is called.

A PDF starts with %PDF-; a Word document (.docx) is a zip archive holding word/document.xml;
an old Word document (.doc) is an OLE compound file. The name's extension must agree with the
content, so a program renamed to cv.pdf is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"

EXTENSIONS = {"pdf": PDF, "docx": DOCX, "doc": DOC}
OLE_HEADER = bytes.fromhex("D0CF11E0A1B11AE1")

CV_TOO_LARGE = _("The file is %(size)s; a CV may be at most %(limit)s.")
CV_WRONG_NAME = _("Choose a PDF or Word file (.pdf, .docx or .doc).")
CV_WRONG_CONTENT = _(
    "The file is called .%(extension)s but is not a %(kind)s document. Save your CV as PDF or "
    "Word and choose it again."
)
CV_EMPTY = _("The CV file is empty.")

KIND_NAMES = {PDF: "PDF", DOCX: "Word (.docx)", DOC: "Word (.doc)"}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str


def sniff(upload: UploadedFile) -> str | None:
    """The type the content proves, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(OLE_HEADER):
        return DOC
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, EOFError):
            return None
        finally:
            upload.seek(0)
        return DOCX if "word/document.xml" in names else None
    return None


def check_cv(upload: UploadedFile) -> CheckedFile:
    """Size, name and content: raise ValidationError with a message for the applicant."""
    limit = settings.RECRUITMENT_CV_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            CV_TOO_LARGE,
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if not upload.size:
        raise ValidationError(CV_EMPTY, code="empty")
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise ValidationError(CV_WRONG_NAME, code="wrong_name")
    if sniff(upload) != expected:
        raise ValidationError(
            CV_WRONG_CONTENT,
            code="wrong_content",
            params={"extension": extension, "kind": KIND_NAMES[expected]},
        )
    return CheckedFile(content_type=expected, extension=extension)
