"""The group-wide management processes: finance, HR and communication, and their sub-processes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Process(models.Model):
    """A sub-process of a process area, such as recruitment or internal communication."""

    area = models.ForeignKey(
        ProcessArea,
        verbose_name=_("process area"),
        on_delete=models.PROTECT,
        related_name="processes",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
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
