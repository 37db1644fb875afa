"""Forms of recruitment. They validate and normalise; recruitment.services saves."""

from __future__ import annotations

import unicodedata
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recruitment import services
from recruitment.models import (
    AdCompetence,
    Application,
    Assessment,
    Competence,
    JobAd,
    Level,
    Successor,
)
from recruitment.uploads import check_cv
from vaxjo_riktning.models import User

COMPETENCE_TWICE = _("A competence is either required or meritorious, not both: %(names)s.")
LAST_DAY_PASSED = _("The last day to apply cannot be in the past.")

SUCCESSOR_TWICE = services.SUCCESSOR_TWICE
PHONE_INVALID = _("Write a phone number of 7 to 15 digits, e.g. 070-123 45 67.")
NAME_CONTROL_CHARACTERS = _(
    "Write your name on one line, without line breaks, tabs or other control characters."
)
CV_TOO_LARGE_TO_SEND = _(
    "The file is too large: a CV may be at most %(limit)s. Choose a smaller file (saving it as "
    "PDF often helps)."
)
FILE_NOT_KEPT = _(
    "For your safety the browser does not keep a chosen file when the form comes back: choose "
    "your CV again."
)


BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_characters(text: str) -> bool:
    """Line breaks, tabs and other control characters, Unicode's line and paragraph separators,
    and the bidirectional overrides that make text show in another order than it is stored."""
    return any(unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in BIDI_CONTROLS for c in text)


