"""What the layout's menu needs from recruitment, computed only when the menu is drawn (htmx
fragments never ask, so they run no extra query)."""

from __future__ import annotations

from functools import cached_property

from django.http import HttpRequest

from recruitment import selectors
from vaxjo_riktning.models import Role

# Set at login (recruitment.signals): whether the user is the hiring manager of any ad, so the
# menu does not ask the database on every page.
HIRING_MANAGER_SESSION_KEY = "recruitment_hiring_manager"


class RecruitmentMenu:
    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def recruitment(self) -> bool:
        """The "Recruitment" entry: recruiters, hiring managers and administrators."""
        user = self.request.user
        if not user.is_authenticated:
            return False
        return (
            user.is_administrator
            or user.has_role(Role.RECRUITER)
            or bool(self.request.session.get(HIRING_MANAGER_SESSION_KEY))
        )

    @cached_property
    def competence_supply(self) -> bool:
        return selectors.may_see_competence_supply(self.request.user)


def recruitment(request: HttpRequest) -> dict:
    return {"recruitment_menu": RecruitmentMenu(request)}
