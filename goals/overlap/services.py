"""Deciding about a pair and, for a duplicate, merging its two activities into one: one
transaction, so a merge that fails leaves the decision unsaved too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from goals import services as activity_services
from goals.models import Activity, OverlapSuggestion
from goals.overlap import scan
from goals.savings import services as savings
from vaxjo_riktning.permissions import can_edit_activity

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

Decision = OverlapSuggestion.Decision

MERGE_NEEDS_DUPLICATE = _("Only a duplicate can be merged into one activity.")
MERGE_NOT_ALLOWED = _(
    "You may not merge these activities: it takes someone who edits both of them."
)


def title_and_unit(activity: Activity) -> dict[str, str]:
    """An activity's title and owner unit, as the merge's choices and its withdrawal reason name
    it."""
    return {"title": activity.title, "unit": activity.owner_unit.name}


def may_merge(user: User, suggestion: OverlapSuggestion) -> bool:
    """Whether the user may merge the pair: both activities active, and the user edits both."""
    a, b = suggestion.activity_a, suggestion.activity_b
    return (
        not a.is_withdrawn
        and not b.is_withdrawn
        and can_edit_activity(user, a)
        and can_edit_activity(user, b)
    )


@transaction.atomic
def overlap_decide_and_merge(
    *,
    user: User,
    suggestion: OverlapSuggestion,
    decision: str,
    note: str = "",
    keep_id: int | None = None,
    saving: savings.ExpectedSaving | None = None,
) -> OverlapSuggestion:
    """Record the decision about the pair (scan.overlap_decide), for a duplicate with its
    expected saving, and, given ``keep_id``, merge the pair into that activity: the other one's
    unit co-operates on it, and the other one is withdrawn with a reason that names it. Only a
    duplicate is merged, by someone who edits both activities; all or nothing."""
    if keep_id is not None:
        if decision != Decision.DUPLICATE:
            raise ValidationError(MERGE_NEEDS_DUPLICATE)
        if keep_id not in (suggestion.activity_a_id, suggestion.activity_b_id) or not may_merge(
            user, suggestion
        ):
            raise ValidationError(MERGE_NOT_ALLOWED)
    decided = scan.overlap_decide(user=user, suggestion=suggestion, decision=decision, note=note)
    if saving is not None:
        a, b = suggestion.activity_a, suggestion.activity_b
        largest = max((a, b), key=lambda activity: (activity.budget_sek or 0, -activity.pk))
        savings.saving_record(
            user=user,
            pairs=[decided],
            title=largest.title,
            saving=saving,
            involved=savings.involved_units([a, b]),
        )
    if keep_id is not None:
        a, b = suggestion.activity_a, suggestion.activity_b
        keep, drop = (a, b) if keep_id == a.pk else (b, a)
        _merge(user=user, keep=keep, drop=drop)
    return decided


def _merge(*, user: User, keep: Activity, drop: Activity) -> None:
    """Make `keep` the one shared activity: `drop`'s unit co-operates on it, `drop` is withdrawn
    with a reason that names `keep`. Both through the activity services, so history, version
    checks and notifications to the co-operating unit happen as for any other change."""
    keep = Activity.objects.select_related("owner_unit", "process").get(pk=keep.pk)
    units = [*keep.cooperating_units.all(), drop.owner_unit]
    activity_services.activity_update(
        user=user, activity=keep, version=keep.version, data={}, cooperating_units=units
    )
    # The reason is public record: written in the site's language, as e-mails are.
    with translation.override(settings.LANGUAGE_CODE):
        reason = gettext("Merged into “%(title)s” (%(unit)s).") % title_and_unit(keep)
    activity_services.activity_withdraw(user=user, activity=drop, reason=reason)
