"""The lockout's two hooks into django-axes: which address a sign-in comes from, and what a
locked-out person sees (the login page they used, with the lock's message)."""

from __future__ import annotations

import logging
from datetime import datetime

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext

from vaxjo_riktning.clients import client_address
from vaxjo_riktning.signin.audit import network_of, username_pseudonym

logger = logging.getLogger("riktning.signin")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, for the lock on a username from one address (axes'
    AXES_CLIENT_IP_CALLABLE): vaxjo_riktning.clients.client_address."""
    return client_address(request) or None


def locked_until(request: HttpRequest | None = None) -> datetime:
    """When a lock that starts now ends: a failure while locked restarts the wait (axes'
    AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), so the refused attempt just made is the
    start."""
    return timezone.localtime(timezone.now() + get_cool_off(request))


def lockout_message(request: HttpRequest | None = None) -> str:
    """What a locked-out person reads beside the login form: when to try again, and whom to ask
    to lift the lock sooner."""
    until = locked_until(request)
    minutes = round(get_cool_off(request).total_seconds() / 60)
    text = gettext(
        "Too many failed sign-ins for this username from your address. Try again at %(time)s "
        "(in %(minutes)s minutes): every try before then starts the wait again."
    ) % {"time": time_format(until, "H:i"), "minutes": minutes}
    contact = settings.SIGNIN_SUPPORT_CONTACT
    if contact:
        return text + " " + gettext("To be let in sooner, ask %(contact)s.") % {"contact": contact}
    return text + " " + gettext("To be let in sooner, ask an administrator of Riktning.")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, str] | None = None,
) -> HttpResponse:
    """The page the sign-in was tried on (/konto/logga-in/ or /admin/login/), which the login
    form has already filled with the lock's message (forms.LockoutAwareFormMixin), answered with
    429 Too Many Requests and a Retry-After header."""
    # The username as its keyed hash and the address as its network (signin/audit.py): the
    # same values as the failed sign-ins' lines, so the lock can be matched to them.
    username = (credentials or {}).get("username")
    fields = {
        "event": "signin_locked",
        "username_hmac": username_pseudonym(username if isinstance(username, str) else None),
        "client_network": network_of(
            getattr(request, "axes_ip_address", None) or client_ip(request)
        ),
        "locked_until": locked_until(request).isoformat(timespec="minutes"),
        "path": request.path,
    }
    logger.warning(
        "Sign-in locked: username hmac %(username_hmac)s from %(client_network)s until "
        "%(locked_until)s (path %(path)s).",
        fields,
        extra=fields,
    )
    if not isinstance(original_response, HttpResponse) or original_response.status_code != 200:
        # Only a login page's form answers 200 to a refused sign-in; anything else (a sign-in
        # outside the login pages) gets the message on the login page's own template.
        original_response = render(
            request, "registration/locked_out.html", {"message": lockout_message(request)}
        )
    original_response.status_code = 429
    original_response["Retry-After"] = str(int(get_cool_off(request).total_seconds()))
    return original_response


def not_counted(request: HttpRequest | None, credentials: dict[str, object] | None = None) -> bool:
    """The municipal account's callback is not counted by the lockout (axes'
    AXES_WHITELIST_CALLABLE): no password is tried there, the provider locks its own accounts,
    and every refused token would count against username "None" on the address, so that a
    few refusals behind an office's NAT address would lock the whole office out of it."""
    return request is not None and request.path == reverse("oidc_authentication_callback")
