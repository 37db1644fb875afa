"""Who may see and change the succession plans of competence supply, and who stewards the
recruitments: names an ad's recruiter and hiring manager and sets or lifts its legal hold.

Succession plans name people, so the plans are hidden (404) from everyone but the group's
management: the chief executive, the process owners, recruiters and administrators. Of those,
administrators and the owner of the process area that holds succession planning (HR's process
owner) change the plans; the others read them (403 for a change).

Who handles an ad's applications, and whether they are kept past the retention period, is not
for the ad's own recruiter or hiring manager to decide: HR's process owner (the owner of the area
that holds recruitment or succession planning) and administrators do. A recruiter must hold the
recruiter role; a hiring manager must be a manager in the ad's unit. The group has no manager
role, so a manager is a unit editor whose unit is the ad's unit, a unit above it (an editor's
rights reach every department below their unit) or a department below it, or the chief
executive, who manages the whole group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from processes.models import Process
from recruitment.models import JobAd, Position, Successor
from vaxjo_riktning.models import Role, Unit
from vaxjo_riktning.permissions import owned_process_area_ids

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

SUPPLY_ROLES = (Role.CHIEF_EXECUTIVE, Role.PROCESS_OWNER, Role.RECRUITER, Role.ADMINISTRATOR)

# The process whose owner plans succession: successionsplanering, one of HR's processes.
SUCCESSION_PROCESS_SLUG = "successionsplanering"
# HR's process area is the one that holds recruitment or succession planning.
HR_PROCESS_SLUGS = ("rekrytering", SUCCESSION_PROCESS_SLUG)


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


# --- Stewarding recruitments: roles and legal hold -------------------------------------------


def is_hr_process_owner(user: User) -> bool:
    """The owner of HR's process area: the area that holds recruitment or succession planning."""
    if not getattr(user, "is_authenticated", False):
        return False
    areas = owned_process_area_ids(user)
    return (
        bool(areas)
        and Process.objects.filter(slug__in=HR_PROCESS_SLUGS, area_id__in=areas).exists()
    )


def may_steward_recruitments(user: User) -> bool:
    """Who names an ad's recruiter and hiring manager and sets or lifts its legal hold:
    administrators and HR's process owner."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_administrator or is_hr_process_owner(user)


def may_be_recruiter(user: User) -> bool:
    return user.is_active and user.has_role(Role.RECRUITER)


def may_be_hiring_manager(user: User, unit: Unit) -> bool:
    """A manager in the unit: the chief executive, or a unit editor of the unit, of a unit above
    it or of a department below it."""
    if not user.is_active:
        return False
    if user.is_chief_executive:
        return True
    roots = {a.unit_id for a in user.assignments if a.role == Role.UNIT_EDITOR and a.unit_id}
    if not roots:
        return False
    return unit.pk in Unit.subtree_ids(roots) or bool(roots & Unit.subtree_ids([unit.pk]))


def get_stewarded_ad_for_user(user: User, pk: int) -> JobAd:
    """An ad for its roles and legal hold: any ad for a steward (HR's process owner, an
    administrator); 403 for the ad's own recruiter and hiring manager, who see it but may not
    change these; 404 for everyone else, who are not told the ad's board exists."""
    ad = get_object_or_404(
        JobAd.objects.select_related("position__unit", "recruiter", "hiring_manager"), pk=pk
    )
    if may_steward_recruitments(user):
        return ad
    if getattr(user, "is_authenticated", False) and user.pk in (
        ad.recruiter_id,
        ad.hiring_manager_id,
    ):
        raise PermissionDenied
    raise Http404("No such page.")


# --- Applicants' rights: export and erasure on request ----------------------------------------


def may_answer_applicant(user: User, ad: JobAd) -> bool:
    """Who exports an applicant's data for them (GDPR art. 15) and erases it at their request
    (art. 17): the ad's recruiter, who handles the applicants, and administrators. Not the hiring
    manager, who judges applicants but answers no requests from them; not HR's process owner,
    who by design never sees applications."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_administrator or user.pk == ad.recruiter_id
