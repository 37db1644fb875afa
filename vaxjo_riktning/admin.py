"""Django admin for the group: units, users and their roles, and a read-only history of every
tracked change (pghistory's events, across all tracked models); and the base every app's admin
of a withdrawable record uses (goals, activities, job ads are withdrawn, never deleted)."""

from __future__ import annotations

import contextlib

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from pghistory.admin import EventsAdmin
from pghistory.admin.core import (
    EventModelFilter,
    EventsChangeList,
    LabelFilter,
    MethodFilter,
    ModelFilter,
    ObjFilter,
)
from pghistory.models import MiddlewareEvents

from vaxjo_riktning.models import (
    AccessibilityStatement,
    GroupRoleMapping,
    OutboxTask,
    RoleAssignment,
    Unit,
    User,
)
from vaxjo_riktning.signin.services import second_factor_reset, signin_unlock


class AdministratorMixin:
    """Lets a staff user with the administrator role manage the model without Django model
    permissions: in Riktning, what a person may do comes from their role assignments."""

    def _is_administrator(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_staff and getattr(user, "is_administrator", False)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_administrator(request) or super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_administrator(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return self._is_administrator(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_administrator(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._is_administrator(request) or super().has_delete_permission(request, obj)


UNIT_CYCLE = _("A unit cannot be part of itself or of a unit below it.")


class UnitForm(forms.ModelForm):
    """The unit form; UnitAdmin supplies the model and fields."""

    def clean_parent(self) -> Unit | None:
        parent = self.cleaned_data.get("parent")
        # The database only refuses a unit as its own parent; a parent further down the
        # unit's own subtree would make a cycle that the tree pages cannot draw.
        if (
            parent is not None
            and self.instance.pk is not None
            and parent.pk in Unit.subtree_ids([self.instance.pk])
        ):
            raise forms.ValidationError(UNIT_CYCLE)
        return parent


class HistoryLinkMixin:
    """A read-only "history" field linking to the object's tracked changes."""

    @admin.display(description=_("history"))
    def history(self, obj) -> str:
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', history_url(obj), _("Show the changes"))


class ChildUnitInline(AdministratorMixin, admin.TabularInline):
    """The units directly below this one: the tree, one level at a time."""

    model = Unit
    fk_name = "parent"
    fields = ("name", "short_name", "kind", "sort_order")
    extra = 0
    show_change_link = True
    verbose_name = _("unit below")
    verbose_name_plural = _("units below")

    def has_add_permission(self, request: HttpRequest, obj: Unit | None = None) -> bool:
        # A new unit needs a slug and a board: add it on its own page.
        return False


@admin.register(Unit)
class UnitAdmin(HistoryLinkMixin, AdministratorMixin, admin.ModelAdmin):
    form = UnitForm
    list_display = (
        "name",
        "short_name",
        "kind",
        "parent",
        "top_unit",
        "board",
        "sort_order",
        "activity_count",
    )
    list_filter = ("kind",)
    list_select_related = ("parent", "top_unit")
    search_fields = ("name", "short_name", "slug", "board")
    # The tree read top-down: the group and the municipality first, then each administration
    # or company followed by its departments.
    ordering = ("top_unit__sort_order", "sort_order", "name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("top_unit", "history")
    fields = (
        "name",
        "short_name",
        "slug",
        "kind",
        "parent",
        "top_unit",
        "board",
        "description",
        "sort_order",
        "history",
    )
    inlines = [ChildUnitInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Unit]:
        return super().get_queryset(request).annotate(activity_total=Count("activities"))

    @admin.display(description=_("activities"), ordering="activity_total")
    def activity_count(self, obj: Unit) -> int:
        return obj.activity_total


class RoleAssignmentInline(AdministratorMixin, admin.TabularInline):
    model = RoleAssignment
    fields = ("role", "unit", "process_area")
    autocomplete_fields = ("unit", "process_area")
    extra = 0


@admin.register(User)
class UserAdmin(AdministratorMixin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("title", "first_name", "last_name", "email")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("History"), {"fields": ("role_history",)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "title",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("username", "title", "email", "roles", "is_staff", "is_active")
    list_filter = ("role_assignments__role", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "title", "first_name", "last_name", "email")
    inlines = [RoleAssignmentInline]
    actions = ["unlock_sign_in", "reset_second_factor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("role_assignments")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = (*super().get_readonly_fields(request, obj), "role_history")
        if not request.user.is_superuser:
            # An administrator by role manages users and roles, but cannot make anyone
            # (themselves included) a superuser or hand out Django permissions.
            readonly += ("is_superuser", "groups", "user_permissions")
        return readonly

    @admin.display(description=_("roles"))
    def roles(self, obj: User) -> str:
        return ", ".join(obj.role_labels)

    @admin.display(description=_("role history"))
    def role_history(self, obj: User) -> str:
        # A role taken away is a deleted assignment: only its delete event is left to show it.
        if obj.pk is None:
            return "–"
        url = (
            reverse("admin:pghistory_middlewareevents_changelist")
            + f"?obj=vaxjo_riktning.user:{obj.pk}&method=references"
            + "&event_model=vaxjo_riktning.RoleAssignmentEvent"
        )
        return format_html('<a href="{}">{}</a>', url, _("Roles given and taken away"))

    @admin.action(description=_("Unlock sign-in (after too many wrong passwords)"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        signin_unlock(users=queryset, by=request.user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Sign-in unlocked for %(count)d user, from every address.",
                "Sign-in unlocked for %(count)d users, from every address.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Reset second factor (lost phone): set up a new app at next sign-in")
    )
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = second_factor_reset(users=queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d authenticator app removed.",
                "%(count)d authenticator apps removed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(HistoryLinkMixin, AdministratorMixin, admin.ModelAdmin):
    list_display = ("user", "role", "unit", "process_area", "from_directory")
    readonly_fields = ("history", "from_directory")
    list_filter = ("role", "process_area")
    list_select_related = ("user", "unit", "process_area")
    search_fields = ("user__username", "user__title", "unit__name", "process_area__name")
    autocomplete_fields = ("user", "unit", "process_area")
    ordering = ("user__username", "role")


@admin.register(GroupRoleMapping)
class GroupRoleMappingAdmin(HistoryLinkMixin, AdministratorMixin, admin.ModelAdmin):
    """Which directory group gives which role: applied at every sign-in with the municipal
    account. The model's clean() puts a scope that does not fit the role beside its field."""

    list_display = ("group_id", "label", "role", "unit", "process_area")
    readonly_fields = ("history",)
    list_filter = ("role",)
    list_select_related = ("unit", "process_area")
    search_fields = ("group_id", "label", "unit__name", "process_area__name")
    autocomplete_fields = ("unit", "process_area")
    ordering = ("label", "group_id")


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(HistoryLinkMixin, AdministratorMixin, admin.ModelAdmin):
    """The accessibility statement's variable parts: one row, never a second, never deleted (the
    law asks for the statement to be published at all times)."""

    readonly_fields = ("history",)
    list_display = ("__str__", "organisation", "last_reviewed")
    # An address typed without a scheme is https, as Django 6 will assume.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        if AccessibilityStatement.objects.exists():
            return False
        return super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


# --- History --------------------------------------------------------------------------------------


class HistoryChangeList(EventsChangeList):
    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        # The context holds only the user's id: read the page's users in one query.
        ids = {(e.pgh_context or {}).get("user") for e in self.result_list} - {None}
        users = User.objects.in_bulk(ids)
        for event in self.result_list:
            event.changed_by = users.get((event.pgh_context or {}).get("user"))


class HistoryAdmin(EventsAdmin):
    """Every tracked change (goals, activities, contributions, roles, ...), newest first, with
    who made it and where. Read-only: history is never edited.

    pghistory's own admin app is not installed, so this admin uses Django's plain change list
    template rather than pghistory's; filter by object with ?obj=goals.activity:<pk>."""

    change_list_template = "admin/change_list.html"
    list_display = ("when", "event", "record", "record_id", "who", "url", "changes")
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = MiddlewareEvents.objects.order_by("-pgh_created_at")
        # The change page looks one event up by its slug ("app.Model:pk"): only that event
        # table needs to be read.
        object_id = (
            request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        )
        if object_id is not None:
            label = unquote(object_id).partition(":")[0]
            with contextlib.suppress(LookupError, ValueError):
                queryset = queryset.across(apps.get_model(label))
        return queryset

    def has_module_permission(self, request: HttpRequest) -> bool:
        return AdministratorMixin._is_administrator(self, request) or super().has_module_permission(
            request
        )

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return AdministratorMixin._is_administrator(self, request) or super().has_view_permission(
            request, obj
        )

    def get_changelist(self, request: HttpRequest, **kwargs):
        return HistoryChangeList

    def get_list_display(self, request: HttpRequest):
        return self.list_display

    def get_list_filter(self, request: HttpRequest):
        # pghistory's "back" filter needs its own template, which is not installed here.
        filters = [LabelFilter, EventModelFilter]
        if "obj" in request.GET:
            filters.extend([MethodFilter, ObjFilter])
        elif "model" in request.GET:
            filters.append(ModelFilter)
        return filters

    @admin.display(description=_("when"), ordering="pgh_created_at")
    def when(self, event: MiddlewareEvents):
        return event.pgh_created_at

    @admin.display(description=_("event"), ordering="pgh_label")
    def event(self, event: MiddlewareEvents) -> str:
        return event.pgh_label

    @admin.display(description=_("record"), ordering="pgh_obj_model")
    def record(self, event: MiddlewareEvents) -> str:
        return event.pgh_obj_model

    @admin.display(description=_("id"))
    def record_id(self, event: MiddlewareEvents) -> str:
        return event.pgh_obj_id

    @admin.display(description=_("changes"))
    def changes(self, event: MiddlewareEvents) -> str:
        diff = event.pgh_diff or {}
        return "; ".join(f"{field}: {old} → {new}" for field, (old, new) in diff.items())

    @admin.display(description=_("changed by"))
    def who(self, event: MiddlewareEvents) -> str:
        user = getattr(event, "changed_by", None)
        if user is not None:
            return str(user)
        context = event.pgh_context or {}
        return context.get("source", "")


admin.site.register(MiddlewareEvents, HistoryAdmin)


# --- Sign-in: locks and their records (django-axes) ---------------------------------------------
# axes registers these for superusers; an administrator by role needs them too: deleting a
# locked attempt lifts the lock (as the user list's "Unlock sign-in" action does).


class SignInAttemptAdmin(AdministratorMixin, AccessAttemptAdmin):
    pass


class ReadOnlyLogMixin:
    """The failure and access logs are evidence: read here, pruned by `axes_reset_logs`."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class SignInFailureAdmin(ReadOnlyLogMixin, AdministratorMixin, AccessFailureLogAdmin):
    pass


class SignInLogAdmin(ReadOnlyLogMixin, AdministratorMixin, AccessLogAdmin):
    pass


for _model, _model_admin in (
    (AccessAttempt, SignInAttemptAdmin),
    (AccessFailureLog, SignInFailureAdmin),
    (AccessLog, SignInLogAdmin),
):
    admin.site.unregister(_model)
    admin.site.register(_model, _model_admin)


# --- The outbox: work queued by saves, for operations to look at ---------------------------------


class OutboxStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("waiting", _("Waiting")),
            ("done", _("Done")),
            ("given_up", _("Given up")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "waiting":
            return queryset.filter(done_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False).exclude(outcome__startswith="failed")
        if self.value() == "given_up":
            return queryset.filter(done_at__isnull=False, outcome__startswith="failed")
        return queryset


@admin.register(OutboxTask)
class OutboxTaskAdmin(ReadOnlyLogMixin, AdministratorMixin, admin.ModelAdmin):
    """Read only: the outbox runs itself (vaxjo_riktning/outbox.py). A row waiting long, or
    given up after five failed runs, is what operations look into."""

    list_display = ("pk", "task", "created_at", "handed_at", "attempts", "done_at", "outcome")
    list_filter = (OutboxStateFilter,)
    search_fields = ("task", "key")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# --- Withdrawable records (goals, activities, job ads) ------------------------------------------

WITHDRAWAL_NEEDS_REASON = _("Give a reason for the withdrawal: a withdrawn record needs one.")

WITHDRAWAL_FIELDSET = (
    _("Withdrawal"),
    {
        "classes": ("collapse",),
        "description": _(
            "Public records are never deleted. To withdraw this one, give the reason; the time "
            "is set to now if you leave it empty. Clear both to restore it."
        ),
        "fields": ("withdrawn_reason", "withdrawn_at", "withdrawn_by"),
    },
)


class WithdrawableForm(forms.ModelForm):
    """Keeps the withdrawal fields together: a time needs a reason, a reason gets a time."""

    def clean(self) -> dict:
        cleaned = super().clean()
        reason = (cleaned.get("withdrawn_reason") or "").strip()
        withdrawn_at = cleaned.get("withdrawn_at")
        if withdrawn_at and not reason:
            self.add_error("withdrawn_reason", WITHDRAWAL_NEEDS_REASON)
        elif reason and not withdrawn_at:
            cleaned["withdrawn_at"] = timezone.now()
        cleaned["withdrawn_reason"] = reason
        return cleaned


class WithdrawnFilter(admin.SimpleListFilter):
    title = _("withdrawn")
    parameter_name = "withdrawn"

    def lookups(self, request, model_admin):
        return (("no", _("Active")), ("yes", _("Withdrawn")))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(withdrawn_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


class WithdrawableAdmin(HistoryLinkMixin, AdministratorMixin, admin.ModelAdmin):
    """Never deletes; records who withdrew when a withdrawal is saved."""

    form = WithdrawableForm

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if obj.withdrawn_at is None:
            obj.withdrawn_by = None
        elif "withdrawn_at" in form.changed_data or "withdrawn_reason" in form.changed_data:
            obj.withdrawn_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("withdrawn"), boolean=True, ordering="withdrawn_at")
    def is_withdrawn(self, obj) -> bool:
        return obj.is_withdrawn


def history_url(obj) -> str:
    """The history admin filtered to one object's events."""
    label = obj._meta.label_lower
    return (
        reverse("admin:pghistory_middlewareevents_changelist")
        + f"?obj={label}:{obj.pk}&method=tracks"
    )
