"""Conflicts in the admin: read-mostly. The steps (raise, confirm, decide) belong to the app,
where their rules are; an administrator reads every conflict with its history, and withdraws one
with a reason like any other public record. Never deleted."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from goals.conflicts.models import Conflict
from vaxjo_riktning.admin import WITHDRAWAL_FIELDSET, WithdrawableAdmin, WithdrawnFilter


@admin.register(Conflict)
class ConflictAdmin(WithdrawableAdmin):
    list_display = (
        "activity",
        "goal",
        "hurt_unit",
        "outcome",
        "due_on",
        "raised_at",
        "is_withdrawn",
    )
    list_filter = ("outcome", WithdrawnFilter, ("hurt_unit", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("activity", "goal", "hurt_unit")
    search_fields = ("activity__title", "goal__title", "goal__code", "reason", "decision_note")
    date_hierarchy = "raised_at"
    # Everything but the withdrawal is read-only here.
    readonly_fields = (
        "activity",
        "goal",
        "hurt_unit",
        "reason",
        "due_on",
        "raised_by",
        "raised_at",
        "outcome",
        "decision_note",
        "decided_by",
        "decided_at",
        "owner_agreed_by",
        "owner_agreed_at",
        "hurt_agreed_by",
        "hurt_agreed_at",
        "withdrawn_by",
        "history",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "activity",
                    "goal",
                    "hurt_unit",
                    "reason",
                    "due_on",
                    ("raised_by", "raised_at"),
                ),
            },
        ),
        (
            _("Outcome"),
            {
                "fields": (
                    "outcome",
                    "decision_note",
                    ("decided_by", "decided_at"),
                    ("owner_agreed_by", "owner_agreed_at"),
                    ("hurt_agreed_by", "hurt_agreed_at"),
                ),
            },
        ),
        WITHDRAWAL_FIELDSET,
        (_("Record"), {"fields": ("history",)}),
    )

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        # A conflict is raised by the hurt unit in the app, where the rules are checked.
        return False
