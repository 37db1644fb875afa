"""Follow-up rows: reporting periods, a unit's report for a period, status reports on activities,
assessments of goals, and the reminders already sent.

Imported at the end of goals.models, so these models belong to the goals app.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from vaxjo_riktning.records import Versioned
from vaxjo_riktning.storage import private_storage

# Fields every report row keeps for itself; the history shows what people wrote, not these.
BOOKKEEPING = ["version", "updated_at", "created_at"]


class ReportingCycle(models.TextChoices):
    """How a year is divided into reporting periods."""

    # The municipal cycle: two interim reports, each from the start of the year, then the year.
    MUNICIPAL = "municipal", _("Interim reports and annual report")
    TERTIALS = "tertials", _("Tertials")
    MONTHS = "months", _("Months")


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self) -> ReportingPeriodQuerySet:
        return self.filter(status=ReportingPeriod.Status.OPEN)

    def chronological(self) -> ReportingPeriodQuerySet:
        return self.order_by("year", "ends_on", "number", "pk")

    def before(self, period: ReportingPeriod) -> ReportingPeriodQuerySet:
        """The periods before this one in time, the latest first: the first is "last period",
        as goals.followup.selectors.previous_period orders them."""
        earlier = (
            models.Q(ends_on__lt=period.ends_on)
            | models.Q(ends_on=period.ends_on, number__lt=period.number)
            | models.Q(ends_on=period.ends_on, number=period.number, pk__lt=period.pk)
        )
        return self.filter(earlier).order_by("-ends_on", "-number", "-pk")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class ReportingPeriod(models.Model):
    """A period the units report on (delår 1, delår 2, helår; or tertials or months), with the
    date its reports are due. Once closed, its reports are read-only until an administrator
    reopens it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"))
    cycle = models.CharField(
        _("cycle"), max_length=10, choices=ReportingCycle.choices, default=ReportingCycle.MUNICIPAL
    )
    # The period's place in its cycle: 1–3 for the municipal cycle and tertials, 1–12 for months.
    number = models.PositiveSmallIntegerField(_("number in the year"))
    starts_on = models.DateField(_("covers from"))
    ends_on = models.DateField(_("covers to"))
    deadline = models.DateField(_("deadline"), help_text=_("The day the reports are due."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_reason = models.TextField(
        _("reason for reopening"),
        blank=True,
        help_text=_("Why the period was opened again after it was closed."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-ends_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "cycle", "number"], name="reporting_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="reporting_period_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("ends_on")),
                name="reporting_period_deadline_after_end",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="reporting_period_open")]

    def __str__(self) -> str:
        return f"{self.label} {self.year}"

    @property
    def label(self) -> str:
        """Delår 1, Delår 2, Helår; Tertial 2; or the month's name."""
        if self.cycle == ReportingCycle.MUNICIPAL:
            if self.number >= 3:
                return gettext("Annual report")
            return gettext("Interim report %(number)s") % {"number": self.number}
        if self.cycle == ReportingCycle.TERTIALS:
            return gettext("Tertial %(number)s") % {"number": self.number}
        return date_format(date(self.year, self.number, 1), "F").capitalize()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def covers_year_end(self) -> bool:
        """Whether the period ends with the year (helår, the third tertial, December): its
        reports also give the coordination savings realised (goals/savings/)."""
        return (self.ends_on.month, self.ends_on.day) == (12, 31)

    def is_late(self, today: date | None = None) -> bool:
        """Whether the deadline has passed (a unit not yet ready is then late)."""
        return (today or timezone.localdate()) > self.deadline


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=BOOKKEEPING)
class UnitReport(Versioned):
    """A top-level unit's report for a period as a whole: a draft while it is filled in, ready
    when the unit says so, sent back with a comment when the process owner or the chief
    executive wants more."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Ready")
        RETURNED = "returned", _("Sent back")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="unit_reports",
    )
    unit = models.ForeignKey(
        "vaxjo_riktning.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="unit_reports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    ready_at = models.DateTimeField(_("marked ready at"), null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked ready by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("sent back at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent back by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_comment = models.TextField(_("comment when sent back"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["period", "unit__sort_order", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="unit_report_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="ready") | models.Q(ready_at__isnull=False),
                name="unit_report_ready_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="returned") | ~models.Q(return_comment=""),
                name="unit_report_returned_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY


class StatusColour(models.TextChoices):
    """How an activity is going, kept apart from how far it has come."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=BOOKKEEPING)
