"""Remember at login whether the user is the hiring manager of an ad (for the menu)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from recruitment.context_processors import HIRING_MANAGER_SESSION_KEY
from recruitment.models import JobAd


@receiver(user_logged_in, dispatch_uid="recruitment_hiring_manager_flag")
def remember_hiring_manager(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[HIRING_MANAGER_SESSION_KEY] = JobAd.objects.filter(
            hiring_manager=user
        ).exists()
