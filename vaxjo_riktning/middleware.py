"""Riktning's own middleware: the language, and the security headers and session rules of every
response.

Swedish first: every page is in Swedish unless the user has chosen English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a municipal employee with
an English-language browser would get English pages without asking. Riktning honours only the
choice made with the language switch (its cookie), and otherwise speaks Swedish.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control


class SwedishFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class PermissionsPolicyMiddleware:
    """Tells the browser that no page may use the camera, microphone, location, payment, USB and
    the like (settings.PERMISSIONS_POLICY): Riktning needs none of them, so a script that got in
    somehow could not either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NoStoreMiddleware:
    """Nothing Riktning renders is kept by a browser's or a proxy's cache.

    Every page is either for a signed-in user (applicants, CVs and assessments, a unit's reports,
    the user's own name and roles in the header) or part of the public application, whose answers
    echo what the applicant typed. A rule with exceptions would have to be right on every new
    page; one rule for all is. Static files are served before this (whitenoise) and keep their
    long caching. A view that sets its own Cache-Control keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
