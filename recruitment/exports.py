"""Everything held on one applicant, as one ZIP file for them (GDPR art. 15, the right of
access): the application's fields, the ad, the assessments, the notes about them, the log of who
read the application, and the CV file. A JSON file for machines, a summary in Swedish for the
applicant, and the CV as it was sent.

The export is logged in the application's view log, and the log it contains includes it."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from recruitment.models import Application, ApplicationView
from recruitment.permissions import may_answer_applicant

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

logger = logging.getLogger(__name__)

NOT_ALLOWED_EXPORT = _("Only the ad's recruiter and administrators may export an applicant's data.")


def _person(user) -> str | None:
    return user.get_full_name() or user.get_username() if user else None


def applicant_data(application: Application) -> dict[str, Any]:
    """What is held on the applicant, as plain data. Queries: 3 (assessments, notes, view log);
    the ad, its position, unit and people come with the application."""
    ad = application.ad
    assessments = application.assessments.select_related("ad_competence__competence")
    notes = application.notes.select_related("author")
    views = application.views.select_related("viewer")
    return {
        "application": {
            "id": application.pk,
            "name": application.name,
            "email": application.email,
            "phone": application.phone,
            # What duplicates are compared by: the e-mail lower-cased, the phone's digits.
            "email_key": application.email_key,
            "phone_key": application.phone_key,
            "letter": application.letter,
            "cv_file_name": application.cv_name,
            "cv_content_type": application.cv_content_type,
            "stage": application.stage,
            "stage_label": str(application.get_stage_display()),
            "submitted_at": application.submitted_at,
            "updated_at": application.updated_at,
            "anonymised_at": application.anonymised_at,
        },
        "ad": {
            "id": ad.pk,
            "title": ad.title,
            "position": ad.position.title,
            "unit": str(ad.position.unit),
            "last_application_date": ad.last_application_date,
            "published_at": ad.published_at,
            "closed_at": ad.closed_at,
            "withdrawn_at": ad.withdrawn_at,
            "recruiter": _person(ad.recruiter),
            "hiring_manager": _person(ad.hiring_manager),
            "contact": ad.contact_name,
            "legal_hold": ad.legal_hold,
        },
        "assessments": [
            {
                "competence": a.ad_competence.competence.name,
                "kind": str(a.ad_competence.get_kind_display()),
                "self_assessment": a.self_assessment,
                "score": a.score,
            }
            for a in assessments
        ],
        "notes": [
            {"author": _person(n.author), "created_at": n.created_at, "text": n.text} for n in notes
        ],
        "view_log": [
            {"viewer": _person(v.viewer), "what": v.what, "at": v.viewed_at} for v in views
        ],
    }


def application_export(*, user: User, application: Application) -> bytes:
    """Log the export and build the ZIP: `data.json`, `sammanfattning.html` and the CV."""
    if not may_answer_applicant(user, application.ad):
        raise PermissionDenied(NOT_ALLOWED_EXPORT)
    ApplicationView.objects.create(
        application=application, viewer=user, what=ApplicationView.What.EXPORT
    )
    data = applicant_data(application)
    with translation.override("sv"):
        summary = render_to_string(
            "recruitment/applicant_export.html",
            {"data": data, "application": application, "exported_at": timezone.now()},
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        cv_entry = _add_cv(archive, application)
        data["application"]["cv_in_export"] = cv_entry
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        archive.writestr("sammanfattning.html", summary)
    logger.info("Application %s exported by user %s", application.pk, user.pk)
    return buffer.getvalue()


def _add_cv(archive: zipfile.ZipFile, application: Application) -> str | None:
    if not application.cv.name:
        return None
    extension = application.cv.name.rsplit(".", 1)[-1]
    entry = f"cv-{application.pk}.{extension}"
    try:
        with application.cv.open("rb") as handle:
            archive.writestr(entry, handle.read())
    except FileNotFoundError:
        logger.warning("Application %s: its CV file is missing from storage", application.pk)
        return None
    return entry
