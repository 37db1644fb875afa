"""Forms for a rollout cell, reassigning an activity to a process and a process owner's comment.
They validate and normalise; processes.services saves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from processes import services
from processes.models import Process, Stage


class ImplementationForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=Stage.choices,
        error_messages={"invalid_choice": services.STAGE_NOT_ON_SCALE},
    )
    contact = forms.CharField(
        label=_("Contact person"),
        required=False,
        max_length=200,
        help_text=_("Who in the unit to ask about the process."),
        error_messages={"max_length": services.CONTACT_TOO_LONG},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": services.NOTE_TOO_LONG},
    )
    # The version the person started from: a save from an older one is refused with 409.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, auto_id: str = "id_%s", **kwargs) -> None:
        super().__init__(*args, auto_id=auto_id, **kwargs)


class ReassignForm(forms.Form):
    process = forms.ModelChoiceField(
        label=_("Process"),
        queryset=Process.objects.none(),
        error_messages={"invalid_choice": services.NOT_YOUR_PROCESS},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, processes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment for the unit"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the activity's page, with your name and the date."),
        error_messages={
            "required": services.COMMENT_REQUIRED,
            "max_length": services.COMMENT_TOO_LONG,
        },
    )
