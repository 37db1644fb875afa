"""Who may change the rollout and the activities of a process.

Everyone signed in reads every process, its rollout and its activities. A process owner changes
the rollout of its own process area's processes in every unit; a unit editor changes its own
unit's cell (stage, contact, note) of every process, never another unit's; an administrator
changes everything. The chief executive, readers and recruiters read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from processes.models import Process
from vaxjo_riktning.models import Role, Unit
from vaxjo_riktning.permissions import owned_process_area_ids

if TYPE_CHECKING:
    from vaxjo_riktning.models import User


def edited_top_unit_ids(user: User) -> set[int]:
    """The top-level units whose own cells the user edits as a unit editor: the units they are
    editor of (an editor of a department only edits that department's activities, not its
    administration's rollout)."""
    if not user.is_authenticated:
        return set()
    # (A unit editor's assignment always has a unit: a check constraint says so.)
    return {
        a.unit_id for a in user.assignments if a.role == Role.UNIT_EDITOR and a.unit_id is not None
    }


def can_edit_implementation(user: User, *, process: Process, unit: Unit) -> bool:
    return implementation_editor(user)(process, unit)


def implementation_editor(user: User) -> Callable[[Process, Unit], bool]:
    """can_edit_implementation() for one user, with their roles read once: the rollout matrix
    asks it for every process and unit (about 1,200 cells in the largest group)."""
    if not user.is_authenticated:
        return lambda process, unit: False
    if user.is_administrator:
        return lambda process, unit: True
    areas = owned_process_area_ids(user)
    units = edited_top_unit_ids(user)
    return lambda process, unit: process.area_id in areas or unit.pk in units


def implementation_editor_key(user: User) -> str:
    """What implementation_editor() decides by, as a string: users with the same key may change
    the same cells, so a page that keeps the cells' HTML keeps it per key."""
    if not user.is_authenticated:
        return "none"
    if user.is_administrator:
        return "all"
    return f"{sorted(owned_process_area_ids(user))}:{sorted(edited_top_unit_ids(user))}"


def may_edit_any_cell(user: User) -> bool:
    """Whether the matrix should offer editing at all."""
    return user.is_authenticated and (
        user.is_administrator
        or any(a.role in (Role.PROCESS_OWNER, Role.UNIT_EDITOR) for a in user.assignments)
    )


def get_cell_for_user(
    user: User, *, process_slug: str, unit_slug: str, write: bool = False
) -> tuple[Process, Unit]:
    """The process and top-level unit of one cell: 404 when either does not exist (or the unit is
    a department), 403 when the user may read but not change it."""
    if not user.is_authenticated:
        raise Http404
    process = get_object_or_404(Process.objects.select_related("area", "owner"), slug=process_slug)
    unit = get_object_or_404(Unit.objects.top_level(), slug=unit_slug)
    if write and not can_edit_implementation(user, process=process, unit=unit):
        raise PermissionDenied
    return process, unit
