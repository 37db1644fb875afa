"""Django admin for follow-up: an administrator opens a year's periods (one form, any cycle),
moves deadlines, closes and reopens periods (a reopening needs a reason, which the history
keeps), and can read every report. Reports are public records: never deleted here."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from goals.followup import services
from goals.followup.models import (
    ActivityReport,
    ExportJob,
    GoalAssessment,
    ReportingCycle,
    ReportingPeriod,
    SentReminder,
    UnitReport,
)
from vaxjo_riktning.admin import AdministratorMixin, history_url


class NoDeleteAdmin(AdministratorMixin, admin.ModelAdmin):
    """Follow-up rows are kept: the admin never deletes them."""

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("history"))
    def history(self, obj) -> str:
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', history_url(obj), _("Show the changes"))


class OpenYearForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    cycle = forms.ChoiceField(
        label=_("cycle"), choices=ReportingCycle.choices, initial=ReportingCycle.MUNICIPAL
    )
    deadline_days = forms.IntegerField(
        label=_("days from a period's end to its deadline"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("Leave empty for the usual: 21 days, or 10 for months."),
    )


class ReportingPeriodForm(forms.ModelForm):
    """Closing and reopening go through the services; a reopening needs a reason."""

    class Meta:
        model = ReportingPeriod
        fields = ["year", "cycle", "number", "starts_on", "ends_on", "deadline", "status"]

    reopen_reason = forms.CharField(
        label=_("reason for reopening"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when a closed period is opened again."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        was_closed = self.instance.pk is not None and self.instance.is_closed
        reopening = was_closed and cleaned.get("status") == ReportingPeriod.Status.OPEN
        if reopening and not (cleaned.get("reopen_reason") or "").strip():
            self.add_error("reopen_reason", services.REOPEN_REASON_REQUIRED)
        return cleaned


class UnitReportInline(AdministratorMixin, admin.TabularInline):
    model = UnitReport
    extra = 0
    fields = ("unit", "status", "ready_at", "ready_by", "returned_at", "return_comment")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("unit", "ready_by")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(NoDeleteAdmin):
    form = ReportingPeriodForm
    change_list_template = "admin/goals/reportingperiod/change_list.html"
    list_display = ("__str__", "year", "cycle", "starts_on", "ends_on", "deadline", "status")
    list_filter = ("status", "cycle", "year")
    search_fields = ("year",)
    ordering = ("-year", "-ends_on")
    readonly_fields = ("closed_at", "closed_by", "created_at", "history")
    fieldsets = (
        (None, {"fields": (("year", "cycle", "number"), ("starts_on", "ends_on"), "deadline")}),
        (_("Status"), {"fields": ("status", "reopen_reason", "closed_at", "closed_by")}),
        (_("Record"), {"fields": ("created_at", "history")}),
    )
    inlines = [UnitReportInline]
    actions = ["close_periods"]

    def get_urls(self):
        return [
            path(
                "oppna-ar/",
                self.admin_site.admin_view(self.open_year_view),
                name="goals_reportingperiod_open_year",
            ),
            *super().get_urls(),
        ]

    def open_year_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        form = OpenYearForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                periods = services.reporting_year_open(
                    user=request.user,
                    year=form.cleaned_data["year"],
                    cycle=form.cleaned_data["cycle"],
                    deadline_days=form.cleaned_data["deadline_days"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request,
                    _("The year %(year)s has %(n)s reporting periods.")
                    % {"year": form.cleaned_data["year"], "n": len(periods)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:goals_reportingperiod_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Open a reporting year"),
        }
        return TemplateResponse(request, "admin/goals/reportingperiod/open_year.html", context)

    def save_model(self, request: HttpRequest, obj: ReportingPeriod, form, change: bool) -> None:
        if not change or "status" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        # Other fields first, then the status through the services (who, when, the reason).
        wanted = obj.status
        obj.status = form.initial["status"]
        if set(form.changed_data) - {"status", "reopen_reason"}:
            super().save_model(request, obj, form, change)
        if wanted == ReportingPeriod.Status.CLOSED:
            services.period_close(user=request.user, period=obj)
        else:
            services.period_reopen(
                user=request.user, period=obj, reason=form.cleaned_data["reopen_reason"]
            )
        obj.refresh_from_db()

    @admin.action(description=_("Close the selected periods"))
    def close_periods(self, request: HttpRequest, queryset: QuerySet) -> None:
        closed = 0
        for period in queryset.filter(status=ReportingPeriod.Status.OPEN):
            services.period_close(user=request.user, period=period)
            closed += 1
        self.message_user(
            request,
            ngettext("%(n)s period was closed.", "%(n)s periods were closed.", closed)
            % {"n": closed},
            messages.SUCCESS,
        )


@admin.register(UnitReport)
class UnitReportAdmin(NoDeleteAdmin):
    list_display = ("unit", "period", "status", "ready_at", "ready_by", "returned_at")
    list_filter = ("status", "period")
    list_select_related = ("unit", "period", "ready_by")
    search_fields = ("unit__name", "return_comment")
    autocomplete_fields = ("unit",)
    readonly_fields = (
        "ready_at",
        "ready_by",
        "returned_at",
        "returned_by",
        "version",
        "created_at",
        "updated_at",
        "history",
    )


@admin.register(ActivityReport)
class ActivityReportAdmin(NoDeleteAdmin):
    list_display = ("activity", "period", "progress", "status", "updated_by", "updated_at")
    list_filter = ("status", "period")
    list_select_related = ("activity", "period", "updated_by")
    search_fields = ("activity__title", "comment")
    autocomplete_fields = ("activity",)
    readonly_fields = ("updated_by", "version", "created_at", "updated_at", "history")

    def save_model(self, request: HttpRequest, obj: ActivityReport, form, change: bool) -> None:
        # An edit form open in the app notices the administrator's change.
        if change:
            obj.version += 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(GoalAssessment)
class GoalAssessmentAdmin(NoDeleteAdmin):
    list_display = ("goal", "period", "assessment", "updated_by", "updated_at")
    list_filter = ("assessment", "period")
    list_select_related = ("goal", "period", "updated_by")
    search_fields = ("goal__title", "goal__code", "analysis")
    autocomplete_fields = ("goal",)
    readonly_fields = ("updated_by", "version", "created_at", "updated_at", "history")

    def save_model(self, request: HttpRequest, obj: GoalAssessment, form, change: bool) -> None:
        if change:
            obj.version += 1
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(SentReminder)
class SentReminderAdmin(AdministratorMixin, admin.ModelAdmin):
    """What the reminder job has sent: read only."""

    list_display = ("user", "email", "period", "deadline", "sent_at")
    list_filter = ("period",)
    list_select_related = ("user", "period")
    search_fields = ("user__username", "email")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ExportJob)
class ExportJobAdmin(AdministratorMixin, admin.ModelAdmin):
    """Period reports built in the background: who asked, how it went, and why one failed. Read
    only; the files are downloaded from the job's page and deleted by prune_exports."""

    list_display = ("created_at", "requested_by", "period", "unit", "format", "state", "progress")
    list_filter = ("state", "format", "period")
    list_select_related = ("requested_by", "period", "unit")
    search_fields = ("requested_by__username", "unit__name")
    readonly_fields = ("file",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
