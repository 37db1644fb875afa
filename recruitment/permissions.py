"""Who may see and change the succession plans of competence supply.

Succession plans name people, so the plans are hidden (404) from everyone but the group's
management: the chief executive, the process owners, recruiters and administrators. Of those,
administrators and the owner of the process area that holds succession planning (HR's process
owner) change the plans; the others read them (403 for a change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from processes.models import Process
from recruitment.models import Position, Successor
from vaxjo_riktning.models import Role
from vaxjo_riktning.permissions import owned_process_area_ids

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

SUPPLY_ROLES = (Role.CHIEF_EXECUTIVE, Role.PROCESS_OWNER, Role.RECRUITER, Role.ADMINISTRATOR)

# The process whose owner plans succession: successionsplanering, one of HR's processes.
SUCCESSION_PROCESS_SLUG = "successionsplanering"


def may_see_competence_supply(user: User) -> bool:
    """Succession plans name people: the group's management sees them (the chief executive,
    the process owners, among them HR's, recruiters and administrators); nobody else."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_administrator or any(a.role in SUPPLY_ROLES for a in user.assignments)


def may_plan_succession(user: User) -> bool:
    """Who names successors and their development: administrators, and the owner of the
    process area that holds succession planning (HR's process owner). Without that process,
    administrators only."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_administrator:
        return True
    areas = owned_process_area_ids(user)
    return (
        bool(areas)
        and Process.objects.filter(slug=SUCCESSION_PROCESS_SLUG, area_id__in=areas).exists()
    )


def get_key_position_for_user(user: User, pk: int, *, write: bool = False) -> Position:
    """A key position with its unit and holder: 404 for whoever may not see succession plans
    (and for a position that is not key), 403 when `write` and the user reads the plan only."""
    if not may_see_competence_supply(user):
        raise Http404("No such page.")
    position = get_object_or_404(
        Position.objects.select_related("unit", "holder").filter(is_key=True), pk=pk
    )
    if write and not may_plan_succession(user):
        raise PermissionDenied
    return position


def get_successor_for_user(user: User, pk: int, *, write: bool = False) -> Successor:
    """A successor on a key position's plan, with the position and the person: 404 for whoever
    may not see the plan, 403 when `write` and the user reads it only."""
    if not may_see_competence_supply(user):
        raise Http404("No such page.")
    successor = get_object_or_404(
        Successor.objects.select_related("position__unit", "position__holder", "person").filter(
            position__is_key=True
        ),
        pk=pk,
    )
    if write and not may_plan_succession(user):
        raise PermissionDenied
    return successor
