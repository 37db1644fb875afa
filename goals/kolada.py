"""Indicator values from Kolada, Sweden's open database of municipal key figures.

Kolada's v3 API answers /data/kpi/{kpi}/municipality/{municipality}/year/{years} with
``{"count": n, "values": [{"kpi", "municipality", "period", "values": [{"gender", "status",
"value", ...}]}], "next_url": ...}``; a long answer comes in pages, each pointing to the next
with ``next_url``. A year whose value is null or whose status is "Missing" has no figure: it is
kept as missing (no measurement), never as 0.

Every page of an indicator is read and checked before anything is written, and the indicator's
values are then written in one transaction: a malformed or cut-off answer, or a KPI id Kolada
does not know, leaves that indicator exactly as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals.models import Indicator, Measurement

logger = logging.getLogger(__name__)

# The source a Kolada value is stored with; the chart shows "Källa: Kolada" where it finds it.
KOLADA_SOURCE = "Kolada"
# A guard against a next_url that loops.
MAX_PAGES = 100


class KoladaError(Exception):
    """Kolada's answer could not be used; the message says why, in plain words."""


@dataclass
class IndicatorResult:
    indicator: Indicator
    written: int = 0
    unchanged: int = 0
    missing: int = 0
    error: str = ""


@dataclass
class ImportSummary:
    results: list[IndicatorResult] = field(default_factory=list)

    @property
    def failed(self) -> list[IndicatorResult]:
        return [r for r in self.results if r.error]


def _years(years: int) -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year - years, this_year + 1))


def _get_json(session: requests.Session, url: str, *, kpi: str) -> dict:
    try:
        response = session.get(url, timeout=settings.KOLADA_TIMEOUT)
    except requests.RequestException as exc:
        raise KoladaError(
            _("Kolada could not be reached for %(kpi)s: %(error)s") % {"kpi": kpi, "error": exc}
        ) from exc
    if response.status_code in (400, 404):
        raise KoladaError(
            _("Kolada does not know the KPI id %(kpi)s (HTTP %(status)s).")
            % {"kpi": kpi, "status": response.status_code}
        )
    if response.status_code != 200:
        raise KoladaError(
            _("Kolada answered HTTP %(status)s for %(kpi)s.")
            % {"kpi": kpi, "status": response.status_code}
        )
    try:
        payload = response.json()
    except ValueError as exc:
        raise KoladaError(
            _("Kolada's answer for %(kpi)s is not valid JSON (malformed or cut off).")
            % {"kpi": kpi}
        ) from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
        raise KoladaError(_("Kolada's answer for %(kpi)s has no list of values.") % {"kpi": kpi})
    return payload


def _not_a_number(kpi: str, year: int, raw) -> str:
    return _("Kolada's value for %(kpi)s in %(year)s is not a number: %(value)s.") % {
        "kpi": kpi,
        "year": year,
        "value": repr(raw),
    }


def _parse_value(raw, *, kpi: str, year: int) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise KoladaError(_not_a_number(kpi, year, raw))
    try:
        value = Decimal(str(raw))
    except InvalidOperation as exc:
        raise KoladaError(_not_a_number(kpi, year, raw)) from exc
    if not value.is_finite():
        raise KoladaError(_not_a_number(kpi, year, raw))
    return value.quantize(Decimal("0.01"))


def fetch_kpi_values(
    *, kpi: str, municipality: str, years: list[int], session: requests.Session | None = None
) -> dict[int, Decimal | None]:
    """The KPI's total (gender T) value per year, None where Kolada says it is missing. Reads
    every page; raises KoladaError if any page cannot be used."""
    session = session or requests.Session()
    year_list = ",".join(str(y) for y in years)
    url: str | None = (
        f"{settings.KOLADA_BASE_URL}/data/kpi/{kpi}/municipality/{municipality}/year/{year_list}"
    )
    values: dict[int, Decimal | None] = {}
    pages = 0
    while url:
        pages += 1
        if pages > MAX_PAGES:
            raise KoladaError(
                _("Kolada's answer for %(kpi)s runs past %(pages)s pages.")
                % {"kpi": kpi, "pages": MAX_PAGES}
            )
        payload = _get_json(session, url, kpi=kpi)
        for row in payload["values"]:
            if not isinstance(row, dict) or not isinstance(row.get("values"), list):
                raise KoladaError(
                    _("Kolada's answer for %(kpi)s has a row without values.") % {"kpi": kpi}
                )
            if row.get("kpi", kpi) != kpi or str(row.get("municipality", municipality)) != (
                municipality
            ):
                continue
            try:
                year = int(row["period"])
            except (KeyError, TypeError, ValueError) as exc:
                raise KoladaError(
                    _("Kolada's answer for %(kpi)s has a row without a year.") % {"kpi": kpi}
                ) from exc
            for entry in row["values"]:
                if not isinstance(entry, dict):
                    raise KoladaError(
                        _("Kolada's answer for %(kpi)s has a malformed value.") % {"kpi": kpi}
                    )
                if entry.get("gender", "T") != "T":
                    continue
                if str(entry.get("status") or "").lower() == "missing":
                    values[year] = None
                else:
                    values[year] = _parse_value(entry.get("value"), kpi=kpi, year=year)
        next_url = payload.get("next_url")
        if next_url is not None and not isinstance(next_url, str):
            raise KoladaError(
                _("Kolada's answer for %(kpi)s has a malformed next_url.") % {"kpi": kpi}
            )
        url = next_url or None
    return values


@transaction.atomic
def indicator_store_kolada_values(
    *, indicator: Indicator, values: dict[int, Decimal | None]
) -> IndicatorResult:
    """Upsert the indicator's yearly Kolada values (period blank); a year Kolada marks missing
    removes an earlier Kolada value for that year but never a value entered by hand."""
    result = IndicatorResult(indicator=indicator)
    existing = {
        m.year: m
        for m in Measurement.objects.select_for_update().filter(indicator=indicator, period="")
    }
    for year, value in sorted(values.items()):
        current = existing.get(year)
        if value is None:
            result.missing += 1
            if current is not None and current.source == KOLADA_SOURCE:
                current.delete()
            continue
        if current is None:
            Measurement.objects.create(
                indicator=indicator, year=year, period="", value=value, source=KOLADA_SOURCE
            )
            result.written += 1
        elif current.value == value and current.source == KOLADA_SOURCE:
            result.unchanged += 1
        else:
            current.value = value
            current.source = KOLADA_SOURCE
            current.save(update_fields=["value", "source"])
            result.written += 1
    return result


def import_kolada(
    *, indicators=None, municipality: str | None = None, years: int | None = None
) -> ImportSummary:
    """Import every indicator that has a Kolada KPI id; one indicator's failure is reported and
    leaves it unchanged, the others go on."""
    municipality = municipality or settings.KOLADA_MUNICIPALITY
    year_list = _years(years or settings.KOLADA_YEARS)
    if indicators is None:
        indicators = Indicator.objects.exclude(kolada_kpi="").order_by("pk")
    summary = ImportSummary()
    session = requests.Session()
    session.headers["Accept"] = "application/json"
    for indicator in indicators:
        kpi = indicator.kolada_kpi.strip()
        try:
            values = fetch_kpi_values(
                kpi=kpi, municipality=municipality, years=year_list, session=session
            )
            result = indicator_store_kolada_values(indicator=indicator, values=values)
        except KoladaError as exc:
            result = IndicatorResult(indicator=indicator, error=str(exc))
            logger.warning("Kolada import of indicator %s (%s): %s", indicator.pk, kpi, exc)
        summary.results.append(result)
    return summary
