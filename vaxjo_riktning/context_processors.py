"""What every page's layout needs to know."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def riktning(request: HttpRequest) -> dict:
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        # The demo's login page names admin's demo key only while the second factor is on.
        "SECOND_FACTOR_REQUIRED": settings.SECOND_FACTOR_REQUIRED,
        # The login page offers the municipal account first, and local passwords if allowed.
        "OIDC_ENABLED": settings.OIDC_ENABLED,
        "LOCAL_PASSWORDS": settings.LOCAL_PASSWORDS,
    }
