"""Recruitment and competence supply: the competence catalogue, positions (key positions with
their successors), job ads with the competences sought, and the applications to them.

Job ads are public records: never deleted, withdrawn with a reason, every change kept by
pghistory. Applications hold an applicant's personal data: only the stage and the anonymisation
time are tracked in the history, so that anonymising an application leaves no copy of the
person behind in the event tables.
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from vaxjo_riktning.records import Withdrawable, WithdrawableQuerySet
from vaxjo_riktning.storage import private_storage


class Level(models.IntegerChoices):
    """How well a person masters a competence: used for self-assessments, recruiters' scores
    and the catalogue of people's competences."""

    NONE = 1, _("1 – no experience")
    BASIC = 2, _("2 – some experience")
    GOOD = 3, _("3 – good")
    VERY_GOOD = 4, _("4 – very good")
    EXPERT = 5, _("5 – expert, could teach others")


# A person holds a competence, for supply and succession, at this level or above.
HELD_LEVEL = Level.GOOD


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Competence(models.Model):
    """A competence in the group's shared catalogue, used by positions, ads and people."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    process_area = models.ForeignKey(
        "processes.ProcessArea",
        verbose_name=_("process area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competences",
        help_text=_("The group-wide process the competence belongs to, if any."),
    )

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Position(models.Model):
    """A position in the group. Key positions (the group directors, the heads of
    administrations, the company CEOs) get a succession plan."""

    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "vaxjo_riktning.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="positions",
    )
    process_areas = models.ManyToManyField(
        "processes.ProcessArea",
        verbose_name=_("process areas responsible for"),
        blank=True,
        related_name="positions",
    )
    competences = models.ManyToManyField(
        Competence, verbose_name=_("competences needed"), blank=True, related_name="positions"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions_held",
    )
    is_key = models.BooleanField(
        _("key position"),
        default=False,
        help_text=_("Key positions across the group have a succession plan."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["sort_order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title"], name="position_title_unique_in_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.unit}"


class PersonCompetence(models.Model):
    """A competence a person in the group has, and how well."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="competences",
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.PROTECT, related_name="holders"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)

    class Meta:
        verbose_name = _("person's competence")
        verbose_name_plural = _("people's competences")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "competence"], name="person_competence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.competence} ({self.level})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Successor(models.Model):
    """A named successor for a key position, how soon they could take it on, and what they do to
    get ready."""

    class Readiness(models.TextChoices):
        READY_NOW = "now", _("Ready now")
        ONE_TO_TWO_YEARS = "1-2", _("Ready in 1–2 years")
        THREE_YEARS_OR_MORE = "3+", _("Ready in 3 years or more")

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="successors"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="succession_plans",
    )
    readiness = models.CharField(_("readiness"), max_length=4, choices=Readiness.choices)
    development_actions = models.TextField(
        _("development actions"),
        blank=True,
        help_text=_("What the successor does to get ready: programmes, assignments, mentoring."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("successor")
        verbose_name_plural = _("successors")
        ordering = ["readiness", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["position", "person"], name="successor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.position.title}"


class JobAdQuerySet(WithdrawableQuerySet):
    def open(self) -> JobAdQuerySet:
        """Published, not withdrawn, not closed, and the last day to apply not passed."""
        return self.filter(
            published_at__isnull=False,
            published_at__lte=timezone.now(),
            withdrawn_at__isnull=True,
            closed_at__isnull=True,
            last_application_date__gte=timezone.localdate(),
        )

    def public(self) -> JobAdQuerySet:
        """Ads anyone may read: every published one (a closed or withdrawn ad stays readable,
        marked as such)."""
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def managed_by(self, user) -> JobAdQuerySet:
        """The ads whose applications the user may see: their recruiter's and their hiring
        manager's; every ad for an administrator."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_administrator:
            return self
        return self.filter(Q(recruiter=user) | Q(hiring_manager=user))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class JobAd(Withdrawable):
    """A job ad for a position, with the competences sought, published on the public ads page."""

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="ads"
    )
    title = models.CharField(_("heading"), max_length=200)
    introduction = models.TextField(_("introduction"), help_text=_("The ad's opening paragraph."))
    description = models.TextField(_("the role"), blank=True)
    employment = models.CharField(
        _("employment"),
        max_length=200,
        blank=True,
        help_text=_("E.g. permanent, full time, starting by agreement."),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    last_application_date = models.DateField(_("last day to apply"))
    contact_name = models.CharField(_("contact"), max_length=200)
    contact_title = models.CharField(_("contact's title"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)
    contact_phone = models.CharField(_("contact's phone"), max_length=40, blank=True)
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recruiter"),
        on_delete=models.PROTECT,
        related_name="recruiter_ads",
    )
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hiring manager"),
        on_delete=models.PROTECT,
        related_name="hiring_manager_ads",
    )
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, help_text=_("Empty: a draft nobody outside sees.")
    )
    closed_at = models.DateTimeField(
        _("recruitment closed"),
        null=True,
        blank=True,
        help_text=_("When the decision was made; the retention period for applicants starts."),
    )
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("Stops the automatic anonymisation, e.g. while an appeal is pending."),
    )
    # The reason for the latest change of the hold, setting or lifting it; the ad's history keeps
    # every earlier one.
    legal_hold_reason = models.TextField(
        _("reason for legal hold"),
        blank=True,
        help_text=_("Why the legal hold was set, or lifted: kept in the ad's history."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = JobAdQuerySet.as_manager()

    class Meta:
        verbose_name = _("job ad")
        verbose_name_plural = _("job ads")
        ordering = ["last_application_date", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawn_reason=""),
                name="jobad_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(legal_hold=False) | ~Q(legal_hold_reason=""),
                name="jobad_legal_hold_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recruitment:public_ad", kwargs={"pk": self.pk})

    def get_board_url(self) -> str:
        return reverse("recruitment:board", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_past_last_day(self) -> bool:
        return self.last_application_date < timezone.localdate()

    @property
    def accepts_applications(self) -> bool:
        return (
            self.is_published
            and not self.is_withdrawn
            and self.closed_at is None
            and not self.is_past_last_day
        )

    @property
    def retention_starts_at(self):
        """When the recruitment ended: closed, or else withdrawn."""
        return self.closed_at or self.withdrawn_at


# Required competences before merits, wherever the competences sought are listed.
REQUIRED_FIRST = models.Case(models.When(kind="required", then=0), default=1)


# The competences an ad seeks decide how applicants are ranked: every change is kept, also a
# competence taken off before anyone applied (the delete event).
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class AdCompetence(models.Model):
    """A competence an ad asks for: required, or meritorious (a merit)."""

    class Kind(models.TextChoices):
        REQUIRED = "required", _("Required")
        MERIT = "merit", _("Meritorious")

    ad = models.ForeignKey(
        JobAd, verbose_name=_("job ad"), on_delete=models.CASCADE, related_name="ad_competences"
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), on_delete=models.PROTECT, related_name="ads"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REQUIRED)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("competence sought")
        verbose_name_plural = _("competences sought")
        ordering = ["ad", REQUIRED_FIRST, "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ad", "competence"], name="ad_competence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.competence} ({self.get_kind_display()})"

    @property
    def weight(self) -> int:
        return REQUIRED_WEIGHT if self.kind == self.Kind.REQUIRED else MERIT_WEIGHT


# In the competence match, a required competence counts twice as much as a merit.
REQUIRED_WEIGHT = 2
MERIT_WEIGHT = 1


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """Applicants' data: the recruiter and the hiring manager of the ad, and administrators.
        Nobody else, whatever their role."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_administrator:
            return self
        return self.filter(Q(ad__recruiter=user) | Q(ad__hiring_manager=user))


def cv_upload_to(instance: Application, filename: str) -> str:
    # Never the applicant's own file name: a random one, with the extension the content proved.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cv/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    # Only what is no personal data: the history must not keep what anonymisation erases. Who
    # erased an application on request is kept; the reason stays on the row alone, since free
    # text may name the applicant and the event tables can never be changed.
    fields=["ad", "stage", "anonymised_at", "anonymised_by", "submitted_at"],
    # The names the history was first made with: a name derived from the fields would make a new
    # table and drop the old one with every event in it.
    model_name="ApplicationAdStageAnonymisedAtSubmittedAtEvent",
    obj_field=pghistory.ObjForeignKey(related_name="ad_stage_anonymised_at_submitted_at_events"),
)
class Application(models.Model):
    """An applicant's application to a job ad, taken through the recruitment's stages."""

    class Stage(models.TextChoices):
        RECEIVED = "received", _("Received")
        SCREENING = "screening", _("Screening")
        INTERVIEW = "interview", _("Interview")
        REFERENCES = "references", _("References")
        OFFER = "offer", _("Offer")
        HIRED = "hired", _("Hired")
        REJECTED = "rejected", _("Rejected")
        # The applicant took the application back ("återtagen"), not a public record withdrawn.
        WITHDRAWN = "withdrawn", pgettext_lazy("application stage", "Withdrawn")

    ad = models.ForeignKey(
        JobAd, verbose_name=_("job ad"), on_delete=models.PROTECT, related_name="applications"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40)
    # E-mail lower-cased and phone as its digits (a leading +46 as 0): what duplicates compare.
    email_key = models.CharField(_("e-mail key"), max_length=254, editable=False, db_index=True)
    phone_key = models.CharField(_("phone key"), max_length=40, editable=False, db_index=True)
    letter = models.TextField(_("personal letter"))
    cv = models.FileField(_("CV"), storage=private_storage, upload_to=cv_upload_to, blank=True)
    cv_name = models.CharField(_("CV file name"), max_length=255, blank=True)
    cv_content_type = models.CharField(
        _("CV file type"), max_length=100, blank=True, editable=False
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.RECEIVED
    )
    # The form's one-time token: a double click or a resent form saves one application only.
    submission_token = models.UUIDField(_("submission token"), editable=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    # Set when HR erased the application on the applicant's request (GDPR art. 17); empty when
    # the retention job did it.
    anonymised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anonymised by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymisation_reason = models.TextField(_("reason for erasure"), blank=True, editable=False)

    objects = ApplicationQuerySet.as_manager()

    # Not a field: the competence match in percent, set by the recruitment board's selectors
    # (recruitment.selectors.board and application_for_user) for the templates.
    match: int | None

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ad", "submission_token"], name="application_submitted_once"
            ),
        ]
        indexes = [models.Index(fields=["ad", "stage"], name="application_ad_stage")]

    def __str__(self) -> str:
        if self.anonymised_at:
            return str(_("Anonymised application #%(pk)s") % {"pk": self.pk})
        return f"{self.name} – {self.ad}"

    def get_absolute_url(self) -> str:
        return reverse("recruitment:application_detail", kwargs={"pk": self.pk})

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


# Scores decide who goes on: who scored what, and when, is kept. No personal data is in a row
# (ids and levels), and anonymisation keeps the scores too.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Assessment(models.Model):
    """An application against one competence the ad seeks: the applicant's own assessment, and
    the recruiter's or hiring manager's score."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    ad_competence = models.ForeignKey(
        AdCompetence,
        verbose_name=_("competence sought"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    self_assessment = models.PositiveSmallIntegerField(
        _("self-assessment"),
        choices=Level.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        choices=Level.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = [
            models.Case(
                models.When(ad_competence__kind=AdCompetence.Kind.REQUIRED, then=0), default=1
            ),
            "ad_competence__sort_order",
            "pk",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "ad_competence"], name="assessment_unique"
            ),
            models.CheckConstraint(
                condition=Q(self_assessment__gte=1, self_assessment__lte=5),
                name="assessment_self_in_scale",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="assessment_score_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.ad_competence_id}"


class Note(models.Model):
    """A recruiter's or hiring manager's note on an application. Not tracked in the history:
    a note may name the applicant, and anonymisation erases it."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("note text"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("note on an application")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.created_at:%Y-%m-%d}"


class ApplicationView(models.Model):
    """Who looked at an application, downloaded its CV or exported it, and when."""

    class What(models.TextChoices):
        APPLICATION = "application", _("Application")
        CV = "cv", _("CV")
        # Everything held on the applicant, downloaded for them (GDPR art. 15).
        EXPORT = "export", _("Export of the applicant's data")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="views"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("viewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    what = models.CharField(_("what"), max_length=12, choices=What.choices)
    viewed_at = models.DateTimeField(_("viewed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("view of an application")
        verbose_name_plural = _("views of applications")
        ordering = ["-viewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.viewer} {self.viewed_at:%Y-%m-%d %H:%M}"
