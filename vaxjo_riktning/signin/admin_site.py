"""The admin site: staff only, and for them only after the second factor.

django_otp.admin.OTPAdminSite would ask for the one-time code on the admin's own login form,
which leaves nowhere to enrol a first device. Riktning's site keeps the admin's password form
(watched by the lockout like every sign-in) and lets the second-factor middleware send a staff
user who has not passed the second factor to enter a code, or to enrol one; the site itself
refuses anyone the middleware let through unverified, so a view that forgot the middleware's
check still would not open the admin.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from vaxjo_riktning.signin.forms import AdminSignInForm
from vaxjo_riktning.signin.policy import has_passed_second_factor


class RiktningAdminSite(admin.AdminSite):
    login_form = AdminSignInForm
    # Django's own titles say "Django administration": in Swedish and named after Riktning.
    site_header = _("Riktning's administration")
    site_title = _("Riktning's administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and has_passed_second_factor(
            request.user, request.session
        )
