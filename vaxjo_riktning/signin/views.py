"""The second factor after the password: enter a code, or enrol an authenticator app first."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from vaxjo_riktning.signin import services
from vaxjo_riktning.signin.forms import TokenForm
from vaxjo_riktning.signin.middleware import second_factor_exempt
from vaxjo_riktning.signin.policy import has_passed_second_factor

# Where an enrolling person's new key waits until a code proves their app holds it.
ENROL_KEY_SESSION = "riktning_totp_enrol_key"


def _next_url(request: HttpRequest) -> str:
    """The page the person was on their way to, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    url = reverse(name)
    return f"{url}?{urlencode({'next': target})}" if target else url


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_passed_second_factor(user, request.session):
        return redirect(_next_url(request))
    if services.totp_device_for(user) is None:
        return redirect(_with_next("signin:enrol", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_verify(user=user, token=form.cleaned_data["otp_token"])
        except ValidationError as error:
            form.add_error("otp_token", error)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "signin/verify.html", {"form": form, "next": _next_url(request)})


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_passed_second_factor(user, request.session):
        return redirect(_next_url(request))
    # Someone who has an app enters its code: a password alone must never be enough to put
    # another app in its place (a lost phone is reset by an administrator).
    if services.totp_device_for(user) is not None:
        return redirect(_with_next("signin:verify", request))
    key = request.session.get(ENROL_KEY_SESSION)
    if not key:
        key = services.totp_key_new()
        request.session[ENROL_KEY_SESSION] = key
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_device_enrol(
                user=user, key=key, token=form.cleaned_data["otp_token"]
            )
        except ValidationError as error:
            form.add_error("otp_token", error)
        else:
            del request.session[ENROL_KEY_SESSION]
            otp_login(request, device)
            messages.success(
                request,
                _("Your authenticator app is set up. From now on Riktning asks for its code."),
            )
            return redirect(_next_url(request))
    url = services.totp_config_url(user=user, key=key)
    context = {
        "form": form,
        "next": _next_url(request),
        # segno draws the code as SVG paths of our own making: no text, no script.
        "qr_svg": mark_safe(services.totp_qr_svg(url)),  # noqa: S308
        "key_text": services.totp_key_base32(key),
    }
    return render(request, "signin/enrol.html", context)
