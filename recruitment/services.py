"""Workflows of recruitment: applying, moving an application through the stages, scoring,
notes, closing and withdrawing an ad, legal hold, naming successors for key positions, and the
anonymisation of applicants who were not hired once the retention period has passed.

Forms validate what a person typed; these functions enforce what must hold however the change
comes (a form, the admin, a command): who may do it, and that an anonymised application or a
withdrawn ad stays as it is.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import time as clock
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from recruitment.models import (
    AdCompetence,
    Application,
    ApplicationView,
    Assessment,
    Competence,
    JobAd,
    Note,
    Position,
    Successor,
)
from recruitment.permissions import (
    may_answer_applicant,
    may_be_hiring_manager,
    may_be_recruiter,
    may_plan_succession,
    may_steward_recruitments,
)
from recruitment.uploads import CheckedFile
from vaxjo_riktning import outbox
from vaxjo_riktning.calendar import add_months
from vaxjo_riktning.mail import send_once
from vaxjo_riktning.models import Role
from vaxjo_riktning.storage import private_storage

if TYPE_CHECKING:
    from vaxjo_riktning.models import Unit, User

logger = logging.getLogger(__name__)

AD_CLOSED = _(
    "This ad no longer takes applications: the last day to apply was %(date)s. Nothing was sent."
)
AD_NOT_OPEN = _("This ad no longer takes applications. Nothing was sent.")
APPLICATION_ANONYMISED = _("This application has been anonymised and can no longer be changed.")
AD_WITHDRAWN = _("This ad has been withdrawn and can no longer be changed.")
WITHDRAW_REASON_REQUIRED = _("Give a reason for withdrawing the ad.")
LEGAL_HOLD_REASON_REQUIRED = _("Give a reason for the legal hold.")
LEGAL_HOLD_LIFT_REASON_REQUIRED = _("Give a reason for lifting the legal hold.")
LEGAL_HOLD_UNCHANGED = _("The legal hold is already as you chose; nothing was changed.")
NOT_ALLOWED_LEGAL_HOLD = _(
    "Only HR's process owner and administrators may set or lift a legal hold."
)
NOT_ALLOWED_ROLES = _(
    "Only HR's process owner and administrators may change an ad's recruiter or hiring manager."
)
NOT_A_RECRUITER = _(
    "%(name)s does not hold the recruiter role: choose one of the group's recruiters."
)
NOT_A_MANAGER = _(
    "%(name)s is not a manager in %(unit)s: choose a unit editor of the unit (or of a unit above "
    "or below it) or the chief executive."
)
ERASE_REASON_REQUIRED = _(
    "Give the reason for the erasure, e.g. the applicant's request and when it came. Do not "
    "name the applicant."
)
ERASE_LEGAL_HOLD = _(
    "The recruitment is on legal hold, so its applications must be kept: nothing was erased. "
    "HR's process owner may lift the hold once the reason for it is gone."
)
NOT_ALLOWED_ERASE = _("Only the ad's recruiter and administrators may erase an applicant's data.")
NOTE_REQUIRED = _("Write the note before saving it.")
ALREADY_CLOSED = _("The recruitment is already closed.")
NOT_ALLOWED = _("You may not change this recruitment.")
COMPETENCES_LOCKED = _(
    "Applicants have already assessed themselves against the competences sought, so they can no "
    "longer be changed. Withdraw the ad and publish a new one if the role has changed."
)
AD_HAS_APPLICANTS = _("The ad has applications and can no longer be unpublished; withdraw it.")
NOT_ALLOWED_SUCCESSION = _("You may not change succession plans.")
NOT_A_KEY_POSITION = _("Only key positions have a succession plan.")
READINESS_NOT_ON_SCALE = _(
    "Choose how soon the successor is ready: now, in 1–2 years, or in 3 years or more."
)
# The same text as recruitment.forms.SUCCESSOR_TWICE, which refuses it before the save; this one
# answers when the unique constraint decides (a second request naming the person at once).
SUCCESSOR_TWICE = _("This person is already named as a successor for the position.")


def email_key(email: str) -> str:
    return email.strip().lower()


def phone_key(phone: str) -> str:
    """The phone number's digits, a Swedish +46 or 0046 written as the leading 0."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+46") or digits.startswith("0046"):
        digits = "0" + digits.removeprefix("00").removeprefix("46")
    return digits


