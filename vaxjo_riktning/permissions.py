"""Who may change what, from the roles a user holds.

Reading is open to every signed-in user (see ActivityQuerySet.visible_to); these rules decide
writing. A unit editor writes the activities of their unit and of every department below it; a
process owner writes the activities in their process area, whichever unit runs them; an
administrator writes everything. The chief executive, readers and recruiters read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaxjo_riktning.models import Role, Unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from goals.models import Activity
    from vaxjo_riktning.models import User


def editable_unit_ids(user: User | AnonymousUser) -> set[int]:
    """The units whose activities the user may write as a unit editor."""
    if not user.is_authenticated:
        return set()
    # Kept on the user object (one per request), so a page that asks several times reads the
    # unit tree once.
    if "_editable_unit_ids" not in user.__dict__:
        # (A unit editor's assignment always has a unit: a check constraint says so.)
        roots = {
            a.unit_id
            for a in user.assignments
            if a.role == Role.UNIT_EDITOR and a.unit_id is not None
        }
        user.__dict__["_editable_unit_ids"] = Unit.subtree_ids(roots) if roots else set()
    ids: set[int] = user.__dict__["_editable_unit_ids"]
    return ids


def owned_process_area_ids(user: User | AnonymousUser) -> set[int]:
    """The process areas whose activities the user may write as a process owner."""
    if not user.is_authenticated:
        return set()
    # (A process owner's assignment always has a process area: a check constraint says so.)
    return {
        a.process_area_id
        for a in user.assignments
        if a.role == Role.PROCESS_OWNER and a.process_area_id is not None
    }


def may_write_activities(user: User | AnonymousUser) -> bool:
    """Whether the user may write any activity at all (to show or hide "new activity")."""
    return user.is_authenticated and (
        user.is_administrator
        or any(a.role in (Role.UNIT_EDITOR, Role.PROCESS_OWNER) for a in user.assignments)
    )


def can_edit_activity(user: User | AnonymousUser, activity: Activity) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    # (A null foreign key reads as None without a query.)
    if activity.process is not None and activity.process.area_id in owned_process_area_ids(user):
        return True
    return activity.owner_unit_id in editable_unit_ids(user)


def can_record_measurements(user: User | AnonymousUser, owner_unit_id: int | None) -> bool:
    """Whether the user may enter an indicator's values by hand: administrators, and the editors
    of the unit that owns the indicator's goal (or a unit above it)."""
    if not user.is_authenticated:
        return False
    if user.is_administrator:
        return True
    return owner_unit_id is not None and owner_unit_id in editable_unit_ids(user)
