"""Who sent a request: the client's address, behind the reverse proxies the operator says there
are (settings.TRUSTED_PROXY_COUNT). The sign-in's lockout and the public form's rate limits count
by it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR; behind TRUSTED_PROXY_COUNT proxies, the address the outermost of them saw.

    Without a trusted proxy (the default) X-Forwarded-For is ignored: anyone can send that
    header. Each proxy appends the address it was reached from, so with n of them the client is
    the n-th entry from the right; entries left of it came from the client itself and are never
    read. A request with fewer entries did not pass every proxy, and keeps its REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]
