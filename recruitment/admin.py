"""Django admin for recruitment and competence supply.

Job ads are public records: withdrawn with a reason, never deleted. Applications hold personal
data: administrators may read them (each opening is logged like in the app) but not delete them
here; the retention job anonymises them. The log of who looked is read-only.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from recruitment.models import (
    AdCompetence,
    Application,
    ApplicationView,
    Assessment,
    Competence,
    JobAd,
    Note,
    PersonCompetence,
    Position,
    Successor,
)
from recruitment.services import application_viewed
from vaxjo_riktning.admin import AdministratorMixin, WithdrawableAdmin, WithdrawnFilter


@admin.register(Competence)
class CompetenceAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("name", "process_area", "position_count", "holder_count")
    list_filter = ("process_area",)
    list_select_related = ("process_area",)
    search_fields = ("name", "description")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Competence]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                position_total=Count("positions", distinct=True),
                holder_total=Count("holders", distinct=True),
            )
        )

    @admin.display(description=_("positions"), ordering="position_total")
    def position_count(self, obj: Competence) -> int:
        return obj.position_total

    @admin.display(description=_("people"), ordering="holder_total")
    def holder_count(self, obj: Competence) -> int:
        return obj.holder_total


class SuccessorInline(AdministratorMixin, admin.TabularInline):
    model = Successor
    extra = 0
    autocomplete_fields = ("person",)
    fields = ("person", "readiness", "development_actions")


@admin.register(Position)
class PositionAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("title", "unit", "holder", "is_key", "successor_count")
    list_filter = ("is_key", "process_areas", ("unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("unit", "holder")
    search_fields = ("title", "unit__name", "description")
    autocomplete_fields = ("unit", "holder")
    filter_horizontal = ("process_areas", "competences")
    inlines = [SuccessorInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Position]:
        return super().get_queryset(request).annotate(successor_total=Count("successors"))

    @admin.display(description=_("successors"), ordering="successor_total")
    def successor_count(self, obj: Position) -> int:
        return obj.successor_total


@admin.register(PersonCompetence)
class PersonCompetenceAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("person", "competence", "level")
    list_filter = ("level", "competence")
    list_select_related = ("person", "competence")
    search_fields = ("person__username", "person__last_name", "competence__name")
    autocomplete_fields = ("person", "competence")


@admin.register(Successor)
class SuccessorAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("person", "position", "readiness", "updated_at")
    list_filter = ("readiness", "position__is_key")
    list_select_related = ("person", "position__unit")
    search_fields = ("person__username", "person__last_name", "position__title")
    autocomplete_fields = ("person", "position")


class AdCompetenceInline(AdministratorMixin, admin.TabularInline):
    model = AdCompetence
    extra = 0
    autocomplete_fields = ("competence",)
    fields = ("competence", "kind", "sort_order")


@admin.register(JobAd)
class JobAdAdmin(WithdrawableAdmin):
    list_display = (
        "title",
        "position",
        "last_application_date",
        "published_at",
        "closed_at",
        "legal_hold",
        "application_count",
        "is_withdrawn",
    )
    list_filter = ("legal_hold", WithdrawnFilter, "position__unit")
    list_select_related = ("position__unit",)
    search_fields = ("title", "introduction", "description", "contact_name")
    autocomplete_fields = ("position", "recruiter", "hiring_manager")
    readonly_fields = ("history",)
    date_hierarchy = "last_application_date"
    inlines = [AdCompetenceInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "position",
                    "title",
                    "introduction",
                    "description",
                    ("employment", "location"),
                    "last_application_date",
                    ("recruiter", "hiring_manager"),
                    "published_at",
                )
            },
        ),
        (
            _("Contact"),
            {"fields": ("contact_name", "contact_title", "contact_email", "contact_phone")},
        ),
        (_("Closing and retention"), {"fields": ("closed_at", "legal_hold", "legal_hold_reason")}),
        (
            _("Withdrawal"),
            {
                "classes": ("collapse",),
                "description": _(
                    "Job ads are public records and are never deleted. To withdraw this one, give "
                    "the reason; the time is set to now if you leave it empty."
                ),
                "fields": ("withdrawn_reason", "withdrawn_at", "withdrawn_by"),
            },
        ),
        (_("History"), {"fields": ("history",)}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[JobAd]:
        return super().get_queryset(request).annotate(application_total=Count("applications"))

    @admin.display(description=_("applications"), ordering="application_total")
    def application_count(self, obj: JobAd) -> int:
        return obj.application_total


class AssessmentInline(AdministratorMixin, admin.TabularInline):
    model = Assessment
    extra = 0
    fields = ("ad_competence", "self_assessment", "score")
    readonly_fields = ("ad_competence", "self_assessment")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class NoteInline(AdministratorMixin, admin.TabularInline):
    model = Note
    extra = 0
    fields = ("author", "text", "created_at")
    readonly_fields = ("author", "created_at")


@admin.register(Application)
class ApplicationAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("__str__", "ad", "stage", "submitted_at", "anonymised_at")
    list_filter = ("stage", ("anonymised_at", admin.EmptyFieldListFilter), "ad")
    list_select_related = ("ad",)
    search_fields = ("name", "email", "phone", "ad__title")
    fields = (
        "ad",
        "stage",
        "name",
        "email",
        "phone",
        "letter",
        "cv_name",
        "submitted_at",
        "anonymised_at",
    )
    readonly_fields = ("ad", "cv_name", "submitted_at", "anonymised_at")
    inlines = [AssessmentInline, NoteInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Applications come from applicants, through the public form.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Erasure is the retention job's: it keeps the decision and drops the person.
        return False

    def change_view(self, request: HttpRequest, object_id: str, *args, **kwargs):
        response = super().change_view(request, object_id, *args, **kwargs)
        if request.method != "GET" or response.status_code != 200 or not object_id.isdigit():
            return response
        application = Application.objects.filter(pk=object_id).first()
        if application is not None:
            application_viewed(
                user=request.user, application=application, what=ApplicationView.What.APPLICATION
            )
        return response


@admin.register(ApplicationView)
class ApplicationViewAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("viewed_at", "viewer", "what", "application")
    list_filter = ("what", "viewed_at")
    list_select_related = ("viewer", "application__ad")
    search_fields = ("viewer__username", "application__ad__title")
    date_hierarchy = "viewed_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
