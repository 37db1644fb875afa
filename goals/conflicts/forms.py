"""The conflict pages' forms: raising a conflict, deciding it, withdrawing it, and the list's
filters. They validate and normalise; goals.conflicts.services saves and has the last word."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.cache import cache
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from goals.conflicts import selectors, services
from goals.conflicts.models import DEFAULT_DUE_DAYS, Conflict, default_due_on
from goals.conflicts.permissions import flaggable_goals
from goals.filters import (
    GoalChoiceField,
    SignalFilterForm,
    UnitChoiceField,
    goal_choices,
    unit_choices,
)
from goals.forms import DateInput

Outcome = Conflict.Outcome


class ConflictRaiseForm(forms.Form):
    """The hurt unit's side: which of its goals, why, and by when it should be settled."""

    goal = GoalChoiceField(
        label=_("Our goal that the activity works against"),
        queryset=None,
        empty_label=_("Choose a goal"),
        help_text=_("The goals your units own, or that your process area's processes serve."),
        error_messages={"required": _("Choose the goal the activity works against.")},
    )
    reason = forms.CharField(
        label=_("How it works against the goal"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_(
            "Shown to the other unit and the chief executive: what the activity does to the "
            "goal, and what would help."
        ),
        error_messages={"required": services.REASON_REQUIRED},
    )
    due_on = forms.DateField(
        label=_("To be settled by"),
        widget=DateInput(),
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # In the goal chain's order, as every goal choice is (goals.filters.goal_choices).
        self.fields["goal"].queryset = flaggable_goals(user).order_by(
            "council_goal__sort_order",
            "council_goal__code",
            "council_goal_id",
            "level",
            "sort_order",
            "code",
            "title",
            "pk",
        )
        due_on = self.fields["due_on"]
        due_on.widget.attrs["min"] = timezone.localdate().isoformat()
        due_on.help_text = _("Leave empty for %(days)s days from today: %(date)s.") % {
            "days": DEFAULT_DUE_DAYS,
            "date": date_format(default_due_on(), "SHORT_DATE_FORMAT"),
        }

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(services.REASON_REQUIRED)
        return reason

    def clean_due_on(self) -> Any:
        due_on = self.cleaned_data.get("due_on")
        if due_on is not None and due_on < timezone.localdate():
            raise forms.ValidationError(services.DUE_IN_PAST)
        return due_on


class ConflictDecisionForm(forms.Form):
    """The chief executive's or an administrator's decision."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(o.value, o.label) for o in services.DECISIONS],
        widget=forms.RadioSelect,
        error_messages={"required": services.UNKNOWN_OUTCOME},
    )
    note = forms.CharField(
        label=_("Note on the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=_("Required for an accepted trade-off: why the group accepts it."),
    )

    def __init__(self, *args: Any, conflict: Conflict, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if conflict.outcome == Outcome.ESCALATED:
            # Escalated already: what remains is the board's answer.
            self.fields["outcome"].choices = [
                (o.value, o.label) for o in (Outcome.RESOLVED, Outcome.ACCEPTED)
            ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["note"] = (cleaned.get("note") or "").strip()
        if cleaned.get("outcome") == Outcome.ACCEPTED and not cleaned["note"]:
            self.add_error("note", services.TRADE_OFF_NEEDS_REASON)
        return cleaned


class ConflictWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Shown on the conflict's page: say why your unit takes it back."),
        error_messages={"required": services.WITHDRAW_REASON_REQUIRED},
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(services.WITHDRAW_REASON_REQUIRED)
        return reason


class CachedChoiceIterator(ModelChoiceIterator):
    """A model choice field's choices as ModelChoiceIterator gives them, kept in the cache under
    ``field.choices_state`` (a fingerprint of what they are read from) when the form has one.

    The list's goal and unit selects hold 537 goals and 178 units at the largest group's size:
    reading and labelling them was 32 ms of the list's 97 ms in the profile (20,000
    activities), while they change only with a goal or the unit tree. The values are what the
    field's own iterator gives (the slug or the pk) and the labels its label_from_instance().
    Validating a chosen value still reads it from the field's queryset."""

    def __iter__(self) -> Iterator[Any]:
        state = getattr(self.field, "choices_state", None)
        if state is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        key = f"riktning:conflicts:choices:{type(self.field).__name__}:{state}"
        choices: list[tuple[Any, str]] | None = cache.get(key)
        if choices is None:
            choices = [
                (self.field.prepare_value(obj), self.field.label_from_instance(obj))
                for obj in self.queryset.iterator()
            ]
            cache.set(key, choices, selectors.CACHE_SECONDS)
        yield from choices


class CachedUnitChoiceField(UnitChoiceField):
    iterator = CachedChoiceIterator


class CachedGoalChoiceField(GoalChoiceField):
    iterator = CachedChoiceIterator


class ConflictFilterForm(SignalFilterForm):
    """The list's filters, bound to the query string. A value that does not validate is left
    out and its error shown beside the field; the other filters still apply.

    ``choices_state`` (selectors.ListState.choices) keeps the unit and goal choices in the
    cache under the fingerprint of the goals and the unit tree."""

    status = forms.ChoiceField(label=_("Status"), choices=selectors.Status.CHOICES, required=False)
    typ = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Both kinds"))] + selectors.Kind.CHOICES,
        required=False,
    )
    unit = CachedUnitChoiceField(
        label=_("Unit"),
        queryset=unit_choices(),
        to_field_name="slug",
        required=False,
        empty_label=_("All units"),
        help_text=_("On either side: hurt or running the activity. Includes its departments."),
    )
    goal = CachedGoalChoiceField(
        label=_("Goal"),
        queryset=goal_choices(),
        required=False,
        empty_label=_("All goals"),
        help_text=_("The goal worked against, or a goal below it."),
    )

    def __init__(self, *args: Any, choices_state: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("unit", "goal"):
            self.fields[name].choices_state = choices_state  # type: ignore[attr-defined]

    def filters(self) -> selectors.ConflictFilter:
        values = self.valid_values()
        return selectors.ConflictFilter(
            kind=values["typ"] or None,
            status=values["status"] or selectors.Status.CURRENT,
            unit=values["unit"],
            goal=values["goal"],
        )
