"""Forms that change activities. They validate and normalise; goals.services saves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from goals import services
from goals.models import Activity, Contribution, Goal
from processes.models import Process
from vaxjo_riktning.models import Unit
from vaxjo_riktning.permissions import editable_unit_ids, owned_process_area_ids

if TYPE_CHECKING:
    from django.http import QueryDict

    from vaxjo_riktning.models import User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        # The browser's date picker sends and expects ISO dates whatever the language.
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ActivityForm(forms.ModelForm):
    """An activity's own fields, with the unit and process narrowed to what the user may pick."""

    # The version the person started editing from; the service refuses a save from an old one.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "owner_unit",
            "cooperating_units",
            "responsible",
            "status",
            "start_date",
            "end_date",
            "budget_sek",
            "process",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "cooperating_units": _(
                "Other units that take part. Hold Ctrl (⌘ on a Mac) to choose more than one."
            ),
            "budget_sek": _("Whole kronor, without spaces."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["title"].widget.attrs.setdefault("autocomplete", "off")
        budget = self.fields["budget_sek"]
        budget.min_value = 0
        budget.widget.attrs.update({"min": 0, "step": 1, "inputmode": "numeric"})

        units = Unit.objects.order_by("sort_order", "name")
        self._editable_units = editable_unit_ids(user)
        self._owned_areas = owned_process_area_ids(user)
        owner = self.fields["owner_unit"]
        if not (user.is_administrator or self._owned_areas):
            # A unit editor picks among their own units; the current owner stays listed so the
            # form shows the truth, and the service refuses it if they may not keep it.
            allowed = Q(pk__in=self._editable_units)
            if self.instance.owner_unit_id:
                allowed |= Q(pk=self.instance.owner_unit_id)
            owner.queryset = units.filter(allowed)
        else:
            owner.queryset = units
        owner.empty_label = _("Choose a unit")

        cooperating = self.fields["cooperating_units"]
        cooperating.queryset = units.exclude(pk=self.instance.owner_unit_id or 0)
        cooperating.required = False

        processes = Process.objects.select_related("area").order_by(
            "area__sort_order", "area__name", "sort_order", "name"
        )
        if not user.is_administrator and not self._editable_units:
            # A process owner only: their processes, plus the current one to keep.
            allowed = Q(area_id__in=self._owned_areas)
            if self.instance.process_id:
                allowed |= Q(pk=self.instance.process_id)
            processes = processes.filter(allowed)
        self.fields["process"].queryset = processes
        self.fields["process"].label_from_instance = lambda p: f"{p.area.name}: {p.name}"
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_responsible(self) -> str:
        return " ".join(self.cleaned_data["responsible"].split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", services.END_BEFORE_START)
        owner = cleaned.get("owner_unit")
        if owner is not None and "process" not in self.errors:
            process = cleaned.get("process")
            if not services.user_may_write_activity_in(
                user=self.user, owner_unit=owner, process=process
            ):
                if self._owned_areas:
                    self.add_error("process", services.PROCESS_NOT_ALLOWED)
                else:
                    self.add_error("owner_unit", services.UNIT_NOT_ALLOWED)
        if owner is not None and "cooperating_units" in cleaned:
            # Naming the owner as its own co-operator says nothing: drop it quietly.
            cleaned["cooperating_units"] = [
                u for u in cleaned["cooperating_units"] if u.pk != owner.pk
            ]
        return cleaned


def goal_choices(goals: list[Goal]) -> list[tuple[Any, Any]]:
    """Active goals grouped by level (vision, council, unit), each labelled with its code."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for goal in goals:
        groups.setdefault(goal.level, []).append((goal.pk, str(goal)))
    choices: list[tuple[Any, Any]] = [("", _("Choose a goal"))]
    for level, label in Goal.Level.choices:
        if level in groups:
            choices.append((label, groups[level]))
    return choices


class GoalChoiceField(forms.ModelChoiceField):
    """A goal picked from a list read once per formset: rows look their goal up in memory
    instead of one query each."""

    goals_by_pk: dict[int, Goal] | None = None

    def to_python(self, value: Any) -> Goal | None:
        if value in self.empty_values:
            return None
        if self.goals_by_pk is None:
            return super().to_python(value)
        try:
            return self.goals_by_pk[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


ROW_WITHOUT_GOAL = _(
    "Choose the goal this row is about, or empty the row: the activity may also be saved "
    "without a goal."
)


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["goal", "effect", "reason"]
        field_classes = {"goal": GoalChoiceField}
        widgets = {"effect": forms.RadioSelect}
        labels = {"goal": _("Goal")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's default would make every empty extra row look filled in.
        self.fields["effect"].choices = Contribution.Effect.choices
        # Only a row with something filled in is checked: its goal is then missing, though no
        # row is marked required (an activity may be saved without a goal).
        self.fields["goal"].error_messages["required"] = ROW_WITHOUT_GOAL
        self.fields["reason"].help_text = _("Required when the activity counteracts the goal.")

    def clean_reason(self) -> str:
        return " ".join(self.cleaned_data["reason"].split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        counteracts = cleaned.get("effect") == Contribution.Effect.COUNTERACTS
        if counteracts and not cleaned.get("reason") and "reason" not in self.errors:
            self.add_error("reason", services.COUNTERACTION_NEEDS_REASON)
        return cleaned


class BaseContributionFormSet(forms.BaseInlineFormSet):
    """The activity's goal links. The goal list is read once for all rows."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new activity starts with one empty row, an existing one with its own rows (or one
        # empty row if it has none): one goal is enough, and "Add a goal" asks for more
        # (with_one_more_row). The rows are read once, here and for the goal list below.
        if not self.is_bound:
            self.extra = 0 if self.initial_form_count() else 1
        linked = Q(pk__in=self.get_queryset().values("goal_id")) if self.instance.pk else Q()
        queryset = Goal.objects.filter(Q(withdrawn_at__isnull=True) | linked).order_by(
            "sort_order", "code", "title"
        )
        goals = list(queryset)
        choices = goal_choices(goals)
        by_pk = {g.pk: g for g in goals}
        for form in self.forms:
            field = form.fields["goal"]
            field.queryset = queryset
            field.choices = choices
            field.goals_by_pk = by_pk

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Unlink this goal")

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            self._queryset = super().get_queryset().select_related("goal")
        return self._queryset

    def clean(self) -> None:
        # Our own duplicate check replaces the model formset's, so that the message sits beside
        # the row's goal rather than at the top of the form.
        seen: set[int] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            goal = form.cleaned_data.get("goal")
            if goal is None:
                continue
            if goal.pk in seen:
                form.add_error("goal", services.DUPLICATE_GOAL)
            seen.add(goal.pk)

    def wanted_contributions(self) -> list[services.ContributionData]:
        """The goal links as the person wants them after the save."""
        rows: list[services.ContributionData] = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or data.get("goal") is None:
                continue
            rows.append(
                {"goal": data["goal"], "effect": data["effect"], "reason": data.get("reason", "")}
            )
        return rows


ContributionFormSet = forms.inlineformset_factory(
    Activity,
    Contribution,
    form=ContributionForm,
    formset=BaseContributionFormSet,
    extra=0,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def with_one_more_row(data: QueryDict, *, prefix: str) -> QueryDict:
    """The posted form with one more empty goal row ("Add a goal"), which starts as supporting
    like the first one. Up to the formset's maximum."""
    data = data.copy()
    total_key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(total_key, ""))
    except ValueError:
        return data
    if 0 <= total < ContributionFormSet.max_num:
        data[total_key] = str(total + 1)
        data[f"{prefix}-{total}-effect"] = Contribution.Effect.SUPPORTS
    return data


def show_unchecked(form: forms.BaseForm | forms.BaseFormSet) -> None:
    """Show a posted form as typed, without checking it: after "Add a goal" the person has not
    asked to save, so no error may appear yet. (Django checks a bound form the first time its
    errors are read; a form whose errors are already set is not checked.)"""
    if isinstance(form, forms.BaseFormSet):
        form._non_form_errors = form.error_class()
        form._errors = []
        for row in form.forms:
            show_unchecked(row)
            form._errors.append(row._errors)
    else:
        form._errors = ErrorDict()
        form.cleaned_data = {}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Shown on the activity's page: say why it is withdrawn."),
        error_messages={"required": services.WITHDRAW_REASON_REQUIRED},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(services.WITHDRAW_REASON_REQUIRED)
        return reason
