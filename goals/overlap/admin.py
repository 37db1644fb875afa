"""The vocabulary in the admin: administrators keep the group's own words for the same work.

A group is refused, with the reason beside its terms and nothing saved, when it has fewer than
two terms, a term written twice, a stop word or generic word ("utveckling", "projekt"), a term
already in another group, or a term so common in the group's activities that it would join
almost every text. Every change is in the history (pghistory, by trigger)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from goals.overlap.models import VocabularyGroup
from vaxjo_riktning.admin import AdministratorMixin, history_url


@admin.register(VocabularyGroup)
class VocabularyGroupAdmin(AdministratorMixin, admin.ModelAdmin):
    list_display = ("__str__", "field", "term_count", "changed_at")
    list_filter = ("field",)
    search_fields = ("terms", "field")
    fields = ("field", "terms", "changed_at", "history")
    readonly_fields = ("changed_at", "history")

    @admin.display(description=_("terms"))
    def term_count(self, obj: VocabularyGroup) -> int:
        return len(obj.term_list())

    @admin.display(description=_("history"))
    def history(self, obj: VocabularyGroup) -> str:
        if obj.pk is None:
            return "–"
        return format_html('<a href="{}">{}</a>', history_url(obj), _("Show the changes"))