def may_manage(user: User, ad: JobAd) -> bool:
    """The ad's recruiter and hiring manager, and administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_administrator or user.pk in (ad.recruiter_id, ad.hiring_manager_id)


def _check_may_manage(user: User, ad: JobAd) -> None:
    if not may_manage(user, ad):
        raise PermissionDenied(NOT_ALLOWED)


# --- Applying -------------------------------------------------------------------------------------


@dataclass
class Submitted:
    application: Application
    # False when the same form was sent again (a double click): nothing new was saved.
    created: bool


def application_submit(
    *,
    ad: JobAd,
    token: uuid.UUID,
    name: str,
    email: str,
    phone: str,
    letter: str,
    cv: UploadedFile[bytes],
    cv_checked: CheckedFile,
    self_assessments: Mapping[int, int],
) -> Submitted:
    """Save an application with its self-assessment against each competence the ad seeks
    (keyed by AdCompetence id), and send the applicant a confirmation after the commit.

    The form's token makes a resent form harmless: the second one finds the first and saves
    nothing, also when both arrive at once (the unique constraint decides)."""
    existing = Application.objects.filter(ad=ad, submission_token=token).first()
    if existing is not None:
        return Submitted(existing, created=False)
    if not ad.accepts_applications:
        if ad.is_past_last_day:
            raise ValidationError(
                AD_CLOSED, params={"date": ad.last_application_date.isoformat()}, code="closed"
            )
        raise ValidationError(AD_NOT_OPEN, code="closed")
    sought = {c.pk: c for c in ad.ad_competences.all()}
    if set(self_assessments) != set(sought):
        raise ValidationError(_("Assess yourself against every competence sought."))

    application = Application(
        ad=ad,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        email_key=email_key(email),
        phone_key=phone_key(phone),
        letter=letter.strip(),
        cv_name=(cv.name or "")[-255:],
        cv_content_type=cv_checked.content_type,
        submission_token=token,
    )
    try:
        with transaction.atomic():
            application.cv.save(f"cv.{cv_checked.extension}", cv, save=False)
            application.save()
            Assessment.objects.bulk_create(
                Assessment(application=application, ad_competence=sought[pk], self_assessment=level)
                for pk, level in self_assessments.items()
            )
    except BaseException as error:
        # The rows were rolled back; the file written before them must go too, whatever failed.
        if application.cv.name:
            application.cv.storage.delete(application.cv.name)
        if not isinstance(error, IntegrityError):
            raise
        # The same form arrived twice at once and the other one won: keep that one.
        winner = Application.objects.filter(ad=ad, submission_token=token).first()
        if winner is None:
            raise
        return Submitted(winner, created=False)

    from recruitment.tasks import send_application_confirmation_task

    language = translation.get_language() or settings.LANGUAGE_CODE
    outbox.enqueue(send_application_confirmation_task, application.pk, language)
    logger.info("Application %s received for ad %s", application.pk, ad.pk)
    return Submitted(application, created=True)


def one_line(text: str) -> str:
    """The text as one line of plain text: control characters (CR, LF, tab, NUL, ...) and
    Unicode's line and paragraph separators become spaces, and runs of spaces one. What a mail
    header holds must be this, or Django refuses to send it (BadHeaderError)."""
    spaced = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return " ".join(spaced.split())


def application_send_confirmation(*, application: Application, language: str) -> bool:
    """Mail the applicant that the application arrived, and how their data is handled.

    The form is public, so this mail goes to whatever address someone typed: it must be useless
    for sending anyone anything. So one mail per address and ad (a second application to the same
    ad from the same address gets none), nothing in a header that the applicant typed, the name
    only as one line of plain text, and the number of applications per address is limited
    (recruitment.ratelimits)."""
    if application.is_anonymised or not application.email:
        return False
    earlier = Application.objects.filter(
        ad_id=application.ad_id, email_key=application.email_key, pk__lt=application.pk
    )
    if earlier.exists():
        logger.info(
            "Application %s: no second confirmation to an address that applied to ad %s before",
            application.pk,
            application.ad_id,
        )
        return False
    try:
        validate_email(application.email)
    except ValidationError:
        logger.warning("Application %s: no confirmation to a malformed address", application.pk)
        return False
    with translation.override(language):
        context = {
            "name": one_line(application.name),
            "ad": application.ad,
            "retention_months": settings.RECRUITMENT_RETENTION_MONTHS,
        }
        subject = render_to_string("recruitment/email/confirmation_subject.txt", context)
        body = render_to_string("recruitment/email/confirmation.txt", context)
    return send_once(
        key=f"application-confirmation:{application.pk}",
        subject=one_line(subject),
        body=body,
        to=[application.email],
    )


# --- The board --------------------------------------------------------------------------------


def _check_changeable(application: Application) -> None:
    if application.is_anonymised:
        raise ValidationError(APPLICATION_ANONYMISED)


@transaction.atomic
def application_move(*, user: User, application: Application, stage: str) -> Application:
    application = (
        Application.objects.select_for_update().select_related("ad").get(pk=application.pk)
    )
    _check_may_manage(user, application.ad)
    _check_changeable(application)
    if stage not in Application.Stage.values:
        raise ValidationError({"stage": _("Choose one of the stages.")})
    if application.stage != stage:
        application.stage = stage
        application.save(update_fields=["stage", "updated_at"])
    return application


@transaction.atomic
def application_score(
    *, user: User, application: Application, scores: Mapping[int, int | None]
) -> None:
    """Set the score for each assessment (keyed by Assessment id); None clears it."""
    _check_may_manage(user, application.ad)
    _check_changeable(application)
    assessments = {a.pk: a for a in application.assessments.all()}
    unknown = set(scores) - set(assessments)
    if unknown:
        raise ValidationError(_("Score only the competences this ad seeks."))
    changed = []
    for pk, score in scores.items():
        if score is not None and not 1 <= score <= 5:
            raise ValidationError(_("A score is from 1 to 5."))
        if assessments[pk].score != score:
            assessments[pk].score = score
            changed.append(assessments[pk])
    Assessment.objects.bulk_update(changed, ["score"])


def note_add(*, user: User, application: Application, text: str) -> Note:
    _check_may_manage(user, application.ad)
    _check_changeable(application)
    text = text.strip()
    if not text:
        raise ValidationError({"text": NOTE_REQUIRED})
    return Note.objects.create(application=application, author=user, text=text)


def application_viewed(*, user: User, application: Application, what: str) -> None:
    """Log that the user looked at the application (or its CV)."""
    ApplicationView.objects.create(application=application, viewer=user, what=what)


# --- The ad -----------------------------------------------------------------------------------


def may_create_ads(user: User) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_administrator or user.has_role(Role.RECRUITER)
    )


AD_FIELDS = (
    "position",
    "title",
    "introduction",
    "description",
    "employment",
    "location",
    "last_application_date",
    "contact_name",
    "contact_title",
    "contact_email",
    "contact_phone",
)


@transaction.atomic
def ad_save(
    *,
    user: User,
    ad: JobAd | None,
    data: Mapping[str, Any],
    sought: Sequence[tuple[Competence, str]],
    publish: bool,
    recruiter: User | None = None,
    hiring_manager: User | None = None,
) -> JobAd:
    """Create an ad or change one, with the competences it seeks. Once applicants have assessed
    themselves against the competences, those stay as they are.

    A new ad's recruiter is the user (an administrator, who need not recruit, names one in
    `recruiter`) and its hiring manager is `hiring_manager`, both checked like a later change
    (ad_assign_roles). Changing an ad never changes them."""
    if ad is None:
        if not may_create_ads(user):
            raise PermissionDenied(NOT_ALLOWED)
        recruiter = (recruiter if user.is_administrator else None) or user
        if hiring_manager is None:
            raise ValidationError({"hiring_manager": _("Choose the hiring manager.")})
        _check_roles(recruiter=recruiter, hiring_manager=hiring_manager, unit=data["position"].unit)
        ad = JobAd(recruiter=recruiter, hiring_manager=hiring_manager)
    else:
        ad = JobAd.objects.select_for_update().get(pk=ad.pk)
        _check_may_manage(user, ad)
        if ad.is_withdrawn:
            raise ValidationError(AD_WITHDRAWN)
    for name in AD_FIELDS:
        if name in data:
            setattr(ad, name, data[name])
    if publish and ad.published_at is None:
        ad.published_at = timezone.now()
    elif not publish and ad.published_at is not None:
        if ad.pk and ad.applications.exists():
            raise ValidationError(AD_HAS_APPLICANTS)
        ad.published_at = None
    ad.save()

    wanted = {competence.pk: kind for competence, kind in sought}
    current = {c.competence_id: c for c in ad.ad_competences.all()}
    if {pk: c.kind for pk, c in current.items()} != wanted:
        if ad.applications.exists():
            raise ValidationError({"required_competences": COMPETENCES_LOCKED})
        ad.ad_competences.exclude(competence_id__in=wanted).delete()
        for order, (competence, kind) in enumerate(sought, start=1):
            AdCompetence.objects.update_or_create(
                ad=ad, competence=competence, defaults={"kind": kind, "sort_order": order * 10}
            )
    return ad


@transaction.atomic
def ad_close(*, user: User, ad: JobAd) -> JobAd:
    """The decision is made: the ad stops taking applications and the retention period for the
    applicants who were not hired starts."""
    _check_may_manage(user, ad)
    if ad.closed_at is not None:
        raise ValidationError(ALREADY_CLOSED)
    ad.closed_at = timezone.now()
    ad.save(update_fields=["closed_at", "updated_at"])
    return ad


@transaction.atomic
def ad_withdraw(*, user: User, ad: JobAd, reason: str) -> JobAd:
    _check_may_manage(user, ad)
    if ad.is_withdrawn:
        raise ValidationError(AD_WITHDRAWN)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": WITHDRAW_REASON_REQUIRED})
    ad.withdrawn_at = timezone.now()
    ad.withdrawn_reason = reason
    ad.withdrawn_by = user
    ad.save(update_fields=["withdrawn_at", "withdrawn_reason", "withdrawn_by", "updated_at"])
    return ad


def _check_roles(*, recruiter: User, hiring_manager: User, unit: Unit) -> None:
    """A recruiter holds the recruiter role; a hiring manager is a manager in the ad's unit
    (recruitment.permissions.may_be_hiring_manager). Errors name the field."""
    errors = {}
    if not may_be_recruiter(recruiter):
        errors["recruiter"] = ValidationError(
            NOT_A_RECRUITER, code="not_recruiter", params={"name": recruiter.name_with_title}
        )
    if not may_be_hiring_manager(hiring_manager, unit):
        errors["hiring_manager"] = ValidationError(
            NOT_A_MANAGER,
            code="not_manager",
            params={"name": hiring_manager.name_with_title, "unit": unit.display_name},
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def ad_assign_roles(*, user: User, ad: JobAd, recruiter: User, hiring_manager: User) -> JobAd:
    """Hand an ad's applications to another recruiter or hiring manager: HR's process owner and
    administrators only, and only to a recruiter and a manager in the ad's unit."""
    if not may_steward_recruitments(user):
        raise PermissionDenied(NOT_ALLOWED_ROLES)
    ad = JobAd.objects.select_for_update().select_related("position__unit").get(pk=ad.pk)
    _check_roles(recruiter=recruiter, hiring_manager=hiring_manager, unit=ad.position.unit)
    ad.recruiter = recruiter
    ad.hiring_manager = hiring_manager
    ad.save(update_fields=["recruiter", "hiring_manager", "updated_at"])
    logger.info(
        "Ad %s: recruiter %s, hiring manager %s, set by %s",
        ad.pk,
        recruiter.pk,
        hiring_manager.pk,
        user.pk,
    )
    return ad


