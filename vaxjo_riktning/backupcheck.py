"""How long backups are kept, and the system check that keeps it within the recruitment retention.

A backup holds applicants' data as it was when it was taken. The retention job erases the data of
applicants who were not hired RECRUITMENT_RETENTION_MONTHS after their recruitment closed; a
backup kept longer than that could bring back, on a restore, data the law says is gone. So
`prune_backups` removes backups after BACKUP_KEEP_DAYS or the retention period, whichever is
shorter, and riktning.W101 warns when BACKUP_KEEP_DAYS asks for longer.

Here in the bottom layer, beside the settings it reads, so that the app's config can register the
check; the commands that use the expiry sit above it (vaxjo_riktning/backups/).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register
from django.utils import timezone

from vaxjo_riktning.calendar import add_months


def months_before(moment: datetime, months: int) -> datetime:
    """`moment` less `months` calendar months, as recruitment's retention counts them."""
    return add_months(moment, -months)


def retention_months() -> int:
    """The shortest time applicants' data is kept: after a closed recruitment or after the last
    day to apply of an ad nobody closed."""
    return min(
        settings.RECRUITMENT_RETENTION_MONTHS, settings.RECRUITMENT_RETENTION_MONTHS_UNCLOSED
    )


def retention_period(now: datetime | None = None) -> timedelta:
    """The retention as a span of days ending `now` (its length moves a day or two with the
    months it covers)."""
    now = now or timezone.now()
    return now - months_before(now, retention_months())


def backup_expiry(now: datetime | None = None) -> timedelta:
    """How long a backup is kept: BACKUP_KEEP_DAYS, capped by the recruitment retention."""
    return min(timedelta(days=settings.BACKUP_KEEP_DAYS), retention_period(now))


@register()
def check_backup_keep_days(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    retention = retention_period()
    if timedelta(days=settings.BACKUP_KEEP_DAYS) <= retention:
        return []
    return [
        Warning(
            f"BACKUP_KEEP_DAYS is {settings.BACKUP_KEEP_DAYS} days, longer than the recruitment "
            f"retention ({retention_months()} months, {retention.days} days today): backups "
            f"would keep applicants' data the retention job has erased.",
            hint=f"prune_backups removes backups after {retention.days} days all the same; set "
            f"BACKUP_KEEP_DAYS to {retention.days} or fewer to say so.",
            id="riktning.W101",
        )
    ]
