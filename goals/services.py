"""Workflows that change activities: create, update, withdraw, and telling co-operating units.

Forms validate what a person typed; these functions enforce the rules that must hold however an
activity is changed (a form, a command, a future API): who may write it, that nobody else saved
in between, and that a withdrawn activity stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from goals.models import Activity, Contribution, Cooperation, Goal
from vaxjo_riktning import outbox
from vaxjo_riktning.mail import send_once
from vaxjo_riktning.models import Role, RoleAssignment, Unit
from vaxjo_riktning.permissions import (
    can_edit_activity,
    editable_unit_ids,
    owned_process_area_ids,
)
from vaxjo_riktning.records import lock_at_version, save_version

if TYPE_CHECKING:
    from processes.models import Process
    from vaxjo_riktning.models import User

# Messages that forms and tests share. Lazy: they are rendered in the reader's language.
STALE_VERSION = _(
    "Someone else changed this activity while you were editing. Nothing was saved: reload the "
    "page to see their changes, then make yours again."
)
ACTIVITY_WITHDRAWN = _("This activity has been withdrawn and can no longer be changed.")
ALREADY_WITHDRAWN = _("This activity has already been withdrawn.")
WITHDRAW_REASON_REQUIRED = _("Give a reason for withdrawing the activity.")
NOT_ALLOWED_TO_EDIT = _("You may not change this activity.")
UNIT_NOT_ALLOWED = _("You may only choose a unit whose activities you edit.")
PROCESS_NOT_ALLOWED = _(
    "Choose a process in your own process area: you edit this unit's activities only through "
    "the processes you own."
)
END_BEFORE_START = _("The end date cannot be before the start date.")
COUNTERACTION_NEEDS_REASON = _(
    "Say why the activity counteracts the goal: a counteraction needs a reason."
)
DUPLICATE_GOAL = _("This goal is already linked above. Link each goal once.")
COOPERATING_IS_OWNER = _("The owning unit cannot also be a co-operating unit.")

# The Activity fields a caller may set through `data`; everything else is the service's own.
ACTIVITY_FIELDS = (
    "title",
    "description",
    "owner_unit",
    "responsible",
    "status",
    "start_date",
    "end_date",
    "budget_sek",
    "process",
)


class ContributionData(TypedDict):
    """One goal link as the caller wants it after the save."""

    goal: Goal
    effect: str
    reason: str


def user_may_write_activity_in(
    *, user: User, owner_unit: Unit | None, process: Process | None
) -> bool:
    """Whether the user may own an activity with this unit and process: administrators always,
    unit editors in their units, process owners in any unit when the process is theirs."""
    if user.is_administrator:
        return True
    if owner_unit is not None and owner_unit.pk in editable_unit_ids(user):
        return True
    return process is not None and process.area_id in owned_process_area_ids(user)


def _check_may_write(*, user: User, owner_unit: Unit, process: Process | None) -> None:
    if user_may_write_activity_in(user=user, owner_unit=owner_unit, process=process):
        return
    if owner_unit.pk not in editable_unit_ids(user) and not owned_process_area_ids(user):
        raise ValidationError({"owner_unit": UNIT_NOT_ALLOWED})
    raise ValidationError({"process": PROCESS_NOT_ALLOWED})


def _apply_data(activity: Activity, data: Mapping[str, Any]) -> None:
    for name in ACTIVITY_FIELDS:
        if name in data:
            setattr(activity, name, data[name])
    if activity.start_date and activity.end_date and activity.end_date < activity.start_date:
        raise ValidationError({"end_date": END_BEFORE_START})


def _sync_contributions(activity: Activity, wanted: Sequence[ContributionData]) -> None:
    """Make the activity's goal links match `wanted`, touching only rows that change, so the
    history shows "effect changed" rather than an unlink and a link."""
    by_goal: dict[int, ContributionData] = {}
    for row in wanted:
        if row["goal"].pk in by_goal:
            raise ValidationError(DUPLICATE_GOAL)
        if row["effect"] == Contribution.Effect.COUNTERACTS and not row["reason"].strip():
            raise ValidationError(COUNTERACTION_NEEDS_REASON)
        by_goal[row["goal"].pk] = row
    existing = {c.goal_id: c for c in activity.contributions.all()}
    for goal_id, unwanted in existing.items():
        if goal_id not in by_goal:
            unwanted.delete()
    for goal_id, row in by_goal.items():
        contribution = existing.get(goal_id)
        reason = row["reason"].strip()
        if contribution is None:
            Contribution.objects.create(
                activity=activity, goal=row["goal"], effect=row["effect"], reason=reason
            )
        elif (contribution.effect, contribution.reason) != (row["effect"], reason):
            contribution.effect, contribution.reason = row["effect"], reason
            contribution.save(update_fields=["effect", "reason"])


def _sync_cooperating_units(activity: Activity, units: Iterable[Unit]) -> list[int]:
    """Make the co-operating units match `units`; returns the ids of those newly named."""
    wanted = {u.pk for u in units} - {activity.owner_unit_id}
    current = set(activity.cooperations.values_list("unit_id", flat=True))
    removed = current - wanted
    if removed:
        # Deleted one by one so that each removal is its own history event.
        for cooperation in activity.cooperations.filter(unit_id__in=removed):
            cooperation.delete()
    added = sorted(wanted - current)
    Cooperation.objects.bulk_create(Cooperation(activity=activity, unit_id=pk) for pk in added)
    return added


def _notify_on_commit(activity: Activity, unit_ids: list[int]) -> None:
    """Mail the newly named co-operating units' editors once the save commits (the outbox keeps
    the mail while Redis is away)."""
    if not unit_ids:
        return
    from goals.tasks import activity_notify_cooperating_units_task

    outbox.enqueue(activity_notify_cooperating_units_task, activity.pk, unit_ids)


def _scan_overlaps_on_commit(activity: Activity) -> None:
    """Compare the saved activity with all others once the save is committed, and work the
    overview out anew for the next visitor."""
    from goals.tasks import overlap_scan_activities_task
    from vaxjo_riktning.tasks import overview_refresh_on_commit

    outbox.enqueue(overlap_scan_activities_task, [activity.pk])
    overview_refresh_on_commit()


@transaction.atomic
def activity_create(
    *,
    user: User,
    data: Mapping[str, Any],
    contributions: Sequence[ContributionData] = (),
    cooperating_units: Iterable[Unit] = (),
) -> Activity:
    activity = Activity(created_by=user)
    _apply_data(activity, data)
    activity.full_clean(exclude=["created_by", "withdrawn_by"])
    _check_may_write(user=user, owner_unit=activity.owner_unit, process=activity.process)
    activity.save()
    _sync_contributions(activity, contributions)
    added = _sync_cooperating_units(activity, cooperating_units)
    _notify_on_commit(activity, added)
    _scan_overlaps_on_commit(activity)
    return activity


@transaction.atomic
def activity_update(
    *,
    user: User,
    activity: Activity,
    version: int,
    data: Mapping[str, Any],
    contributions: Sequence[ContributionData] | None = None,
    cooperating_units: Iterable[Unit] | None = None,
) -> Activity:
    """Save the changes if the activity is still at `version`; otherwise refuse and change
    nothing. The row lock keeps two saves from both passing the version check."""
    locked = lock_at_version(
        Activity.objects.select_related("owner_unit", "process").filter(pk=activity.pk),
        version=version,
        stale_message=STALE_VERSION,
    )
    if locked is None:
        raise Activity.DoesNotExist
    if not can_edit_activity(user, locked):
        raise PermissionDenied(NOT_ALLOWED_TO_EDIT)
    if locked.is_withdrawn:
        raise ValidationError(ACTIVITY_WITHDRAWN)
    _apply_data(locked, data)
    locked.full_clean(exclude=["created_by", "withdrawn_by"])
    _check_may_write(user=user, owner_unit=locked.owner_unit, process=locked.process)
    save_version(locked, stale_message=STALE_VERSION)
    if contributions is not None:
        _sync_contributions(locked, contributions)
    added: list[int] = []
    if cooperating_units is not None:
        added = _sync_cooperating_units(locked, cooperating_units)
    else:
        # The owner may have become one of its own co-operating units: drop that link.
        locked.cooperations.filter(unit_id=locked.owner_unit_id).delete()
    _notify_on_commit(locked, added)
    _scan_overlaps_on_commit(locked)
    return locked


@transaction.atomic
def activity_withdraw(*, user: User, activity: Activity, reason: str) -> Activity:
    """Withdraw the activity: it stays readable with the reason, who and when; never deleted."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": WITHDRAW_REASON_REQUIRED})
    locked = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("process")
        .get(pk=activity.pk)
    )
    if not can_edit_activity(user, locked):
        raise PermissionDenied(NOT_ALLOWED_TO_EDIT)
    if locked.is_withdrawn:
        raise ValidationError(ALREADY_WITHDRAWN)
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_reason = reason
    locked.withdrawn_by = user
    locked.version += 1
    locked.save()
    return locked


