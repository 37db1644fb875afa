"""Sends an administrator or staff user who has given only their password to the second factor:
to enter a code, or to enrol an authenticator app if they have none. Until then no page, htmx
fragment or download of the app or the admin answers them."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from vaxjo_riktning.signin.policy import has_passed_second_factor


def second_factor_exempt(view: Callable) -> Callable:
    """Marks a view that a signed-in person may reach before the second factor: signing in and
    out, the second factor's own pages, the language switch."""
    view.second_factor_exempt = True  # type: ignore[attr-defined]
    return view


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if getattr(view_func, "second_factor_exempt", False):
            return None
        user = request.user
        if not user.is_authenticated or has_passed_second_factor(user, request.session):
            return None
        from vaxjo_riktning.signin.services import totp_device_for

        page = "signin:verify" if totp_device_for(user) is not None else "signin:enrol"
        response = redirect_to_login(request.get_full_path(), reverse(page))
        if getattr(request, "htmx", False):
            # An htmx request would swap the code's page into a fragment: load it as a page.
            return HttpResponseClientRedirect(response.url)
        return response
