"""The optional error reporter: Sentry (or a compatible service, e.g. GlitchTip), turned on by
SENTRY_DSN and off without it, with personal data taken out before an event leaves the process.

sentry-sdk already leaves out what it knows to be personal when send_default_pii is off (the
user's address and name, cookies, a logged-in user's details). `scrub` takes out the rest
that could reach an event in Riktning: request bodies, cookies, query strings, the user's
e-mail, username and address, local variables, breadcrumbs' data, and any text anywhere in the
event that looks like an e-mail address or a Swedish personal identity number (personnummer or
samordningsnummer), such as in an exception's message.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from pythonjsonlogger.json import JsonFormatter

# An e-mail address, loosely: over-scrubbing costs nothing.
EMAIL_PATTERN = re.compile(r"[^\s@<>\"'(),;:]+@[^\s@<>\"'(),;:]+\.[A-Za-z]{2,}")
# YYMMDD-NNNN, YYMMDD+NNNN, YYYYMMDDNNNN and the like (samordningsnummer add 60 to the day).
# Bounded by non-word characters, so that the digits inside an event id or a hash stay.
PERSONNUMMER_PATTERN = re.compile(r"(?<!\w)(?:19|20)?\d{6}[-+ ]?\d{4}(?!\w)")
FILTERED = "[Filtered]"

# What of a request may stay in an event: where the error happened, not who or what was sent.
REQUEST_KEYS_KEPT = {"method", "url"}
# Of the user, only the id: the same as the request log's user_id.
USER_KEYS_KEPT = {"id"}


def scrub_text(text: str) -> str:
    return PERSONNUMMER_PATTERN.sub(FILTERED, EMAIL_PATTERN.sub(FILTERED, text))


def _scrub_strings(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {key: _scrub_strings(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub_strings(item) for item in value]
    return value


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """sentry-sdk's before_send: the event without personal data."""
    request = event.get("request")
    if isinstance(request, dict):
        kept = {key: value for key, value in request.items() if key in REQUEST_KEYS_KEPT}
        if isinstance(kept.get("url"), str):
            kept["url"] = kept["url"].split("?", 1)[0].split("#", 1)[0]
        event["request"] = kept
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {key: value for key, value in user.items() if key in USER_KEYS_KEPT}
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        for crumb in breadcrumbs.get("values") or []:
            crumb.pop("data", None)
    event.pop("extra", None)
    return _scrub_strings(event)


def sentry_init(*, dsn: str, environment: str | None = None, release: str | None = None) -> None:
    """Turn the reporter on for Django and Celery (settings.py calls this when SENTRY_DSN is
    set). No performance tracing: only errors are sent."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=None,
        before_send=scrub,
    )


# The last guard before stdout: any e-mail address or personal identity number still in a line
# (a third-party library's message, a database error's detail in a traceback) is filtered out,
# as in an error report. Riktning's own lines name ids, never these.
class ScrubbingFormatter(logging.Formatter):
    """LOG_FORMAT=text. A record that came past no request-id filter shows "-" for it."""

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return scrub_text(super().format(record))


class ScrubbingJsonFormatter(JsonFormatter):
    """LOG_FORMAT=json: one JSON object a line (python-json-logger)."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub_text(super().format(record))
