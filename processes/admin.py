"""Django admin for the group-wide process areas and their processes."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from processes.models import Process, ProcessArea
from vaxjo_riktning.admin import AdministratorMixin


class ProcessInline(AdministratorMixin, admin.TabularInline):
    model = Process
    extra = 0
    fields = ("name", "slug", "description", "sort_order")
    prepopulated_fields = {"slug": ("name",)}
    show_change_link = True


@admin.register(ProcessArea)
class ProcessAreaAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("name", "owner_unit", "process_count", "sort_order")
    list_select_related = ("owner_unit",)
    search_fields = ("name", "purpose")
    autocomplete_fields = ("owner_unit",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ProcessInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProcessArea]:
        return super().get_queryset(request).annotate(process_total=Count("processes"))

    @admin.display(description=_("processes"), ordering="process_total")
    def process_count(self, obj: ProcessArea) -> int:
        return obj.process_total


@admin.register(Process)
class ProcessAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("name", "area", "activity_count", "sort_order")
    list_filter = ("area",)
    list_select_related = ("area",)
    search_fields = ("name", "description", "area__name")
    autocomplete_fields = ("area",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Process]:
        return super().get_queryset(request).annotate(activity_total=Count("activities"))

    @admin.display(description=_("activities"), ordering="activity_total")
    def activity_count(self, obj: Process) -> int:
        return obj.activity_total