@transaction.atomic
def ad_set_legal_hold(*, user: User, ad: JobAd, hold: bool, reason: str) -> JobAd:
    """Set or lift the legal hold, with a reason either way: HR's process owner and
    administrators only. The reason stays on the ad until the next change, and in its history."""
    if not may_steward_recruitments(user):
        raise PermissionDenied(NOT_ALLOWED_LEGAL_HOLD)
    ad = JobAd.objects.select_for_update().get(pk=ad.pk)
    reason = reason.strip()
    if not reason:
        message = LEGAL_HOLD_REASON_REQUIRED if hold else LEGAL_HOLD_LIFT_REASON_REQUIRED
        raise ValidationError({"reason": message})
    if ad.legal_hold == hold:
        raise ValidationError({"hold": LEGAL_HOLD_UNCHANGED})
    ad.legal_hold = hold
    ad.legal_hold_reason = reason
    ad.save(update_fields=["legal_hold", "legal_hold_reason", "updated_at"])
    logger.info("Ad %s: legal hold %s by %s", ad.pk, "set" if hold else "lifted", user.pk)
    return ad


# --- Succession plans -----------------------------------------------------------------------
#
# A successor is a row of a key position's plan, not a public record: it is changed in place and
# taken off the plan by deleting it. pghistory records every insert, update and delete of it
# (with the signed-in user through its middleware), which recruitment.selectors.succession_history
# reads back, so the plan's history survives the delete.


