"""Django admin for the goal chain and the activities.

Goals and activities are public records: the admin never deletes them. An administrator
withdraws one by giving a reason (the time is filled in when left empty), and the record stays
readable with who withdrew it and why.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from goals.models import Activity, Contribution, Cooperation, Goal, Indicator, Measurement
from vaxjo_riktning.admin import (
    WITHDRAWAL_FIELDSET,
    AdministratorMixin,
    WithdrawableAdmin,
    WithdrawnFilter,
)

# --- Goals and indicators ---------------------------------------------------------------------


class IndicatorInline(AdministratorMixin, admin.StackedInline):
    model = Indicator
    extra = 0
    show_change_link = True
    fields = (
        ("name", "unit_of_measure", "direction"),
        ("baseline_value", "baseline_year", "target_value", "target_year"),
        ("kolada_kpi", "sort_order"),
        "description",
    )


@admin.register(Goal)
class GoalAdmin(WithdrawableAdmin):
    list_display = (
        "code",
        "title",
        "level",
        "parent",
        "owner_unit",
        "period_label",
        "activity_count",
        "is_withdrawn",
    )
    list_display_links = ("code", "title")
    list_filter = ("level", ("owner_unit", admin.RelatedOnlyFieldListFilter), WithdrawnFilter)
    list_select_related = ("parent", "owner_unit")
    search_fields = ("code", "title", "description")
    autocomplete_fields = ("parent", "owner_unit")
    readonly_fields = ("council_goal", "created_at", "updated_at", "withdrawn_by", "history")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("code", "level"),
                    "title",
                    "description",
                    "parent",
                    "council_goal",
                    "owner_unit",
                    ("period_start", "period_end"),
                    "sort_order",
                ),
            },
        ),
        WITHDRAWAL_FIELDSET,
        (_("Record"), {"fields": ("created_at", "updated_at", "history")}),
    )
    inlines = [IndicatorInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Goal]:
        return super().get_queryset(request).annotate(activity_total=Count("contributions"))

    @admin.display(description=_("activities"), ordering="activity_total")
    def activity_count(self, obj: Goal) -> int:
        return obj.activity_total


class MeasurementInline(AdministratorMixin, admin.TabularInline):
    model = Measurement
    extra = 1
    fields = ("year", "period", "value", "source")


@admin.register(Indicator)
class IndicatorAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "goal",
        "unit_of_measure",
        "direction",
        "baseline_value",
        "target_value",
        "target_year",
        "kolada_kpi",
    )
    list_filter = ("direction", "goal__level")
    list_select_related = ("goal",)
    search_fields = ("name", "description", "kolada_kpi", "goal__title", "goal__code")
    autocomplete_fields = ("goal",)
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("indicator", "year", "period", "value", "source")
    list_filter = ("year",)
    list_select_related = ("indicator",)
    search_fields = ("indicator__name", "source")
    autocomplete_fields = ("indicator",)


# --- Activities ---------------------------------------------------------------------------------


class ContributionInline(AdministratorMixin, admin.TabularInline):
    model = Contribution
    extra = 0
    fields = ("goal", "effect", "reason")
    autocomplete_fields = ("goal",)


class CooperationInline(AdministratorMixin, admin.TabularInline):
    model = Cooperation
    extra = 0
    fields = ("unit",)
    autocomplete_fields = ("unit",)
    verbose_name = _("co-operating unit")
    verbose_name_plural = _("co-operating units")


@admin.register(Activity)
class ActivityAdmin(WithdrawableAdmin):
    list_display = (
        "title",
        "owner_unit",
        "status",
        "process",
        "start_date",
        "end_date",
        "budget_sek",
        "is_withdrawn",
    )
    list_filter = (
        "status",
        ("owner_unit", admin.RelatedOnlyFieldListFilter),
        "process",
        WithdrawnFilter,
    )
    list_select_related = ("owner_unit", "process")
    search_fields = ("title", "description", "responsible")
    autocomplete_fields = ("owner_unit", "process")
    readonly_fields = (
        "version",
        "created_by",
        "created_at",
        "updated_at",
        "withdrawn_by",
        "history",
    )
    date_hierarchy = "start_date"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "description",
                    "owner_unit",
                    "responsible",
                    "status",
                    ("start_date", "end_date"),
                    "budget_sek",
                    "process",
                ),
            },
        ),
        WITHDRAWAL_FIELDSET,
        (
            _("Record"),
            {"fields": ("version", "created_by", "created_at", "updated_at", "history")},
        ),
    )
    inlines = [ContributionInline, CooperationInline]

    def save_model(self, request: HttpRequest, obj: Activity, form, change: bool) -> None:
        if change:
            # The app refuses an edit made from an older version; raising it here makes a
            # colleague's open edit form notice the administrator's change.
            obj.version += 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Contribution)
class ContributionAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("activity", "goal", "effect", "reason")
    list_filter = ("effect", "goal__level")
    list_select_related = ("activity", "goal")
    search_fields = ("activity__title", "goal__title", "goal__code", "reason")
    autocomplete_fields = ("activity", "goal")


@admin.register(Cooperation)
class CooperationAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("activity", "unit")
    list_select_related = ("activity", "unit")
    search_fields = ("activity__title", "unit__name")
    autocomplete_fields = ("activity", "unit")


# Conflicts raised by the unit they hurt: read-mostly, withdrawn with a reason.
from goals.conflicts import admin as conflicts_admin  # noqa: E402, F401

# The admin's autodiscovery imports only goals.admin: importing follow-up's registers its pages.
from goals.followup import admin as followup_admin  # noqa: E402, F401

# Overlap finding's vocabulary (word groups) registers itself on import.
from goals.overlap import admin as overlap_admin  # noqa: E402, F401

# Coordination savings of duplicate decisions: read-only.
from goals.savings import admin as savings_admin  # noqa: E402, F401
