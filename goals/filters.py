"""The activity list's filters, bound to the query string so every filter state is a URL."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from goals.models import Activity, Contribution, Goal
from goals.selectors import contributions_to_goal
from processes.models import Process, ProcessArea
from vaxjo_riktning.models import Unit


class WithdrawnChoice:
    ALL = "alla"
    ONLY = "endast"


class SignalFilterForm(forms.Form):
    """A signal list's filters (counteractions, gaps, conflicts): the values that validated,
    with None for the others, so that one bad value leaves the other filters working."""

    def valid_values(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        # Indent unit goals under their council goal in the select; the level is in the label
        # too, so the hierarchy does not rest on indentation alone.
        prefix = "\u2003" if obj.level == Goal.Level.UNIT else ""
        return f"{prefix}{obj}"


class GoalChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = GoalChoiceField


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        prefix = "\u2003" if obj.kind == Unit.Kind.DEPARTMENT else ""
        return f"{prefix}{obj.name}"


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


def unit_choices() -> QuerySet[Unit]:
    """Each administration or company followed by its departments."""
    return Unit.objects.annotate(
        is_department=Case(When(kind=Unit.Kind.DEPARTMENT, then=Value(1)), default=Value(0))
    ).order_by("top_unit__sort_order", "top_unit__name", "is_department", "sort_order", "name")


def goal_choices() -> QuerySet[Goal]:
    """Each council goal followed by its unit goals ("council" sorts before "unit")."""
    return Goal.objects.exclude(level=Goal.Level.VISION).order_by(
        "council_goal__sort_order",
        "council_goal__code",
        "council_goal_id",
        "level",
        "sort_order",
        "code",
        "title",
        "pk",
    )


class ActivityFilter(django_filters.FilterSet):
    """Narrow the activities by unit (with its departments), goal (with the goals below it),
    effect, status, process area, process, free text and withdrawal.

    A filter value that does not validate (an unknown unit slug, say) is left out of the
    filtering and its error is shown beside the field.
    """

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words in the title or description."),
    )
    # The selects read only what their labels and values show: with every column, reading
    # the 537 goals of the largest group took 28 ms against 12 ms (their descriptions and
    # dates). A chosen unit or goal is used for its id and level alone.
    unit = UnitChoiceFilter(
        label=_("Unit"),
        queryset=unit_choices().only("slug", "name", "kind"),
        to_field_name="slug",
        method="filter_unit",
        empty_label=_("All units"),
        help_text=_("Includes the unit's departments."),
    )
    goal = GoalChoiceFilter(
        label=_("Goal"),
        queryset=goal_choices().only("code", "title", "level"),
        method="filter_goal_and_effect",
        empty_label=_("All goals"),
        help_text=_("Includes the goals below it."),
    )
    effect = django_filters.ChoiceFilter(
        label=_("Effect"),
        choices=Contribution.Effect.choices,
        method="filter_goal_and_effect",
        empty_label=_("Supports or counteracts"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("Any status")
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Process area"),
        queryset=ProcessArea.objects.order_by("sort_order", "name"),
        to_field_name="slug",
        field_name="process__area",
        empty_label=_("Any process area"),
    )
    process = django_filters.ModelChoiceFilter(
        label=_("Group-wide process"),
        queryset=Process.objects.order_by("area__sort_order", "sort_order", "name"),
        to_field_name="slug",
        empty_label=_("Any process"),
    )
    withdrawn = django_filters.ChoiceFilter(
        label=_("Withdrawn activities"),
        choices=[
            (WithdrawnChoice.ALL, _("Show them too")),
            (WithdrawnChoice.ONLY, _("Show only them")),
        ],
        method="filter_withdrawn",
        empty_label=_("Hide them"),
    )

    class Meta:
        model = Activity
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # ILIKE on both columns; each has a trigram index.
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_unit(self, queryset: QuerySet[Activity], name: str, value: Unit) -> QuerySet:
        return queryset.filter(owner_unit_id__in=Unit.subtree_ids([value.pk]))

    def filter_goal_and_effect(self, queryset: QuerySet[Activity], name: str, value) -> QuerySet:
        # Goal and effect describe the same contribution ("counteracts goal 3"), so both are
        # applied together, once, whichever of the two filters runs first.
        if getattr(self, "_contribution_filtered", False):
            return queryset
        self._contribution_filtered = True
        data = self.form.cleaned_data
        goal, effect = data.get("goal"), data.get("effect")
        contributions = (
            contributions_to_goal(goal) if goal is not None else Contribution.objects.all()
        )
        if effect:
            contributions = contributions.filter(effect=effect)
        return queryset.filter(pk__in=contributions.values("activity_id").order_by())

    def filter_withdrawn(self, queryset: QuerySet[Activity], name: str, value: str) -> QuerySet:
        # Only called for "all" and "only": an empty value never reaches a filter method, so
        # hiding withdrawn activities by default happens in filter_queryset.
        if value == WithdrawnChoice.ONLY:
            return queryset.withdrawn()
        return queryset

    def filter_queryset(self, queryset: QuerySet[Activity]) -> QuerySet[Activity]:
        self._contribution_filtered = False
        if not self.form.cleaned_data.get("withdrawn"):
            queryset = queryset.active()
        return super().filter_queryset(queryset).order_by("title", "pk")
