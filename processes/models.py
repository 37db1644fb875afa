"""The group-wide management processes: finance, HR and communication, their sub-processes, who
owns each, and how far every unit has taken each process in."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vaxjo_riktning.records import Versioned

OWNER_NOT_PROCESS_OWNER = _("The owner must hold the role process owner for this process's area.")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ProcessArea(models.Model):
    """A group-wide process area owned by the municipal management administration:
    finance, HR or communication."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    purpose = models.TextField(_("purpose"), blank=True)
    owner_unit = models.ForeignKey(
        "vaxjo_riktning.Unit",
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_process_areas",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("process area")
        verbose_name_plural = _("process areas")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("processes:process_index") + f"#omrade-{self.slug}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Process(models.Model):
    """A sub-process of a process area, such as recruitment or internal communication, with the
    process owner who answers for it and the goals it serves."""

    area = models.ForeignKey(
        ProcessArea,
        verbose_name=_("process area"),
        on_delete=models.PROTECT,
        related_name="processes",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("purpose"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("process owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_processes",
        help_text=_("A person with the role process owner for the process area."),
    )
    goals = models.ManyToManyField(
        "goals.Goal",
        verbose_name=_("goals served"),
        blank=True,
        related_name="processes",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["area__sort_order", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="process_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("processes:process_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        from vaxjo_riktning.models import Role, RoleAssignment

        if self.owner_id is not None and self.area_id is not None:
            holds = RoleAssignment.objects.filter(
                user_id=self.owner_id, role=Role.PROCESS_OWNER, process_area_id=self.area_id
            ).exists()
            if not holds:
                raise ValidationError({"owner": OWNER_NOT_PROCESS_OWNER})


class Stage(models.TextChoices):
    """How far a unit has taken a process in, in order."""

    NOT_STARTED = "not_started", _("Not started")
    PLANNED = "planned", _("Planned")
    INTRODUCED = "introduced", _("Introduced")
    IN_USE = "in_use", _("In use")
    FOLLOWED_UP = "followed_up", _("Followed up")

    @classmethod
    def level(cls, value: str) -> int:
        return _STAGE_LEVELS[value]


# The overview's heat map asks for a level per cell (about 1,200 of them in the largest group).
_STAGE_LEVELS = {value: level for level, value in enumerate(Stage.values)}


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    # A removed row (not started again) ends the overview's cached heat map too.
    pghistory.DeleteEvent(),
    # The version and the time move with every save; the history shows who and when anyway.
    exclude=["version", "updated_at"],
)
class Implementation(Versioned):
    """One cell of the rollout matrix: how far a top-level unit (an administration or a company)
    has taken a process in, with a contact person and a note. A missing row means not started."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="implementations",
    )
    unit = models.ForeignKey(
        "vaxjo_riktning.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="implementations",
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.NOT_STARTED
    )
    contact = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("Who in the unit to ask about the process."),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        ordering = ["process__area__sort_order", "process__sort_order", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "unit"], name="implementation_once"),
            models.CheckConstraint(
                condition=models.Q(stage__in=Stage.values), name="implementation_stage_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process} – {self.unit}: {self.get_stage_display()}"

    @property
    def level(self) -> int:
        return Stage.level(self.stage)


@pghistory.track(pghistory.InsertEvent())
class ActivityComment(models.Model):
    """A process owner's comment on an activity in their process, for the activity's unit to
    read on the activity's page. Comments are kept, never edited."""

    activity = models.ForeignKey(
        "goals.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="process_comments",
    )
    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("process owner's comment")
        verbose_name_plural = _("process owners' comments")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["activity", "-created_at"], name="comment_activity")]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"
