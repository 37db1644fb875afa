"""Limits on applying through the public form, counted in Django's cache.

With REDIS_URL set the cache is Redis, so a count holds across every web process; without it, the
process's own memory (a development machine). A limit is a fixed window: the first count starts
it, and it ends `window` seconds later whatever happens in it.

Two limits (settings, "--- Recruitment ---"):
- per client (its address, or its IPv6 /64, the block one household or phone is given): every
  POST of the form counts, bad ones too, since each makes the server read and check up to 10 MB;
- per e-mail address: only applications about to be saved count, across all ads. The confirmation
  mail goes to that address, so this caps what the form can make us send anyone; counting
  refused forms too would let a stranger use up a real applicant's limit by sending nonsense with
  their address.

Written here rather than with django-ratelimit: the address is counted only once the form is
valid and given back when nothing is saved, the keys are hashed so the cache holds no addresses,
and a cache that fails lets applicants through (logged) instead of refusing everyone.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from vaxjo_riktning.clients import client_address

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most `count` within `window` seconds, counted under `scope`."""

    scope: str
    count: int
    window: int


def per_client() -> Limit:
    return Limit(
        "client",
        settings.RECRUITMENT_APPLY_LIMIT_PER_CLIENT,
        settings.RECRUITMENT_APPLY_WINDOW_PER_CLIENT,
    )


def per_address() -> Limit:
    return Limit(
        "address",
        settings.RECRUITMENT_APPLY_LIMIT_PER_ADDRESS,
        settings.RECRUITMENT_APPLY_WINDOW_PER_ADDRESS,
    )


def client_key(request: HttpRequest) -> str:
    """The client's address, IPv6 shortened to its /64: one subscriber is given a whole /64."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def address_key(email: str) -> str:
    """An e-mail address as mail reaches it: case and a +tag do not make another mailbox."""
    local, _at, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def _cache_key(limit: Limit, value: str) -> str:
    digest = salted_hmac("recruitment.ratelimits", value).hexdigest()[:32]
    return f"recruitment:apply:{limit.scope}:{digest}"


# Where the limits count while the shared cache (Redis) is away: this process's memory, so a
# limit still holds per process rather than letting every post through.
_local = LocMemCache("riktning-apply-limits", {})


def _count(counter: BaseCache, key: str, window: int) -> int:
    counter.add(key, 0, timeout=window)
    try:
        return counter.incr(key)
    except ValueError:  # the window ended between add and incr
        counter.add(key, 1, timeout=window)
        return 1


def hit(limit: Limit, value: str) -> bool:
    """Count one for `value`, atomically (cache.incr), and say whether it is within the limit.
    While the shared cache fails, the count is kept in this process's memory."""
    key = _cache_key(limit, value)
    try:
        count = _count(cache, key, limit.window)
    except Exception:
        logger.warning(
            "The %s limit on applying is counted in this process: the cache failed", limit.scope
        )
        count = _count(_local, key, limit.window)
    return count <= limit.count


def release(limit: Limit, value: str) -> None:
    """Give back a count that saved nothing (the form was already saved, the ad closed)."""
    try:
        cache.decr(_cache_key(limit, value))
    except ValueError:  # the window has ended: nothing to give back
        pass
    except Exception:
        logger.exception("The %s limit on applying was not given back", limit.scope)
