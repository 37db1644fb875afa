"""Who may do what with a conflict, and the per-object lookups the views use.

- Raise: a unit editor for the goals their units own (departments' goals included), a process
  owner for the goals the processes of their area serve (Process.goals), an administrator for
  any goal with an owning unit. Never on an activity of the goal's own administration or
  company, nor on one the user may edit themselves: that is "counteracts" on the activity.
- Confirm "resolved" for a side: for the running unit, whoever may edit the activity; for the
  hurt unit, whoever may raise a conflict for the goal.
- Decide an outcome: the chief executive or an administrator.
- Withdraw: the hurt unit's side (whoever may raise a conflict for the goal), or an administrator.
- Read: every signed-in user (ConflictQuerySet.visible_to).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from goals.conflicts.models import Conflict
from goals.models import Activity, Goal
from vaxjo_riktning.permissions import (
    can_edit_activity,
    editable_unit_ids,
    may_write_activities,
    owned_process_area_ids,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vaxjo_riktning.models import User

    AnyUser = User | AnonymousUser


def flaggable_goals(user: AnyUser) -> QuerySet[Goal]:
    """The goals the user may raise a conflict for: active council and unit goals with an owning
    unit, narrowed to the user's units and process areas."""
    goals = Goal.objects.active().exclude(level=Goal.Level.VISION).filter(owner_unit__isnull=False)
    if not user.is_authenticated:
        return goals.none()
    if user.is_administrator:
        return goals
    units, areas = editable_unit_ids(user), owned_process_area_ids(user)
    if not units and not areas:
        return goals.none()
    return goals.filter(
        Q(owner_unit_id__in=units)
        | Q(pk__in=Goal.objects.filter(processes__area_id__in=areas).values("pk"))
    )


def can_speak_for_goal(user: AnyUser, goal: Goal) -> bool:
    """Whether the user acts for the unit whose goal this is (one query for a process owner)."""
    if not user.is_authenticated:
        return False
    if user.is_administrator or goal.owner_unit_id in editable_unit_ids(user):
        return True
    areas = owned_process_area_ids(user)
    return bool(areas) and goal.processes.filter(area_id__in=areas).exists()


def is_own_activity(user: AnyUser, activity: Activity, goal: Goal) -> bool:
    """The activity belongs to the goal's own administration or company, or the user may edit it
    (not as an administrator): the unit says "counteracts" on its own activity instead."""
    goal_unit = goal.owner_unit
    if goal_unit is not None and activity.owner_unit.top_unit_id == goal_unit.top_unit_id:
        return True
    return not user.is_administrator and can_edit_activity(user, activity)


def can_flag_activity(user: AnyUser, activity: Activity) -> bool:
    """Whether to offer "flag as working against our goal" on the activity's page."""
    if activity.is_withdrawn or not may_write_activities(user):
        return False
    return user.is_administrator or not can_edit_activity(user, activity)


def can_decide_conflict(user: AnyUser) -> bool:
    return user.is_authenticated and (user.is_administrator or user.is_chief_executive)


def can_confirm_for_owner(user: AnyUser, conflict: Conflict) -> bool:
    return can_edit_activity(user, conflict.activity)


def can_confirm_for_hurt(user: AnyUser, conflict: Conflict) -> bool:
    return can_speak_for_goal(user, conflict.goal)


def can_withdraw_conflict(user: AnyUser, conflict: Conflict) -> bool:
    return can_speak_for_goal(user, conflict.goal)


CONFLICT_RELATED = (
    "activity__owner_unit__top_unit",
    "activity__process__area",
    "goal__owner_unit",
    "goal__council_goal",
    "hurt_unit",
    "raised_by",
    "decided_by",
    "owner_agreed_by",
    "hurt_agreed_by",
    "withdrawn_by",
)


def get_conflict_for_user(request: HttpRequest, pk: int) -> Conflict:
    """The conflict with what its page shows, or 404 for what the user may not see."""
    return get_object_or_404(
        Conflict.objects.visible_to(request.user).select_related(*CONFLICT_RELATED), pk=pk
    )
