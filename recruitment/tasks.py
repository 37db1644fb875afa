"""Celery tasks of recruitment: thin wrappers that load rows and call a service."""

from __future__ import annotations

import logging
from io import StringIO

from celery import shared_task
from django.core.management import call_command

from recruitment.models import Application
from recruitment.services import application_send_confirmation

logger = logging.getLogger(__name__)


@shared_task
def send_application_confirmation_task(application_id: int, language: str) -> bool:
    application = Application.objects.select_related("ad").filter(pk=application_id).first()
    if application is None or application.is_anonymised:
        # Erased or anonymised before the worker got to it (the applicant asked, or retention
        # came first): there is no one to confirm to.
        logger.info(
            "No confirmation for application %s: %s since it was sent",
            application_id,
            "anonymised" if application is not None else "deleted",
        )
        return False
    return application_send_confirmation(application=application, language=language)


@shared_task
def anonymise_applications_task() -> str:
    """The nightly retention job (beat: anonymise-applications-nightly): the command does it."""
    out = StringIO()
    call_command("anonymise_applications", stdout=out)
    return out.getvalue()


@shared_task
def remove_orphan_cvs_task() -> str:
    """The nightly clean-up of CV files without an application (beat: remove-orphan-cvs-nightly):
    the command does it."""
    out = StringIO()
    call_command("remove_orphan_cvs", stdout=out)
    return out.getvalue()
