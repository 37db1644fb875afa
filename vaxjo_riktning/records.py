"""What Riktning's records share, whatever app they belong to.

- Public records (goals, activities, job ads) are never deleted: they are withdrawn with a
  reason and stay readable (Withdrawable).
- Records that people edit at the same time carry a version raised by every save. A save made
  from an older version is refused rather than silently overwriting what a colleague saved in
  between (Versioned, lock_at_version, save_version, StaleVersion).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class WithdrawableQuerySet(models.QuerySet[Any]):
    def active(self) -> Self:
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self) -> Self:
        return self.filter(withdrawn_at__isnull=False)


class Withdrawable(models.Model):
    """Public records are never deleted: they are withdrawn, with a reason, and stay readable."""

    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Versioned(models.Model):
    """A record edited by several people: every save raises `version` (1 for the first)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class StaleVersion(ValidationError):
    """The record changed since the version the person started from. A ValidationError, so a
    form shows the message like any other refusal; `current` is the record as it is now (None
    when it still does not exist), for a page that shows what the colleague saved."""

    def __init__(self, message: StrOrPromise, *, current: models.Model | None = None) -> None:
        super().__init__(message)
        self.current = current


V = TypeVar("V", bound=Versioned)


def lock_at_version(
    queryset: models.QuerySet[V], *, version: int, stale_message: StrOrPromise
) -> V | None:
    """The one record `queryset` names, under a row lock, if it is still at `version`, or None
    when it does not exist yet and `version` is 0. Raises StaleVersion otherwise.

    Call it inside a transaction: the lock is what keeps two saves from both passing the check.
    """
    row = queryset.select_for_update(of=("self",)).first()
    if (row.version if row is not None else 0) != version:
        raise StaleVersion(stale_message, current=row)
    return row


def save_version(row: Versioned, *, stale_message: StrOrPromise) -> None:
    """Save the record as its next version: raise `version` and save, or insert the first
    version (1) of a record that is new. When two people's first saves race, the unique key
    refuses the second, and that is a stale version, not an error. Call it on a row that
    lock_at_version gave (or a new one where it gave None)."""
    if not row._state.adding:
        row.version += 1
        row.save()
        return
    row.version = 1
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise StaleVersion(stale_message, current=None) from None
