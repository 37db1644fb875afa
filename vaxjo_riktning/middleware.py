"""Riktning's own middleware: Swedish first, and refusing a too large body before it is read.

Swedish first: every page is in Swedish unless the user has chosen English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a municipal employee with
an English-language browser would get English pages without asking. Riktning honours only the
choice made with the language switch (its cookie), and otherwise speaks Swedish.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
