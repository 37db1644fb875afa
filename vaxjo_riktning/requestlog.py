"""One log line per request, and the request id that ties a request's lines together.

The line holds what operations needs to see how Riktning answers, and nothing about who the
person is beyond their user id: the method, the URL's route template (`goals/<int:pk>/`, never
the path itself, which may hold what someone typed), the status, the duration in milliseconds,
the user id and the request id. Never the query string, a body or a header's value.

The request id is the client's X-Request-ID when it is a plain token (a proxy or load balancer
that sets one can follow a request through both logs), else a new one; the response carries it
back, and every line logged while the request runs has it (RequestIdFilter).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

logger = logging.getLogger("riktning.request")
security_logger = logging.getLogger("riktning.security")

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and - _ . : up to 64 characters (a UUID, a proxy's hex id). Anything else, a
# newline that would forge a log line or a text long enough to fill it, is replaced.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# What a request that matched no URL logs as its route: its path is exactly what was typed.
NO_ROUTE = "<unmatched>"

_request_id: ContextVar[str | None] = ContextVar("riktning_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request this thread is answering, None outside a request."""
    return _request_id.get()


def request_id_from(request: HttpRequest) -> str:
    """The client's X-Request-ID when it is a plain token, else a new random one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if REQUEST_ID_PATTERN.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def route_of(request: HttpRequest) -> str:
    """The matched URL pattern with its converters (`uppfoljning/<int:pk>/`), not the path."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.route is None:
        return NO_ROUTE
    return "/" + match.route.lstrip("^").rstrip("$")


def user_id_of(request: HttpRequest) -> int | None:
    """The signed-in user's id, when the request has already looked the user up (every page
    behind the sign-in does). Never a lookup of its own: that would add a query to every page,
    and one that fails to a health check asked while the database is away."""
    user = getattr(request, "user", None)
    if isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:  # type: ignore[attr-defined]
            return None
        user = user._wrapped  # type: ignore[attr-defined]
    if user is None or not user.is_authenticated:
        return None
    return user.pk


class RequestLogMiddleware:
    """Logs one line per request on `riktning.request`, and each refusal (403) once more on
    `riktning.security`, at warning level, so that refusals can be followed apart from traffic.

    Near the top of the stack, so that the status and the duration are the ones the client got;
    below whitenoise, so that static files are not logged line by line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        response[REQUEST_ID_HEADER] = request_id
        fields = {
            "event": "request",
            "method": request.method,
            "route": route_of(request),
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": user_id_of(request),
            "request_id": request_id,
        }
        logger.info(
            "%(method)s %(route)s %(status)s %(duration_ms)s ms user %(user_id)s",
            fields,
            extra=fields,
        )
        if response.status_code == 403:
            refusal = {**fields, "event": "refused"}
            security_logger.warning(
                "Refused (403): %(method)s %(route)s for user %(user_id)s", refusal, extra=refusal
            )
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record logged while it runs (None outside one),
    for the JSON lines and for the text format's %(request_id)s."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True
