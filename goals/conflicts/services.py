"""The steps of a conflict: raised by the hurt unit, confirmed as resolved by each side, decided
by the chief executive or an administrator, withdrawn by the side that raised it. Each step is a
transaction that locks the conflict (or, when raising, the activity), checks who may take it and
that the conflict is still in a state that allows it, and saves; pghistory's triggers keep every
step in the history.

Views hand these functions what a form cleaned. They raise PermissionDenied for a user who may
not take the step and ValidationError, keyed by the form's field where there is one, for a step
the conflict's state or the input refuses.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals.conflicts import permissions
from goals.conflicts.models import Conflict, default_due_on
from goals.models import Activity, Goal

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

Outcome = Conflict.Outcome

# Messages that forms and tests share. Lazy: they are rendered in the reader's language.
REASON_REQUIRED = _(
    "Say how the activity works against your goal: a conflict needs a reason the other unit "
    "can answer."
)
OWN_ACTIVITY = _(
    "This activity is your own unit's (or one you edit): a conflict is raised against another "
    "unit's activity. Mark it “counteracts” on the activity instead, with the reason."
)
ACTIVITY_WITHDRAWN = _(
    "This activity has been withdrawn: there is nothing left to raise a conflict about."
)
ALREADY_RAISED = _(
    "Your unit has already raised a conflict about this activity and this goal, and it is not "
    "settled yet. Add to that one instead."
)
GOAL_NOT_YOURS = _("You may only raise a conflict for a goal your unit or process area owns.")
GOAL_WITHOUT_UNIT = _("This goal has no owning unit, so no unit can be said to be hurt.")
DUE_IN_PAST = _("The date to settle by cannot be in the past.")
TRADE_OFF_NEEDS_REASON = _(
    "Say why the trade-off is accepted: an accepted conflict needs a reason on record."
)
ALREADY_SETTLED = _("This conflict has already been settled.")
ALREADY_ESCALATED = _("This conflict has already been escalated to the municipal executive board.")
IS_WITHDRAWN = _("This conflict has been withdrawn.")
NOT_OPEN = _("Only an open conflict can be confirmed as resolved by the units.")
ALREADY_CONFIRMED = _("Your side has already confirmed that the conflict is resolved.")
WITHDRAW_REASON_REQUIRED = _("Give a reason for withdrawing the conflict.")
UNKNOWN_OUTCOME = _("Choose one of the outcomes.")

# The outcomes a decision may set (open is where every conflict starts).
DECISIONS = (Outcome.RESOLVED, Outcome.ACCEPTED, Outcome.ESCALATED)

OWNER_SIDE = "owner"
HURT_SIDE = "hurt"


@transaction.atomic
def conflict_raise(
    *, user: User, activity: Activity, goal: Goal, reason: str, due_on: date | None = None
) -> Conflict:
    """The user's unit (the goal's owning unit) says the activity works against the goal."""
    if not permissions.can_speak_for_goal(user, goal):
        raise PermissionDenied(GOAL_NOT_YOURS)
    # The activity's row lock makes two flags of the same pair wait for each other; the unique
    # constraint below is the last word.
    locked = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("owner_unit", "process")
        .get(pk=activity.pk)
    )
    if locked.is_withdrawn:
        raise ValidationError(ACTIVITY_WITHDRAWN)
    errors: dict[str, list[object]] = {}
    reason = reason.strip()
    if not reason:
        errors.setdefault("reason", []).append(REASON_REQUIRED)
    if due_on is None:
        due_on = default_due_on()
    elif due_on < timezone.localdate():
        errors.setdefault("due_on", []).append(DUE_IN_PAST)
    hurt_unit = goal.owner_unit
    if hurt_unit is None:
        errors.setdefault("goal", []).append(GOAL_WITHOUT_UNIT)
    elif permissions.is_own_activity(user, locked, goal):
        errors.setdefault("goal", []).append(OWN_ACTIVITY)
    elif (
        Conflict.objects.unsettled()
        .filter(activity=locked, goal=goal, hurt_unit=hurt_unit)
        .exists()
    ):
        errors.setdefault("goal", []).append(ALREADY_RAISED)
    if errors:
        raise ValidationError(errors)
    conflict = Conflict(
        activity=locked,
        goal=goal,
        hurt_unit=hurt_unit,
        reason=reason,
        due_on=due_on,
        raised_by=user,
    )
    try:
        with transaction.atomic():
            conflict.save()
    except IntegrityError:
        raise ValidationError({"goal": [ALREADY_RAISED]}) from None
    return conflict


def _lock(conflict: Conflict) -> Conflict:
    return (
        Conflict.objects.select_for_update(of=("self",))
        .select_related("activity__owner_unit", "activity__process", "goal")
        .get(pk=conflict.pk)
    )


@transaction.atomic
def conflict_decide(*, user: User, conflict: Conflict, outcome: str, note: str = "") -> Conflict:
    """The chief executive or an administrator settles the conflict, or escalates it to the
    municipal executive board; an escalated conflict is decided again when the board has."""
    if not permissions.can_decide_conflict(user):
        raise PermissionDenied
    locked = _lock(conflict)
    if locked.is_withdrawn:
        raise ValidationError(IS_WITHDRAWN)
    if locked.is_settled:
        raise ValidationError(ALREADY_SETTLED)
    if outcome not in DECISIONS:
        raise ValidationError({"outcome": [UNKNOWN_OUTCOME]})
    if outcome == Outcome.ESCALATED and locked.outcome == Outcome.ESCALATED:
        raise ValidationError({"outcome": [ALREADY_ESCALATED]})
    note = note.strip()
    if outcome == Outcome.ACCEPTED and not note:
        raise ValidationError({"note": [TRADE_OFF_NEEDS_REASON]})
    locked.outcome = outcome
    locked.decision_note = note
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.save()
    return locked


@transaction.atomic
def conflict_confirm_resolved(*, user: User, conflict: Conflict, side: str) -> Conflict:
    """One side says the conflict is resolved by a change; when both have, it is resolved."""
    locked = _lock(conflict)
    if side == OWNER_SIDE:
        allowed = permissions.can_confirm_for_owner(user, locked)
    elif side == HURT_SIDE:
        allowed = permissions.can_confirm_for_hurt(user, locked)
    else:
        allowed = False
    if not allowed:
        raise PermissionDenied
    if locked.is_withdrawn:
        raise ValidationError(IS_WITHDRAWN)
    if locked.outcome != Outcome.OPEN:
        raise ValidationError(NOT_OPEN)
    now = timezone.now()
    if side == OWNER_SIDE:
        if locked.owner_agreed_at is not None:
            raise ValidationError(ALREADY_CONFIRMED)
        locked.owner_agreed_by, locked.owner_agreed_at = user, now
    else:
        if locked.hurt_agreed_at is not None:
            raise ValidationError(ALREADY_CONFIRMED)
        locked.hurt_agreed_by, locked.hurt_agreed_at = user, now
    if locked.owner_agreed_at is not None and locked.hurt_agreed_at is not None:
        locked.outcome = Outcome.RESOLVED
        locked.decided_by, locked.decided_at = user, now
    locked.save()
    return locked


@transaction.atomic
def conflict_withdraw(*, user: User, conflict: Conflict, reason: str) -> Conflict:
    """The side that raised the conflict takes it back: it stays readable with the reason."""
    locked = _lock(conflict)
    if not permissions.can_withdraw_conflict(user, locked):
        raise PermissionDenied
    if locked.is_withdrawn:
        raise ValidationError(IS_WITHDRAWN)
    if locked.is_settled:
        raise ValidationError(ALREADY_SETTLED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [WITHDRAW_REASON_REQUIRED]})
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason
    locked.withdrawn_by = user
    locked.save()
    return locked