def activity_notify_cooperating_units(*, activity: Activity, unit_ids: Iterable[int]) -> int:
    """E-mail the unit editors of the given units that their unit co-operates on the activity.
    Returns how many messages were sent."""
    # The units still co-operating on it, each by its link: a unit named, removed and named
    # again is a new link and a new mail; the same link is mailed about once (send_once).
    links = dict(
        activity.cooperations.filter(unit_id__in=list(unit_ids)).values_list("unit_id", "pk")
    )
    assignments = (
        RoleAssignment.objects.filter(role=Role.UNIT_EDITOR, unit_id__in=list(links))
        .exclude(user__email="")
        .filter(user__is_active=True)
        .select_related("user", "unit")
        .order_by("user_id", "unit__name")
    )
    recipients: dict[User, list[Unit]] = {}
    for assignment in assignments:
        if assignment.unit is not None:  # always: the filter above names the units
            recipients.setdefault(assignment.user, []).append(assignment.unit)
    if not recipients:
        return 0
    link = settings.SITE_URL + activity.get_absolute_url()
    sent = 0
    # Mail leaves outside any request: write it in the site's language, Swedish first.
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Your unit has been named as co-operating on %(activity)s") % {
            "activity": activity.title
        }
        for recipient, units in recipients.items():
            body = gettext(
                "%(units)s has been named as a co-operating unit on the activity "
                "“%(activity)s”, run by %(owner)s.\n\nRead the activity: %(link)s\n"
            ) % {
                "units": ", ".join(u.name for u in units),
                "activity": activity.title,
                "owner": activity.owner_unit.name,
                "link": link,
            }
            key = "cooperation:{}:{}:{}".format(
                activity.pk, recipient.pk, "-".join(str(links[u.pk]) for u in units)
            )
            sent += send_once(key=key, subject=subject, body=body, to=[recipient.email])
    return sent


def fold_kept_counts() -> None:
    """Fold the rows the database's triggers add to the overview's kept counts (the matrix's
    goals.CellTotal, the follow-up's GoalColourCount and ReportingCount: a row per change)
    into one row per cell, per period, council goal and colour, and per period and unit, so
    that adding them up stays a few thousand rows. Writers go on adding rows meanwhile; the
    sums do not change. The overview's refresh task calls it after changes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT goals_cell_totals_compact(), goals_goal_colour_counts_compact(),"
            " goals_reporting_counts_compact()"
        )
