"""Recording a duplicate decision's expected saving. The realised saving is reported in the
follow-up (goals.followup.services.saving_report), where the unit's year-end report asks for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from goals.kronor import BelowZero, NotKronor, whole_kronor
from goals.models import Activity, OverlapSuggestion
from goals.savings.models import CoordinationSaving
from vaxjo_riktning.models import Unit

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

# Messages that forms and tests share. Lazy: they are rendered in the reader's language.
NOT_KRONOR = _("Write the saving in whole kronor, such as 250 000.")
BELOW_ZERO = _("A saving cannot be below zero.")
ONLY_DUPLICATE = _("Only work decided as a duplicate records a saving.")
UNIT_REQUIRED = _("Choose the administration or company that reports what was saved.")
UNIT_NOT_INVOLVED = _("Choose one of the administrations or companies that run the work.")


def parse_kronor(text: str | int | None) -> int | None:
    """Whole kronor from what a person typed ("250 000", "250 000 kr"; goals.kronor reads them as
    the activity import does), None when empty. Raises ValidationError for anything else, and
    for a sum below zero."""
    if text is None:
        return None
    try:
        return whole_kronor(str(text))
    except BelowZero:
        raise ValidationError(BELOW_ZERO, code="min_value") from None
    except NotKronor:
        raise ValidationError(NOT_KRONOR, code="invalid") from None


@dataclass(frozen=True)
class ExpectedSaving:
    """What a decider typed: the saving a year, and the unit that reports what it became."""

    kronor: int
    reporting_unit: Unit


def involved_units(activities: Sequence[Activity]) -> list[Unit]:
    """The administrations and companies that run the activities (their top-level units), the
    one with the largest budget first: the default unit to report the saving. No query when the
    activities come with owner_unit__top_unit."""
    budget: dict[int, int] = {}
    units: dict[int, Unit] = {}
    for activity in activities:
        top = activity.owner_unit.top_unit or activity.owner_unit
        units[top.pk] = top
        budget[top.pk] = budget.get(top.pk, 0) + (activity.budget_sek or 0)
    return sorted(units.values(), key=lambda unit: (-budget[unit.pk], unit.name))


def saving_record(
    *,
    user: User,
    pairs: Sequence[OverlapSuggestion],
    title: str,
    saving: ExpectedSaving,
    involved: Sequence[Unit],
) -> CoordinationSaving:
    """Record the expected saving of pairs just decided as duplicates (call it inside the
    decision's transaction) and point the pairs to it."""
    if any(pair.decision != OverlapSuggestion.Decision.DUPLICATE for pair in pairs):
        raise ValidationError({"expected_saving": ONLY_DUPLICATE})
    if saving.reporting_unit.pk not in {unit.pk for unit in involved}:
        raise ValidationError({"saving_unit": UNIT_NOT_INVOLVED})
    recorded = CoordinationSaving.objects.create(
        title=title[:300],
        expected_sek=saving.kronor,
        reporting_unit=saving.reporting_unit,
        decided_by=user,
    )
    OverlapSuggestion.objects.filter(pk__in=[pair.pk for pair in pairs]).update(saving=recorded)
    return recorded