def _check_may_plan(user: User) -> None:
    if not may_plan_succession(user):
        raise PermissionDenied(NOT_ALLOWED_SUCCESSION)


def _check_readiness(readiness: str) -> None:
    if readiness not in Successor.Readiness.values:
        raise ValidationError({"readiness": READINESS_NOT_ON_SCALE})


@transaction.atomic
def successor_create(
    *,
    user: User,
    position: Position,
    person: User,
    readiness: str,
    development_actions: str = "",
) -> Successor:
    """Name `person` as a successor for the key position. Raises PermissionDenied for whoever
    may not plan succession, ValidationError for a position that is not key, a readiness off the
    scale, or a person already named for the position (also when two requests name them at
    once: the unique constraint decides)."""
    _check_may_plan(user)
    if not position.is_key:
        raise ValidationError(NOT_A_KEY_POSITION)
    _check_readiness(readiness)
    try:
        # A savepoint, so that a refused insert leaves the surrounding transaction usable.
        with transaction.atomic():
            return Successor.objects.create(
                position=position,
                person=person,
                readiness=readiness,
                development_actions=development_actions.strip(),
            )
    except IntegrityError:
        raise ValidationError({"person": SUCCESSOR_TWICE}) from None


@transaction.atomic
def successor_update(
    *, user: User, successor: Successor, readiness: str, development_actions: str
) -> Successor:
    """Change how soon a successor is ready and what they do to get ready; the person and the
    position stay. Raises PermissionDenied or ValidationError and then changes nothing."""
    _check_may_plan(user)
    _check_readiness(readiness)
    # Read the row again: a bound ModelForm has already written what was typed onto the
    # instance the caller holds.
    current = Successor.objects.select_for_update().get(pk=successor.pk)
    development_actions = development_actions.strip()
    if (current.readiness, current.development_actions) != (readiness, development_actions):
        current.readiness = readiness
        current.development_actions = development_actions
        current.save(update_fields=["readiness", "development_actions", "updated_at"])
    return current


