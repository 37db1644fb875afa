"""Changes to the processes: a unit's stage in taking a process in, reassigning an activity to a
process, and a process owner's comment on an activity.

The rules hold however the change is made (the matrix, the cockpit, a command): who may change
it, that the stage is on the scale, and that nobody else saved the cell in between.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from goals import services as goal_services
from processes.models import ActivityComment, Implementation, Process, Stage
from processes.permissions import can_edit_implementation
from vaxjo_riktning.permissions import can_edit_activity, owned_process_area_ids
from vaxjo_riktning.records import lock_at_version, save_version

if TYPE_CHECKING:
    from goals.models import Activity
    from vaxjo_riktning.models import Unit, User

STAGE_NOT_ON_SCALE = _(
    "Choose a stage on the scale: not started, planned, introduced, in use or followed up."
)
NOT_ALLOWED_CELL = _("You may not change this unit's rollout of this process.")
STALE_CELL = _(
    "Someone else changed this cell while you were editing. Nothing was saved: the current value "
    "is shown; make your change again if it still applies."
)
CONTACT_TOO_LONG = _("Keep the contact person to at most 200 characters.")
NOTE_TOO_LONG = _("Keep the note to at most 2,000 characters.")
COMMENT_REQUIRED = _("Write a comment.")
COMMENT_TOO_LONG = _("Keep the comment to at most 2,000 characters.")
NOT_YOUR_PROCESS = _("Choose one of the processes you own.")
NOT_ALLOWED_ACTIVITY = _("You may only handle activities of your own processes here.")


def implementation_set(
    *,
    user: User,
    process: Process,
    unit: Unit,
    stage: str,
    contact: str,
    note: str,
    version: int,
) -> Implementation:
    """Set a unit's stage, contact and note for a process, if the cell is still at `version` (0:
    nobody has written it yet). Raises PermissionDenied, ValidationError or StaleVersion and then
    changes nothing. The row lock keeps two saves from both passing the version check."""
    if not can_edit_implementation(user, process=process, unit=unit):
        raise PermissionDenied(NOT_ALLOWED_CELL)
    errors = {}
    if stage not in Stage.values:
        errors["stage"] = STAGE_NOT_ON_SCALE
    contact, note = contact.strip(), note.strip()
    if len(contact) > 200:
        errors["contact"] = CONTACT_TOO_LONG
    if len(note) > 2000:
        errors["note"] = NOTE_TOO_LONG
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = lock_at_version(
            Implementation.objects.filter(process=process, unit=unit),
            version=version,
            stale_message=STALE_CELL,
        )
        if current is None:
            current = Implementation(process=process, unit=unit)
        elif (current.stage, current.contact, current.note) == (stage, contact, note):
            return current
        current.stage, current.contact, current.note = stage, contact, note
        current.updated_by = user
        current.updated_at = timezone.now()
        save_version(current, stale_message=STALE_CELL)
        return current


@transaction.atomic
def activity_reassign_process(
    *, user: User, activity: Activity, process: Process, version: int
) -> Activity:
    """Move an activity to another process of the owner's own area (through goals.services, so
    the version check, the history and the overlap scan work as for any edit)."""
    if process.area_id not in owned_process_area_ids(user) and not user.is_administrator:
        raise ValidationError({"process": NOT_YOUR_PROCESS})
    if not can_edit_activity(user, activity):
        raise PermissionDenied(NOT_ALLOWED_ACTIVITY)
    return goal_services.activity_update(
        user=user, activity=activity, version=version, data={"process": process}
    )


@transaction.atomic
def activity_comment_create(*, user: User, activity: Activity, text: str) -> ActivityComment:
    """A process owner's comment on an activity of their own process area."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": COMMENT_REQUIRED})
    if len(text) > 2000:
        raise ValidationError({"text": COMMENT_TOO_LONG})
    # (A null foreign key reads as None without a query.)
    owns = activity.process is not None and activity.process.area_id in owned_process_area_ids(user)
    if not (owns or user.is_administrator):
        raise PermissionDenied(NOT_ALLOWED_ACTIVITY)
    return ActivityComment.objects.create(
        activity=activity, process_id=activity.process_id, author=user, text=text
    )
