"""Forms of the follow-up pages. They validate what a person typed; the services save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from goals.followup import services
from goals.followup.models import (
    ActivityReport,
    ExportJob,
    GoalAssessment,
    GoalAssessmentChoice,
    StatusColour,
)
from goals.models import CoordinationSaving
from goals.savings.forms import KronorField
from vaxjo_riktning.models import Unit


class ActivityReportForm(forms.Form):
    """One activity's status report. Prefixed with the activity, so a page holds many."""

    progress = forms.CharField(
        label=_("Progress (%)"),
        required=False,
        help_text=_("From 0 to 100."),
        widget=forms.NumberInput(
            attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric", "class": "input-short"}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=StatusColour.choices,
        widget=forms.RadioSelect(attrs={"class": "colour-choice"}),
        initial=StatusColour.NOT_ASSESSED,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What has been done, and what stands in the way if it is not on track."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, report: ActivityReport | None = None, **kwargs: Any) -> None:
        if report is not None and not kwargs.get("data") and not args:
            kwargs["initial"] = {
                "progress": "" if report.progress is None else report.progress,
                "status": report.status,
                "comment": report.comment,
                "version": report.version,
            }
        super().__init__(*args, **kwargs)
        if report is None and not self.is_bound:
            self.initial.setdefault("version", 0)

    def clean_progress(self) -> int | None:
        try:
            return services.clean_progress(self.cleaned_data.get("progress"))
        except ValidationError:
            raise ValidationError(services.PROGRESS_OUT_OF_RANGE) from None

    def clean_version(self) -> int:
        return self.cleaned_data.get("version") or 0


class GoalAssessmentForm(forms.Form):
    """The owning unit's assessment of one goal. Prefixed with the goal."""

    assessment = forms.ChoiceField(
        label=_("Assessment"),
        choices=GoalAssessmentChoice.choices,
        widget=forms.RadioSelect(attrs={"class": "assessment-choice"}),
        initial=GoalAssessmentChoice.NOT_ASSESSED,
    )
    analysis = forms.CharField(
        label=_("Analysis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the goal is met or not, what the indicators show, what happens next."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, assessment: GoalAssessment | None = None, **kwargs: Any):
        if assessment is not None and not kwargs.get("data") and not args:
            kwargs["initial"] = {
                "assessment": assessment.assessment,
                "analysis": assessment.analysis,
                "version": assessment.version,
            }
        super().__init__(*args, **kwargs)
        if assessment is None and not self.is_bound:
            self.initial.setdefault("version", 0)

    def clean_version(self) -> int:
        return self.cleaned_data.get("version") or 0


class SavingReportForm(forms.Form):
    """What a coordination saving realised, given in the reporting unit's year-end report.
    Prefixed with the saving."""

    realised = KronorField(
        label=_("Realised saving, kronor"),
        error_messages={"required": services.REALISED_REQUIRED},
        help_text=_("What doing the work once instead of in parallel saved this year."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the figure was reached, or why it differs from what was expected."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, saving: CoordinationSaving | None = None, **kwargs: Any):
        if saving is not None and not kwargs.get("data") and not args:
            kwargs["initial"] = {
                "realised": "" if saving.realised_sek is None else saving.realised_sek,
                "comment": saving.realised_comment,
                "version": saving.version,
            }
        super().__init__(*args, **kwargs)

    def clean_version(self) -> int:
        return self.cleaned_data.get("version") or 0


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the unit add or change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.RETURN_COMMENT_REQUIRED},
    )

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise ValidationError(services.RETURN_COMMENT_REQUIRED)
        return comment


class ExportForm(forms.Form):
    """Which period report to build: the whole group or one administration or company, as Excel
    or PDF."""

    format = forms.ChoiceField(label=_("Format"), choices=ExportJob.Format.choices)
    enhet = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.top_level().order_by("sort_order", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("The whole group"),
    )
