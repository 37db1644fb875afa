"""Who must pass a second factor, and whether the signed-in user has."""

from __future__ import annotations

from django.conf import settings

from vaxjo_riktning.models import User


def needs_second_factor(user: User) -> bool:
    """Administrators (by role or as superusers) and staff, who reach the admin, while the
    second factor is switched on (RIKTNING_SECOND_FACTOR). Staff status is read first: it
    needs no query, and the role assignments are read once per request anyway."""
    if not settings.SECOND_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    return user.is_staff or user.is_administrator


def has_passed_second_factor(user: User) -> bool:
    """True for a user who needs no second factor, and for one who entered a code this session
    (django-otp's middleware reads the verified device from the session)."""
    if not needs_second_factor(user):
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())
