"""While PostgreSQL is away (a restart, a failover), a request gets a short Swedish page saying to
try again shortly, with status 503 and Retry-After, instead of the error page; and the log gets
one warning line, not an error with a stack trace for every request meanwhile.

Django turns an exception anywhere in a request into its error handler's response
(`handler500` in urls.py, which is `server_error` below) and logs it on `django.request` at
error level; `DatabaseAwayFilter` on that logger makes the record of a lost database a warning.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def database_away(error: BaseException | None) -> bool:
    """Whether `error` means the database cannot be reached (not a fault in a query)."""
    return isinstance(error, (OperationalError, InterfaceError))


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's error page, or the 503 page when the database is away."""
    if not database_away(sys.exc_info()[1]):
        return defaults.server_error(request)
    # Like the 500 page: no request context, no database, no translation machinery.
    content = loader.get_template("503.html").render()
    response = HttpResponseServerError(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseAwayFilter(logging.Filter):
    """Makes django.request's record of a request that met a lost database one warning line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if database_away(error):
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = (
                "Database unavailable (%s): answered 503",
                (type(error).__name__,),
            )
            record.exc_info = record.exc_text = None
        return True