@transaction.atomic
def successor_delete(*, user: User, successor: Successor) -> None:
    """Take a successor off the plan. A hard delete, allowed because a successor is a row of
    the plan and not a public record; pghistory's delete event keeps that they were named, how
    ready they were, and who took them off. Raises PermissionDenied for whoever may not plan
    succession."""
    _check_may_plan(user)
    successor.delete()


# --- Retention --------------------------------------------------------------------------------


@dataclass
class AnonymisationResult:
    applications: list[int] = field(default_factory=list)
    ads: list[int] = field(default_factory=list)
    files_deleted: int = 0
    notes_deleted: int = 0
    held_ads: list[int] = field(default_factory=list)


def _delete_cv_files(names: list[str]) -> None:
    storage = Application._meta.get_field("cv").storage
    for name in names:
        storage.delete(name)


def applications_anonymise(
    *,
    applications: Sequence[Application],
    now: datetime,
    user: User | None = None,
    reason: str = "",
) -> tuple[int, int]:
    """Erase the personal data of these applications, locked by the caller in its transaction:
    name, contact details, letter, CV (the file once the transaction commits) and notes. The ad,
    the stage reached and the scores stay. `user` and `reason` say who erased them on request;
    the retention job leaves them empty. Returns the CV files and notes deleted.

    The one anonymisation of recruitment: the retention job and an erasure on request both call
    it. The history of applications never held the fields erased here, so nothing in the
    append-only event tables needs (or could) change."""
    files = [a.cv.name for a in applications if a.cv.name]
    notes, _ = Note.objects.filter(application__in=applications).delete()
    for application in applications:
        application.name = ""
        application.email = ""
        application.phone = ""
        application.email_key = ""
        application.phone_key = ""
        application.letter = ""
        application.cv = ""
        application.cv_name = ""
        application.cv_content_type = ""
        application.anonymised_at = now
        application.anonymised_by = user
        application.anonymisation_reason = reason
    Application.objects.bulk_update(
        applications,
        [
            "name",
            "email",
            "phone",
            "email_key",
            "phone_key",
            "letter",
            "cv",
            "cv_name",
            "cv_content_type",
            "anonymised_at",
            "anonymised_by",
            "anonymisation_reason",
        ],
    )
    # Files go once the rows no longer point at them; a file left by a failed delete is an
    # orphan without a name attached, not personal data in a row.
    transaction.on_commit(functools.partial(_delete_cv_files, files))
    return len(files), notes


