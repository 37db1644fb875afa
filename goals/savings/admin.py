"""Coordination savings in the admin: read-only. A saving is recorded with the duplicate
decision and realised in the year-end report, where the rules are; an administrator reads every
one. The history of each is in the admin's history (pghistory's events)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from goals.savings.models import CoordinationSaving
from vaxjo_riktning.admin import AdministratorMixin


@admin.register(CoordinationSaving)
class CoordinationSavingAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "expected_sek",
        "reporting_unit",
        "decided_at",
        "realised_sek",
        "realised_period",
    )
    list_filter = (("reporting_unit", admin.RelatedOnlyFieldListFilter), "realised_period")
    list_select_related = ("reporting_unit", "realised_period")
    search_fields = ("title", "realised_comment")
    date_hierarchy = "decided_at"

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
