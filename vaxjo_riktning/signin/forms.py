"""The login forms, aware of the lockout, and the one-time code's form."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vaxjo_riktning.signin.lockout import lockout_message

LOCAL_PASSWORDS_OFF = _("Sign in with the municipal account: passwords are not used here.")
CODE_FORMAT = _("Enter the 6 digits your authenticator app shows now.")


class LockoutAwareFormMixin:
    """When django-axes refused the sign-in because the username is locked on this address, say
    so, and when to try again, instead of "wrong username or password": the password may well
    have been right."""

    request = None

    def get_invalid_login_error(self) -> ValidationError:
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(self.request), code="locked_out")
        return super().get_invalid_login_error()  # type: ignore[misc]


class SignInForm(LockoutAwareFormMixin, AuthenticationForm):
    """/konto/logga-in/. With LOCAL_PASSWORDS off it takes no password at all (the page hides
    the form; a hand-made POST is refused before any backend is asked)."""

    def clean(self):
        if not settings.LOCAL_PASSWORDS:
            raise ValidationError(LOCAL_PASSWORDS_OFF, code="local_passwords_off")
        return super().clean()


class AdminSignInForm(LockoutAwareFormMixin, AdminAuthenticationForm):
    """/admin/login/."""


class TokenForm(forms.Form):
    """A one-time code: six digits, spaces allowed (apps show "123 456")."""

    otp_token = forms.CharField(
        label=_("One-time code"),
        help_text=_("The 6 digits your authenticator app shows for Riktning."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]*",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )

    def clean_otp_token(self) -> str:
        token = re.sub(r"\s", "", self.cleaned_data["otp_token"])
        if not re.fullmatch(r"\d{6}", token):
            raise ValidationError(CODE_FORMAT, code="format")
        return token
