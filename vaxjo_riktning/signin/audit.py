"""Sign-ins in the log, without personal data: who succeeded by user id, who failed by a keyed
hash of the username typed, from where by the network (IPv4 /24, IPv6 /48), not the address.

The hash (HMAC with SECRET_KEY) lets operations see that one username is being tried from many
networks, or many usernames from one, without the log holding the names: nobody without the key
can test a guessed username against it. It changes when SECRET_KEY does.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from vaxjo_riktning.clients import client_address

logger = logging.getLogger("riktning.signin")

# Enough to tell usernames apart in a log, too short to be worth attacking on its own.
PSEUDONYM_LENGTH = 16


def username_pseudonym(username: str | None) -> str | None:
    """A keyed hash of the username, the same whatever its case (Anna and anna are one person
    to the reader of the log)."""
    if not username:
        return None
    return salted_hmac("riktning.signin.username", username.casefold()).hexdigest()[
        :PSEUDONYM_LENGTH
    ]


def network_of(address: str | None) -> str | None:
    """The client's network, not its address: IPv4 to /24, IPv6 to /48 (an IPv4 address in
    IPv6 clothing as IPv4). Something that is no address gives None: it is not logged."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if isinstance(ip, ipaddress.IPv4Address) else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def client_network(request: HttpRequest | None) -> str | None:
    return network_of(client_address(request)) if request is not None else None


def signin_succeeded(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """user_logged_in: the user id and how they signed in (the backend's class)."""
    backend = getattr(user, "backend", "") or ""
    fields = {
        "event": "signin_succeeded",
        "user_id": user.pk,
        "backend": backend.rpartition(".")[2] or None,
        "client_network": client_network(request),
    }
    logger.info("Sign-in succeeded: user %(user_id)s (%(backend)s)", fields, extra=fields)


def signin_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """user_login_failed: a keyed hash of the username typed, never the username itself."""
    username = credentials.get("username")
    fields = {
        "event": "signin_failed",
        "username_hmac": username_pseudonym(username if isinstance(username, str) else None),
        "client_network": client_network(request),
    }
    logger.warning(
        "Sign-in failed: username hmac %(username_hmac)s from %(client_network)s",
        fields,
        extra=fields,
    )