def ad_retention_starts_at(ad: JobAd, *, months: int, months_unclosed: int) -> datetime | None:
    """When the ad's applicants' data is due for erasure: `months` after the recruitment closed
    (or the ad was withdrawn); for an ad nobody closed, `months_unclosed` after the end of its
    last day to apply. None for a draft, which nobody could apply to."""
    ended = ad.retention_starts_at
    if ended is not None:
        return add_months(ended, months)
    if ad.published_at is None:
        return None
    day_after = datetime.combine(
        ad.last_application_date + timedelta(days=1),
        time.min,
        tzinfo=timezone.get_current_timezone(),
    )
    return add_months(day_after, months_unclosed)


def anonymise_expired_applications(
    *,
    now: datetime | None = None,
    months: int | None = None,
    months_unclosed: int | None = None,
    dry_run: bool = False,
) -> AnonymisationResult:
    """Erase the personal data of applicants who were not hired, once `months` (default
    RECRUITMENT_RETENTION_MONTHS) have passed since their recruitment closed (or the ad was
    withdrawn), or, for an ad never closed, `months_unclosed` (default
    RECRUITMENT_RETENTION_MONTHS_UNCLOSED) since its last day to apply. Ads on legal hold are
    skipped. The ad, the stage each application reached (the decision) and the scores stay;
    name, contact details, letter, CV and notes go.

    Idempotent: an anonymised application is never touched again, so a second run finds nothing.
    """
    now = now or timezone.now()
    months = settings.RECRUITMENT_RETENTION_MONTHS if months is None else months
    if months_unclosed is None:
        months_unclosed = settings.RECRUITMENT_RETENTION_MONTHS_UNCLOSED
    result = AnonymisationResult()
    ads = JobAd.objects.filter(applications__anonymised_at__isnull=True).distinct()
    for ad in ads.order_by("pk"):
        due_at = ad_retention_starts_at(ad, months=months, months_unclosed=months_unclosed)
        if due_at is None or due_at > now:
            continue
        if ad.legal_hold:
            result.held_ads.append(ad.pk)
            continue
        with transaction.atomic():
            due = list(
                Application.objects.select_for_update()
                .filter(ad=ad, anonymised_at__isnull=True)
                .exclude(stage=Application.Stage.HIRED)
                .order_by("pk")
            )
            if not due:
                continue
            result.ads.append(ad.pk)
            result.applications.extend(a.pk for a in due)
            if dry_run:
                continue
            files, notes = applications_anonymise(applications=due, now=now)
            result.files_deleted += files
            result.notes_deleted += notes
            logger.info(
                "Anonymised %d application(s) of ad %s (%s), %s: ids %s",
                len(due),
                ad.pk,
                ad.title,
                f"closed {ad.retention_starts_at.date().isoformat()}"
                if ad.retention_starts_at
                else f"never closed, last day to apply {ad.last_application_date.isoformat()}",
                ", ".join(str(a.pk) for a in due),
            )
    for pk in result.held_ads:
        logger.info("Ad %s is on legal hold: its applications were kept.", pk)
    return result


