"""A coordination saving: the expected saving of a duplicate decision and the realised saving the
year-end report gives. Imported by goals.models, so this is the goals app's model."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vaxjo_riktning.records import Versioned


class CoordinationSavingQuerySet(models.QuerySet):
    def to_report(self, *, period, unit_id: int) -> CoordinationSavingQuerySet:
        """What the unit's report for a year-end period asks about: the savings it reports,
        decided by the period's end, not yet realised in an earlier period."""
        return self.filter(
            reporting_unit_id=unit_id,
            decided_at__date__lte=period.ends_on,
        ).filter(models.Q(realised_period__isnull=True) | models.Q(realised_period=period))


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    exclude=["version", "updated_at"],
    model_name="CoordinationSavingEvent",
)
class CoordinationSaving(Versioned):
    """What coordinating duplicate work is expected to save, recorded with the decision that
    found it a duplicate, and what it saved, reported at a year-end report. The pairs decided
    with it point to it (OverlapSuggestion.saving): one pair, or every pair of a case."""

    # What the duplicate work was, as the decision named it: the title of the case's activity
    # with the largest budget. Kept, so a later merge or withdrawal does not rename it.
    title = models.CharField(_("duplicate work"), max_length=300)
    expected_sek = models.PositiveBigIntegerField(
        _("expected saving (kronor a year)"),
        help_text=_("What the group saves a year by doing the work once instead of in parallel."),
    )
    reporting_unit = models.ForeignKey(
        "vaxjo_riktning.Unit",
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The administration or company whose year-end report gives what was saved."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)
    realised_sek = models.PositiveBigIntegerField(
        _("realised saving (kronor)"), null=True, blank=True
    )
    realised_comment = models.TextField(_("comment on the realised saving"), blank=True)
    realised_period = models.ForeignKey(
        "goals.ReportingPeriod",
        verbose_name=_("reported in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    realised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    realised_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CoordinationSavingQuerySet.as_manager()

    class Meta:
        verbose_name = _("coordination saving")
        verbose_name_plural = _("coordination savings")
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["reporting_unit", "decided_at"], name="saving_unit")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(realised_sek__isnull=True)
                | models.Q(realised_period__isnull=False),
                name="saving_realised_has_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.expected_sek} kr)"

    @property
    def is_realised(self) -> bool:
        return self.realised_sek is not None
