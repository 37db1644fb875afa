"""The filters of the counteraction and gap lists, bound to the query string.

A value that does not validate (an unknown unit, a goal id that is not a number) is left out of
the filtering and its error is shown beside the field; the other filters still apply.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.filters import GoalChoiceField, UnitChoiceField, goal_choices, unit_choices
from processes.models import Process


class GapKind:
    ALL = "alla"
    GOALS = "mal-utan-aktivitet"
    UNITS = "enhet-utan-aktivitet"
    ACTIVITIES = "aktivitet-utan-mal"

    CHOICES = [
        (ALL, _("All gaps")),
        (GOALS, _("Goals without activity")),
        (UNITS, _("Council goals a unit does nothing for")),
        (ACTIVITIES, _("Activities without goal")),
    ]


class SignalFilterForm(forms.Form):
    """Shared by both lists: the values that validated, with None for the others."""

    def valid_values(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}


class CounteractionFilterForm(SignalFilterForm):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=unit_choices(),
        to_field_name="slug",
        required=False,
        empty_label=_("All units"),
        help_text=_("On either side: counteracting or supporting. Includes its departments."),
    )
    goal = GoalChoiceField(
        label=_("Goal"),
        queryset=goal_choices(),
        required=False,
        empty_label=_("All goals"),
        help_text=_("The counteracted goal, or a goal below it."),
    )
    process = forms.ModelChoiceField(
        label=_("Group-wide process"),
        queryset=Process.objects.order_by("area__sort_order", "sort_order", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any process"),
        help_text=_("Either side's activity runs in it."),
    )


class GapFilterForm(SignalFilterForm):
    typ = forms.ChoiceField(
        label=_("Show"),
        choices=GapKind.CHOICES,
        required=False,
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=unit_choices(),
        to_field_name="slug",
        required=False,
        empty_label=_("All units"),
        help_text=_(
            "The goals it owns, its administration's or company's gaps, and its activities "
            "without goal (with its departments)."
        ),
    )
    goal = GoalChoiceField(
        label=_("Goal"),
        queryset=goal_choices(),
        required=False,
        empty_label=_("All goals"),
        help_text=_("The goal and the goals below it; for unit gaps, its council goal."),
    )

    def kind(self) -> str:
        return self.valid_values().get("typ") or GapKind.ALL
