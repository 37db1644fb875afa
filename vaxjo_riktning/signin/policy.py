"""Who must pass a second factor, and whether the signed-in user has."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY

from vaxjo_riktning.models import User

# The backend of a sign-in with the municipal account (vaxjo_riktning/signin/oidc.py).
PROVIDER_BACKEND = "vaxjo_riktning.signin.oidc.MunicipalAccountBackend"


def needs_second_factor(user: User) -> bool:
    """Administrators (by role or as superusers) and staff, who reach the admin, while the
    second factor is switched on (RIKTNING_SECOND_FACTOR). Staff status is read first: it
    needs no query, and the role assignments are read once per request anyway."""
    if not settings.SECOND_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_staff or user.is_administrator


def came_through_provider(session: Mapping[str, Any] | None) -> bool:
    """Whether this session was signed in with the municipal account: the provider has asked
    for its own second factor (Entra ID's MFA and conditional access), so Riktning does not
    ask for another."""
    return session is not None and session.get(BACKEND_SESSION_KEY) == PROVIDER_BACKEND


def has_passed_second_factor(user: User, session: Mapping[str, Any] | None = None) -> bool:
    """True for a user who needs no second factor, for one signed in through the municipal
    account's provider (``session``, the request's), and for one who entered a code this
    session (django-otp's middleware reads the verified device from the session)."""
    if not needs_second_factor(user) or came_through_provider(session):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())