class ApplicationForm(forms.Form):
    """An applicant's application: contact details, letter, CV, and a self-assessment against
    each competence the ad seeks (one radio group per competence).

    `homepage` is a honeypot: hidden from people (see ad_detail.html), filled by bots that fill
    every field. A form with it filled is never saved (recruitment.views.public)."""

    HONEYPOT = "homepage"

    token = forms.UUIDField(widget=forms.HiddenInput)
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    letter = forms.CharField(
        label=_("Personal letter"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Why you, why this role: at most 10,000 characters."),
    )
    cv = forms.FileField(
        label=_("CV"),
        help_text=_("PDF or Word (.pdf, .docx, .doc), at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.doc,application/pdf,application/msword,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )

    def __init__(self, *args, ad: JobAd, sought: list[AdCompetence], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ad = ad
        self.sought = sought
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        # Said in the browser before sending (riktning.js): a larger file is refused unread.
        limit = settings.RECRUITMENT_CV_MAX_BYTES
        self.fields["cv"].widget.attrs.update(
            {
                "data-max-bytes": str(limit),
                "data-too-large": CV_TOO_LARGE_TO_SEND % {"limit": filesizeformat(limit)},
            }
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
        for ad_competence in sought:
            self.fields[self.competence_field(ad_competence)] = forms.TypedChoiceField(
                label=ad_competence.competence.name,
                choices=Level.choices,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=ad_competence.get_kind_display(),
                error_messages={"required": _("Choose the level that describes you best.")},
            )
        self.checked_cv = None

    @staticmethod
    def competence_field(ad_competence: AdCompetence) -> str:
        return f"competence_{ad_competence.pk}"

    @property
    def competence_fields(self) -> list[forms.BoundField]:
        return [self[self.competence_field(c)] for c in self.sought]

    @property
    def contact_fields(self) -> list[forms.BoundField]:
        return [self["name"], self["email"], self["phone"]]

    @property
    def caught_in_honeypot(self) -> bool:
        return self.is_bound and bool(self.data.get(self.HONEYPOT))

    def clean_name(self) -> str:
        # The name goes into the confirmation mail: one line of plain text. Django's CharField
        # keeps a line break inside the value (it strips only the ends), so refuse it here.
        name = self.cleaned_data["name"]
        if has_control_characters(name):
            raise ValidationError(NAME_CONTROL_CHARACTERS, code="control_characters")
        return name.strip()

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = services.phone_key(phone)
        if not 7 <= len(digits) <= 15 or not all(c in "0123456789+-() " for c in phone):
            raise ValidationError(PHONE_INVALID)
        return phone

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        self.checked_cv = check_cv(upload)
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.ad.accepts_applications:
            if self.ad.is_past_last_day:
                raise ValidationError(
                    services.AD_CLOSED,
                    params={"date": self.ad.last_application_date.isoformat()},
                )
            raise ValidationError(services.AD_NOT_OPEN)
        return cleaned

    @property
    def file_needs_choosing_again(self) -> bool:
        """A file was sent with a form that came back: the browser will not keep it."""
        return self.is_bound and bool(self.files.get("cv")) and bool(self.errors)

    @property
    def cv_not_kept_message(self) -> str:
        return str(FILE_NOT_KEPT)

    def self_assessments(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[self.competence_field(c)] for c in self.sought}


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Application.Stage.choices)


class ScoreForm(forms.Form):
    """A score per competence sought, or none."""

    def __init__(self, *args, assessments: list[Assessment], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.assessments = assessments
        for assessment in assessments:
            self.fields[f"score_{assessment.pk}"] = forms.TypedChoiceField(
                label=assessment.ad_competence.competence.name,
                choices=[("", _("Not scored"))] + list(Level.choices),
                coerce=int,
                empty_value=None,
                required=False,
                initial=assessment.score,
            )

    def rows(self) -> list[tuple[Assessment, forms.BoundField]]:
        return [(a, self[f"score_{a.pk}"]) for a in self.assessments]

    def scores(self) -> dict[int, int | None]:
        return {a.pk: self.cleaned_data.get(f"score_{a.pk}") for a in self.assessments}


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.NOTE_REQUIRED},
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(services.NOTE_REQUIRED)
        return text


class WithdrawAdForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the ad's public page: say why it is withdrawn."),
        error_messages={"required": services.WITHDRAW_REASON_REQUIRED},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(services.WITHDRAW_REASON_REQUIRED)
        return reason


class LegalHoldForm(forms.Form):
    """Set or lift the legal hold, with the reason either way (kept in the ad's history)."""

    hold = forms.BooleanField(label=_("Keep the applications (legal hold)"), required=False)
    reason = forms.CharField(
        label=_("Reason for setting or lifting the legal hold"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E.g. an appeal of the decision or a request from a court; or, lifting it, that the "
            "appeal was decided."
        ),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        cleaned["reason"] = (cleaned.get("reason") or "").strip()
        if not cleaned["reason"]:
            self.add_error(
                "reason",
                services.LEGAL_HOLD_REASON_REQUIRED
                if cleaned.get("hold")
                else services.LEGAL_HOLD_LIFT_REASON_REQUIRED,
            )
        return cleaned


class EraseApplicationForm(forms.Form):
    """Erase an applicant's data at their request (GDPR art. 17), with the reason."""

    reason = forms.CharField(
        label=_("Reason for the erasure"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": services.ERASE_REASON_REQUIRED},
        help_text=_(
            'E.g. "The applicant asked by e-mail on 3 December". Kept with the application; do '
            "not name the applicant."
        ),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(services.ERASE_REASON_REQUIRED)
        return reason


def _people(field: forms.Field) -> None:
    # Every active user is offered, and a wrong choice is refused beside the field with the
    # reason (services.NOT_A_RECRUITER, NOT_A_MANAGER) rather than a bare "not one of the
    # choices".
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = User.objects.filter(is_active=True).order_by(
        "first_name", "last_name", "username"
    )
    field.label_from_instance = lambda user: user.name_with_title


class AdRolesForm(forms.ModelForm):
    """Who handles an ad's applications: its recruiter and hiring manager."""

    class Meta:
        model = JobAd
        fields = ["recruiter", "hiring_manager"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _people(self.fields["recruiter"])
        _people(self.fields["hiring_manager"])
        self.fields["hiring_manager"].help_text = _(
            "A manager in the ad's unit: a unit editor of the unit (or of a unit above or below "
            "it) or the chief executive."
        )
        self.fields["recruiter"].help_text = _("Someone who holds the recruiter role.")

    def _post_clean(self) -> None:
        # The service checks and saves; the form must not write the instance's roles itself.
        pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class JobAdForm(forms.ModelForm):
    """A recruiter's ad: the text, the competences sought from the catalogue, required and
    meritorious, and, for a new ad, its hiring manager (and its recruiter, when an administrator
    writes it). Changing who handles an existing ad is AdRolesForm's, for HR's process owner."""

    recruiter = forms.ModelChoiceField(label=_("Recruiter"), queryset=User.objects.none())

    required_competences = forms.ModelMultipleChoiceField(
        label=_("Required competences"),
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    merit_competences = forms.ModelMultipleChoiceField(
        label=_("Meritorious competences"),
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    publish = forms.BooleanField(
        label=_("Publish on the public ads page"),
        required=False,
        help_text=_("Leave it unticked to keep the ad as a draft nobody outside sees."),
    )

    class Meta:
        model = JobAd
        fields = [
            "position",
            "title",
            "introduction",
            "description",
            "employment",
            "location",
            "last_application_date",
            "hiring_manager",
            "contact_name",
            "contact_title",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "last_application_date": DateInput(),
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = self.fields["position"].queryset.select_related("unit")
        ad = self.instance
        if ad.pk:
            del self.fields["hiring_manager"]
            del self.fields["recruiter"]
        else:
            _people(self.fields["hiring_manager"])
            self.fields["hiring_manager"].help_text = _(
                "A manager in the position's unit: a unit editor of the unit (or of a unit above "
                "or below it) or the chief executive."
            )
            if user.is_administrator:
                _people(self.fields["recruiter"])
                self.initial.setdefault("recruiter", user.pk)
            else:  # a recruiter writing an ad recruits for it
                del self.fields["recruiter"]
        if ad.pk:
            sought = list(ad.ad_competences.all())
            self.initial.setdefault(
                "required_competences",
                [c.competence_id for c in sought if c.kind == AdCompetence.Kind.REQUIRED],
            )
            self.initial.setdefault(
                "merit_competences",
                [c.competence_id for c in sought if c.kind == AdCompetence.Kind.MERIT],
            )
            self.initial.setdefault("publish", ad.published_at is not None)

    def clean_last_application_date(self):
        day = self.cleaned_data["last_application_date"]
        changed = "last_application_date" in self.changed_data or not self.instance.pk
        if day and changed and day < timezone.localdate():
            raise ValidationError(LAST_DAY_PASSED)
        return day

    def clean(self) -> dict:
        cleaned = super().clean()
        required = set(cleaned.get("required_competences") or [])
        merits = set(cleaned.get("merit_competences") or [])
        both = required & merits
        if both:
            names = ", ".join(sorted(c.name for c in both))
            self.add_error(
                "merit_competences", ValidationError(COMPETENCE_TWICE, params={"names": names})
            )
        return cleaned

    def sought(self) -> list[tuple[Competence, str]]:
        required = [
            (c, AdCompetence.Kind.REQUIRED) for c in self.cleaned_data["required_competences"]
        ]
        merits = [
            (c, AdCompetence.Kind.MERIT) for c in self.cleaned_data.get("merit_competences") or []
        ]
        return required + merits


class SuccessorForm(forms.ModelForm):
    """A successor named for a key position: who, how soon ready, and their development. The
    form's instance carries the position, so naming the same person twice is refused here."""

    class Meta:
        model = Successor
        fields = ["person", "readiness", "development_actions"]
        widgets = {"development_actions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        person.queryset = User.objects.filter(is_active=True).order_by(
            "first_name", "last_name", "username"
        )
        person.label_from_instance = lambda user: user.name_with_title
        if self.instance.pk:  # changing a successor: the person stays
            self.fields["person"].disabled = True

    def clean_person(self):
        # The pair's unique constraint names the position, which is not a field of the form, so
        # Django's own check leaves it out.
        person = self.cleaned_data["person"]
        named = Successor.objects.filter(position_id=self.instance.position_id, person=person)
        if named.exclude(pk=self.instance.pk).exists():
            raise ValidationError(SUCCESSOR_TWICE, code="unique")
        return person