@transaction.atomic
def application_erase(*, user: User, application: Application, reason: str) -> Application:
    """Erase one applicant's personal data at their request (GDPR art. 17), with the same
    anonymisation as the retention job, whatever the stage: the ad's recruiter and
    administrators only, never while the ad is on legal hold. Who, when and why are kept on the
    application (and who and when in its history)."""
    application = (
        Application.objects.select_for_update().select_related("ad").get(pk=application.pk)
    )
    if not may_answer_applicant(user, application.ad):
        raise PermissionDenied(NOT_ALLOWED_ERASE)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": ERASE_REASON_REQUIRED})
    if application.is_anonymised:
        raise ValidationError(APPLICATION_ANONYMISED)
    if application.ad.legal_hold:
        raise ValidationError(ERASE_LEGAL_HOLD)
    applications_anonymise(applications=[application], now=timezone.now(), user=user, reason=reason)
    # Not the reason: it is free text, and may name the applicant; it stays on the application.
    logger.info(
        "Application %s of ad %s erased on request by user %s",
        application.pk,
        application.ad_id,
        user.pk,
    )
    return application


# --- CV files without an application ------------------------------------------------------------

# An upload in progress has its file written a moment before its row is committed: files younger
# than this are left alone.
ORPHAN_CV_MIN_AGE_SECONDS = 60 * 60
CV_FOLDER = "cv"


@dataclass
class OrphanCleanup:
    removed: list[str] = field(default_factory=list)
    kept: int = 0
    too_young: int = 0
    # Files and folders written before the storage's modes (0600, 0700) and tightened now.
    tightened: int = 0


def cv_orphans_remove(
    *, min_age_seconds: int = ORPHAN_CV_MIN_AGE_SECONDS, dry_run: bool = False
) -> OrphanCleanup:
    """Delete CV files no application points at, once they are older than `min_age_seconds`
    (an upload being saved is not taken). Such a file is left by a process killed between
    writing the file and committing the row. Files kept, and their folders, are tightened to the
    private storage's modes. Safe to run again."""
    storage = private_storage()  # the CV field's storage
    root = os.path.join(storage.location, CV_FOLDER)
    result = OrphanCleanup()
    if not os.path.isdir(root):
        return result
    referenced = set(Application.objects.exclude(cv="").values_list("cv", flat=True))
    cutoff = clock.time() - min_age_seconds
    for folder, _dirs, files in os.walk(root):
        if not dry_run and _tighten(folder, storage.directory_permissions_mode):
            result.tightened += 1
        for filename in files:
            path = os.path.join(folder, filename)
            name = os.path.relpath(path, storage.location).replace(os.sep, "/")
            if name in referenced:
                result.kept += 1
                if not dry_run and _tighten(path, storage.file_permissions_mode):
                    result.tightened += 1
                continue
            try:
                modified = os.stat(path).st_mtime
            except FileNotFoundError:  # removed meanwhile (an upload rolled back)
                continue
            if modified > cutoff:
                result.too_young += 1
                continue
            if not dry_run:
                storage.delete(name)
            result.removed.append(name)
    if result.removed and not dry_run:
        logger.info("Removed %d CV files without an application.", len(result.removed))
    return result


def _tighten(path: str, mode: int | None) -> bool:
    if mode is None:
        return False
    try:
        if os.stat(path).st_mode & 0o777 == mode:
            return False
        os.chmod(path, mode)
    except FileNotFoundError:
        return False
    return True
