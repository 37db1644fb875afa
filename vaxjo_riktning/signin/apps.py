"""Django's admin, served by Riktning's own admin site (vaxjo_riktning.signin.admin_site)."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class RiktningAdminConfig(AdminConfig):
    """Installed in place of "django.contrib.admin": every app's admin.py registers on
    `admin.site` as usual, and that site is Riktning's."""

    default_site = "vaxjo_riktning.signin.admin_site.RiktningAdminSite"
