"""Calendar months: the arithmetic that applicants' retention and the backups' expiry share."""

from __future__ import annotations

from datetime import datetime


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus `months` calendar months (fewer when negative), on the last day of a
    shorter month when the day does not exist there: 31 August plus six months is 28 (or 29)
    February."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)
