"""Indicator values entered by hand on the goal page."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from goals.models import Indicator, Measurement
from vaxjo_riktning.permissions import can_record_measurements

if TYPE_CHECKING:
    from vaxjo_riktning.models import User

# Stored as the source of a value entered by hand, so a later Kolada import never removes it.
BY_HAND_SOURCE = ""


class MeasurementForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)


@transaction.atomic
def measurement_record(
    *, user: User, indicator: Indicator, year: int, value: Decimal
) -> Measurement:
    """Set the indicator's value for a year (a value already there for the year is replaced)."""
    if not can_record_measurements(user, indicator.goal.owner_unit_id):
        raise PermissionDenied
    measurement, _created = Measurement.objects.update_or_create(
        indicator=indicator,
        year=year,
        period="",
        defaults={"value": value, "source": BY_HAND_SOURCE},
    )
    return measurement