class ActivityReport(Versioned):
    """An activity's status report for a period: progress in percent, a status colour and a
    comment. Saved as a draft while it is typed."""

    Colour = StatusColour

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="activity_reports",
    )
    activity = models.ForeignKey(
        "goals.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        help_text=_("How far the activity has come, from 0 to 100 percent."),
    )
    status = models.CharField(
        pgettext_lazy("status colour of an activity", "status"),
        max_length=12,
        choices=StatusColour.choices,
        default=StatusColour.NOT_ASSESSED,
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("activity status report")
        verbose_name_plural = _("activity status reports")
        ordering = ["period", "activity__title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "activity"], name="activity_report_unique"),
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True)
                | models.Q(progress__gte=0, progress__lte=100),
                name="activity_report_progress_0_100",
            ),
        ]
        indexes = [models.Index(fields=["activity", "period"], name="activity_report_activity")]

    def __str__(self) -> str:
        return f"{self.activity} – {self.period}"


class GoalAssessmentChoice(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=BOOKKEEPING)
class GoalAssessment(Versioned):
    """The owning unit's assessment of a goal for a period (met, partly met, not met) with its
    analysis."""

    Assessment = GoalAssessmentChoice

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.PROTECT,
        related_name="goal_assessments",
    )
    goal = models.ForeignKey(
        "goals.Goal",
        verbose_name=_("goal"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    assessment = models.CharField(
        _("assessment"),
        max_length=12,
        choices=GoalAssessmentChoice.choices,
        default=GoalAssessmentChoice.NOT_ASSESSED,
    )
    analysis = models.TextField(_("analysis"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("goal assessment")
        verbose_name_plural = _("goal assessments")
        ordering = ["period", "goal__sort_order", "goal__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "goal"], name="goal_assessment_unique"),
        ]
        indexes = [models.Index(fields=["goal", "period"], name="goal_assessment_goal")]

    def __str__(self) -> str:
        return f"{self.goal} – {self.period}"


class GoalColourCount(models.Model):
    """How many active activities supporting a council goal (directly or through a unit goal
    below it) have a status report of each colour in a period: the roll-up the overview and
    the follow-up show per council goal, as the sum of these rows' ``activities`` per period,
    goal and colour.

    Derived, never written by the application: PostgreSQL's triggers add a row for what each
    statement on the status reports or on goals.ActivityCell changes, in its transaction
    (migration 0033), so the roll-up adds up a few rows instead of joining two periods' reports
    to every contribution. Rows are only ever added, so writers never wait for each other here;
    goals_goal_colour_counts_compact() folds them into one per period, goal and colour (the
    overview's refresh task calls it). tests/goals/followup/test_goal_colour_counts.py
    compares the sums with the counts."""

    # No constraints: the rows follow the reports and the cells through the triggers.
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    council_goal = models.ForeignKey(
        "goals.Goal",
        verbose_name=_("council goal"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    status = models.CharField(
        pgettext_lazy("status colour of an activity", "status"),
        max_length=12,
        choices=StatusColour.choices,
    )
    # What a statement added (or, negative, took away).
    activities = models.IntegerField(_("activities"))

    class Meta:
        verbose_name = _("activities of a council goal per colour")
        verbose_name_plural = _("activities of the council goals per colour")
        indexes = [
            # The roll-up reads only this index (an index-only scan).
            models.Index(
                fields=["period", "council_goal", "status"],
                include=["activities"],
                name="goal_colour_count_sum",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.council_goal_id} {self.status}: {self.activities:+d}"


class ReportingCount(models.Model):
    """How many activities each administration or company has to report on in a period, and how
    many of them have a report with a progress: the group's reporting progress on the overview
    and the follow-up, as the sums of these rows per period and top-level unit.

    Derived, never written by the application: PostgreSQL's triggers add a row with what each
    statement on the activities (their owner, withdrawal, status or dates) or the status
    reports (their progress) changes, in its transaction, and count a period again when its
    dates change or a unit moves (migration 0036), so the progress adds up a few rows instead of
    filtering every activity by the period's dates. Rows are only added, so writers never wait
    for each other here; goals.services.fold_kept_counts() folds them.
    tests/goals/followup/test_reporting_counts.py compares the sums with the counts."""

    # No constraints: the rows follow the activities and reports through the triggers.
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    top_unit = models.ForeignKey(
        "vaxjo_riktning.Unit",
        verbose_name=_("administration or company"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # What a statement added (or, negative, took away).
    activities = models.IntegerField(_("activities"))
    reported = models.IntegerField(_("reported"))

    class Meta:
        verbose_name = _("activities to report on of a unit")
        verbose_name_plural = _("activities to report on of the units")
        indexes = [
            # The progress reads only this index (an index-only scan).
            models.Index(
                fields=["period", "top_unit"],
                include=["activities", "reported"],
                name="reporting_count_sum",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.top_unit_id}: {self.activities:+d}, {self.reported:+d}"


class SentReminder(models.Model):
    """A reminder e-mail already sent to a person before a period's deadline. The unique
    constraint is what keeps it to one per person and deadline, however often the job runs."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="sent_reminders",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The deadline the reminder was about: a moved deadline earns a new reminder.
    deadline = models.DateField(_("deadline"))
    email = models.EmailField(_("e-mail address"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "user", "deadline"], name="sent_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.period} ({self.deadline})"


def export_upload_to(instance: ExportJob, filename: str) -> str:
    # A random name: the file is found through its job, never by guessing a name.
    return f"exports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.format}"


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExportJobQuerySet:
        """A report someone asked for is theirs: only they and administrators see the job and its
        file (everyone else gets 404)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_administrator:
            return self
        return self.filter(requested_by=user)


class ExportJob(models.Model):
    """A period report (Excel or PDF, one unit or the whole group) being built in the background
    for the person who asked, and the file once it is built."""

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel")
        PDF = "pdf", _("PDF")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("reporting period"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    # Empty for the whole group; otherwise the unit and its departments.
    unit = models.ForeignKey(
        "vaxjo_riktning.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=export_upload_to, blank=True
    )
    error = models.TextField(_("error message"), blank=True)
    # The language of the page the report was asked for from, so the file reads the same.
    language = models.CharField(_("language"), max_length=8, default="sv")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="export_job_progress_0_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="done")
                | (~models.Q(file="") & models.Q(finished_at__isnull=False)),
                name="export_job_done_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="failed") | ~models.Q(error=""),
                name="export_job_failed_has_error",
            ),
        ]
        indexes = [models.Index(fields=["finished_at"], name="export_job_finished")]

    def __str__(self) -> str:
        scope = self.unit.name if self.unit_id else gettext("The whole group")
        return f"{self.period} – {scope} ({self.get_format_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def is_stale(self) -> bool:
        """Still waiting or being built after longer than Celery lets a task run: the worker that
        had it stopped (the job is claimed once, so a redelivered task does not build it), and it
        will never finish. Its page says so and stops asking."""
        limit = getattr(settings, "CELERY_TASK_TIME_LIMIT", None) or 30 * 60
        since = self.started_at or self.created_at
        return not self.is_finished and timezone.now() - since > timedelta(seconds=limit)

    @property
    def filename(self) -> str:
        scope = self.unit.slug if self.unit_id else "koncernen"
        return f"periodrapport-{self.period_id}-{scope}.{self.format}"
