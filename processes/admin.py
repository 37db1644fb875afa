"""Django admin for the group-wide process areas, their processes, the rollout per unit and the
process owners' comments."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from processes.models import ActivityComment, Implementation, Process, ProcessArea
from vaxjo_riktning.admin import AdministratorMixin, HistoryLinkMixin
from vaxjo_riktning.models import Role, User


class ProcessInline(AdministratorMixin, admin.TabularInline):
    model = Process
    extra = 0
    fields = ("name", "slug", "owner", "description", "sort_order")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("owner",)
    show_change_link = True


@admin.register(ProcessArea)
class ProcessAreaAdmin(HistoryLinkMixin, AdministratorMixin, admin.ModelAdmin):
    list_display = ("name", "owner_unit", "process_count", "sort_order")
    readonly_fields = ("history",)
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


class ImplementationInline(AdministratorMixin, admin.TabularInline):
    model = Implementation
    extra = 0
    fields = ("unit", "stage", "contact", "note")
    autocomplete_fields = ("unit",)


@admin.register(Process)
class ProcessAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("name", "area", "owner", "activity_count", "sort_order")
    list_filter = ("area",)
    list_select_related = ("area", "owner")
    search_fields = ("name", "description", "area__name")
    autocomplete_fields = ("area", "owner", "goals")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ImplementationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Process]:
        return super().get_queryset(request).annotate(activity_total=Count("activities"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":
            # Only people who hold the role process owner; Process.clean checks the area.
            kwargs["queryset"] = User.objects.filter(
                role_assignments__role=Role.PROCESS_OWNER
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("activities"), ordering="activity_total")
    def activity_count(self, obj: Process) -> int:
        return obj.activity_total


@admin.register(Implementation)
class ImplementationAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("process", "unit", "stage", "contact", "updated_by", "updated_at")
    list_filter = ("stage", "process__area", "process", ("unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("process", "unit", "updated_by")
    search_fields = ("process__name", "unit__name", "contact", "note")
    autocomplete_fields = ("process", "unit")
    readonly_fields = ("updated_by", "updated_at")

    def save_model(self, request, obj, form, change) -> None:
        from django.utils import timezone

        obj.updated_by = request.user
        obj.updated_at = timezone.now()
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # The rollout's history is kept: a cell goes back to "not started", it is not deleted.
        return False


@admin.register(ActivityComment)
class ActivityCommentAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("activity", "process", "author", "created_at")
    list_filter = ("process__area", "process")
    list_select_related = ("activity", "process", "author")
    search_fields = ("text", "activity__title", "author__username")
    autocomplete_fields = ("activity", "author")
    readonly_fields = ("created_at",)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
