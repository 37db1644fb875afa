"""The forms of the sub-optimisation pages: the filters of the review queue and of the
counteraction and gap lists, bound to the query string, and the decisions about overlaps.

A value that does not validate (an unknown unit, a goal id that is not a number) is left out of
the filtering and its error is shown beside the field; the other filters still apply.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from goals.filters import (
    GoalChoiceField,
    SignalFilterForm,
    UnitChoiceField,
    goal_choices,
    unit_choices,
)
from goals.models import OverlapSuggestion
from goals.overlap import services
from goals.savings import services as savings
from goals.savings.forms import KronorField
from processes.models import Process, ProcessArea
from vaxjo_riktning.models import Unit

Decision = OverlapSuggestion.Decision


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


# -- The review queue -----------------------------------------------------------------------------

NOTE_REQUIRED = _(
    "Say why the activities are not alike: a dismissed pair is never suggested again."
)


class DecisionFilter:
    ALL = "all"


class OverlapFilterForm(forms.Form):
    """The queue's filters, bound to the query string so every filter state is a link. A value
    that does not validate is left out of the filtering and its error shown beside the field."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[*Decision.choices, (DecisionFilter.ALL, _("Any decision"))],
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=unit_choices(),
        to_field_name="slug",
        required=False,
        empty_label=_("All units"),
        help_text=_("Either activity's unit, departments included."),
    )
    area = forms.ModelChoiceField(
        label=_("Process area"),
        queryset=ProcessArea.objects.order_by("sort_order", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Any process area"),
        help_text=_("Either activity's group-wide process."),
    )
    min_score = forms.IntegerField(
        label=_("Similarity at least (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )

    def is_unfiltered(self) -> bool:
        """Every open pair, unnarrowed: the queue as most people open it, which is cached."""
        self.is_valid()
        data = self.cleaned_data
        return (data.get("decision") or Decision.OPEN) == Decision.OPEN and not any(
            data.get(name) is not None for name in ("unit", "area", "min_score")
        )

    def filter(self, queryset: QuerySet[OverlapSuggestion]) -> QuerySet[OverlapSuggestion]:
        self.is_valid()
        data = self.cleaned_data
        decision = data.get("decision") or Decision.OPEN
        if decision == Decision.OPEN:
            # A pair with a withdrawn activity needs no decision any more.
            queryset = queryset.open().filter(
                activity_a__withdrawn_at__isnull=True, activity_b__withdrawn_at__isnull=True
            )
        elif decision != DecisionFilter.ALL:
            queryset = queryset.filter(decision=decision)
        if data.get("unit") is not None:
            ids = Unit.subtree_ids([data["unit"].pk])
            queryset = queryset.filter(
                Q(activity_a__owner_unit_id__in=ids) | Q(activity_b__owner_unit_id__in=ids)
            )
        if data.get("area") is not None:
            area = data["area"]
            queryset = queryset.filter(
                Q(activity_a__process__area=area) | Q(activity_b__process__area=area)
            )
        if data.get("min_score") is not None:
            queryset = queryset.filter(score__gte=data["min_score"] / 100)
        return queryset


class DecisionForm(forms.Form):
    """A decision about overlapping activities, with a note that is required for "not alike"
    (a dismissed pair is never suggested again, so the reason must stay), and for a duplicate
    the saving coordination is expected to bring and the unit that reports what it brought.

    ``units`` are the administrations and companies that run the activities, the default
    reporting unit first (savings.involved_units)."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in Decision.choices if c[0] != Decision.OPEN],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the decisions listed.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What you based the decision on, or what the units should do. Required for “not alike”."
        ),
    )
    expected_saving = KronorField(
        label=_("Expected saving (samordningsvinst), kronor a year"),
        required=False,
        help_text=_(
            "Only for a duplicate: what the group saves a year when the work is done once. "
            "Leave it empty if nobody can say yet."
        ),
    )
    saving_unit = forms.ModelChoiceField(
        label=_("Reports the realised saving in its year-end report"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=None,
    )

    def __init__(self, *args, units: list[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        field = self.fields["saving_unit"]
        field.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
        # The choices in the order given (largest budget first), without a query of their own.
        field.choices = [(unit.pk, unit.name) for unit in units]
        if units:
            self.initial.setdefault("saving_unit", units[0].pk)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decision") == Decision.NOT_ALIKE and not data.get("note", "").strip():
            self.add_error("note", NOTE_REQUIRED)
        if data.get("expected_saving") is not None:
            if data.get("decision") != Decision.DUPLICATE:
                self.add_error("expected_saving", savings.ONLY_DUPLICATE)
            elif data.get("saving_unit") is None and "saving_unit" not in self.errors:
                self.add_error("saving_unit", savings.UNIT_REQUIRED)
        return data

    def saving_to_record(self) -> savings.ExpectedSaving | None:
        """The saving to record with the decision, once the form is valid."""
        data = self.cleaned_data
        if (
            "expected_saving" not in self.fields
            or data.get("expected_saving") is None
            or data.get("decision") != Decision.DUPLICATE
        ):
            return None
        return savings.ExpectedSaving(data["expected_saving"], data["saving_unit"])


class CaseDecisionForm(DecisionForm):
    """One decision for every pair of a case."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = _("Decision for every pair of the case")
        self.fields["expected_saving"].help_text = _(
            "Only for a duplicate: what the group saves a year when the case's work is done "
            "once, for the whole case. Leave it empty if nobody can say yet."
        )


class OverlapDecisionForm(DecisionForm):
    """The decision about one pair; who may edit both activities may also merge them."""

    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, suggestion: OverlapSuggestion, may_merge: bool, **kwargs) -> None:
        kwargs.setdefault(
            "units", savings.involved_units([suggestion.activity_a, suggestion.activity_b])
        )
        super().__init__(*args, **kwargs)
        if suggestion.saving_id is not None:
            # Recorded once, with the decision that found the duplicate; the page shows it.
            del self.fields["expected_saving"], self.fields["saving_unit"]
        if may_merge:
            a, b = suggestion.activity_a, suggestion.activity_b
            self.fields["merge_into"] = forms.TypedChoiceField(
                label=_("Merge into one shared activity?"),
                required=False,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                choices=[
                    ("", _("No, keep both activities")),
                    (a.pk, _("Keep “%(title)s” (%(unit)s)") % services.title_and_unit(a)),
                    (b.pk, _("Keep “%(title)s” (%(unit)s)") % services.title_and_unit(b)),
                ],
                help_text=_(
                    "Only for a duplicate. The other activity is withdrawn with the reason "
                    "“Merged into …”, and its unit becomes a co-operating unit of the one kept. "
                    "Goal links are not moved: check them on the kept activity afterwards."
                ),
            )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("merge_into") and data.get("decision") != Decision.DUPLICATE:
            self.add_error("merge_into", services.MERGE_NEEDS_DUPLICATE)
        return data
