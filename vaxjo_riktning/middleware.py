"""Riktning's own middleware: the language, the security headers and session rules of every
response, and refusing a too large body before it is read.

Swedish first: every page is in Swedish unless the user has chosen English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a municipal employee with
an English-language browser would get English pages without asking. Riktning honours only the
choice made with the language switch (its cookie), and otherwise speaks Swedish.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


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


# When the signed-in user's session was last saved, in seconds since the epoch.
SESSION_LAST_SEEN_KEY = "riktning_last_seen"


class SessionIdleTimeoutMiddleware:
    """Signs a user out after SESSION_COOKIE_AGE seconds without a request.

    A Django session expires SESSION_COOKIE_AGE after it was last saved. Saving it on every
    request (SESSION_SAVE_EVERY_REQUEST) would write to the database on every page and every
    htmx fragment; this saves it again only when SESSION_IDLE_REFRESH_SECONDS have passed since
    the last save, which moves its expiry (and the cookie's) forward. So a user is signed out
    after between SESSION_COOKIE_AGE - SESSION_IDLE_REFRESH_SECONDS and SESSION_COOKIE_AGE
    seconds of inactivity. Signing in counts as a request (`session_seen_at_login`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Before the view: a logout view flushes the session, and nothing must be written after.
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN_KEY, 0)
            if now - last_seen >= settings.SESSION_IDLE_REFRESH_SECONDS:
                request.session[SESSION_LAST_SEEN_KEY] = now
        return self.get_response(request)


def session_seen_at_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """user_logged_in: the login saves the session, so the first page after it need not."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LAST_SEEN_KEY] = int(time.time())


# --- Refusing a body too large before it is read ------------------------------------------------

BODY_LIMIT_ATTRIBUTE = "request_body_limit"


@dataclass(frozen=True)
class BodyLimit:
    """How many bytes a view's POST may declare (a function: settings may change), and the
    response for one that declares more, given the view's arguments."""

    max_bytes: Callable[[], int]
    too_large: Callable[..., HttpResponse]


def limit_request_body(
    max_bytes: Callable[[], int], *, too_large: Callable[..., HttpResponse]
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Mark a view whose POSTs RequestBodyLimitMiddleware refuses, unread, when their
    Content-Length is above max_bytes(). The mark survives decorators that use functools.wraps."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        setattr(view, BODY_LIMIT_ATTRIBUTE, BodyLimit(max_bytes, too_large))
        return view

    return decorator


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # Django reads no body then either


class RequestBodyLimitMiddleware:
    """Refuse a POST to a view marked with limit_request_body whose declared size is too large,
    before anything reads the body.

    Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files of any size to a
    temporary file, and CsrfViewMiddleware parses the whole body to find its token before the
    view runs; so this must come before CsrfViewMiddleware. The WSGI handler never reads past
    Content-Length, and a body without one is read as empty, so the declared size is the bound."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: tuple, kwargs: dict
    ) -> HttpResponse | None:
        limit: BodyLimit | None = getattr(view, BODY_LIMIT_ATTRIBUTE, None)
        if limit is None or request.method != "POST":
            return None
        size = declared_length(request)
        if size <= limit.max_bytes():
            return None
        logger.warning(
            "Refused a body of %s bytes to %s before reading it (limit %s)",
            size,
            request.path,
            limit.max_bytes(),
        )
        return limit.too_large(request, *args, **kwargs)
