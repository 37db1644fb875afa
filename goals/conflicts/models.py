"""A conflict between units: one unit flags another unit's activity as working against one of
its goals. Imported by goals.models, so this is the goals app's model.

A unit's own "counteracts" on an activity (Contribution) is what the running unit says of itself;
a Conflict is what the hurt unit says of someone else's activity, and it must be settled: resolved
by a change, accepted as a deliberate trade-off, or escalated to the municipal executive board.
Conflicts are public records: never deleted, withdrawn with a reason by the side that raised them.
"""

from __future__ import annotations

from datetime import date, timedelta

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vaxjo_riktning.records import Withdrawable, WithdrawableQuerySet

# A unit answers within a month by default: most boards (nämnder) and company boards meet about
# monthly, so either side can take the conflict to its board before it is due.
DEFAULT_DUE_DAYS = 30


def default_due_on() -> date:
    return timezone.localdate() + timedelta(days=DEFAULT_DUE_DAYS)


class ConflictQuerySet(WithdrawableQuerySet):
    def visible_to(self, user) -> ConflictQuerySet:
        """What the user may read. Conflicts between public bodies are public record like the
        activities they concern: every signed-in user reads them (the owning unit, the flagging
        unit and the chief executive among them); anonymous visitors read none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self

    def unsettled(self) -> ConflictQuerySet:
        """Not withdrawn and not settled: open, or escalated and waiting for the board."""
        return self.active().filter(outcome__in=Conflict.UNSETTLED)

    def open(self) -> ConflictQuerySet:
        """Waiting for the units or the chief executive: not withdrawn, no outcome yet."""
        return self.active().filter(outcome=Conflict.Outcome.OPEN)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), model_name="ConflictEvent")
class Conflict(Withdrawable):
    """A unit's claim that another unit's activity works against one of the unit's goals, and
    how it was settled."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved by a change")
        ACCEPTED = "accepted", _("Accepted as a deliberate trade-off")
        ESCALATED = "escalated", _("Escalated to the municipal executive board")

    UNSETTLED = (Outcome.OPEN, Outcome.ESCALATED)

    activity = models.ForeignKey(
        "goals.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="conflicts",
    )
    goal = models.ForeignKey(
        "goals.Goal", verbose_name=_("goal"), on_delete=models.PROTECT, related_name="conflicts"
    )
    # The goal's owning unit when the conflict was raised: the unit that is hurt and that raised
    # it. Kept, so a goal moved to another unit later does not move its conflicts.
    hurt_unit = models.ForeignKey(
        "vaxjo_riktning.Unit",
        verbose_name=_("hurt unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose goal the activity works against; it raised the conflict."),
    )
    reason = models.TextField(_("reason"))
    due_on = models.DateField(_("to be settled by"), default=default_due_on)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # "Resolved" may also be reached by both units agreeing: each side confirms once.
    owner_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved, confirmed for the running unit by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_agreed_at = models.DateTimeField(
        _("resolved, confirmed for the running unit at"), null=True, blank=True
    )
    hurt_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved, confirmed for the hurt unit by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hurt_agreed_at = models.DateTimeField(
        _("resolved, confirmed for the hurt unit at"), null=True, blank=True
    )

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("goal conflict")
        verbose_name_plural = _("goal conflicts")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="conflict_has_reason"),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawn_reason=""),
                name="conflict_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="accepted") | ~models.Q(decision_note=""),
                name="conflict_trade_off_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="open") | models.Q(decided_at__isnull=False),
                name="conflict_decision_has_time",
            ),
            # One unsettled conflict per activity, goal and unit: a second flag adds nothing.
            models.UniqueConstraint(
                fields=["activity", "goal", "hurt_unit"],
                condition=models.Q(outcome__in=["open", "escalated"], withdrawn_at__isnull=True),
                name="conflict_unsettled_once",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "due_on"], name="conflict_outcome_due")]

    def __str__(self) -> str:
        return f"{self.activity} ↯ {self.goal}"

    def get_absolute_url(self) -> str:
        return reverse("goals:conflict_detail", kwargs={"pk": self.pk})

    @property
    def is_settled(self) -> bool:
        return self.outcome not in self.UNSETTLED

    @property
    def is_overdue(self) -> bool:
        return (
            not self.is_withdrawn
            and self.outcome == self.Outcome.OPEN
            and self.due_on < timezone.localdate()
        )

    @property
    def kronor_at_stake(self) -> int | None:
        """The activity's budget as it is now: what the running unit spends on the work."""
        return self.activity.budget_sek

    @property
    def resolved_by_agreement(self) -> bool:
        return (
            self.outcome == self.Outcome.RESOLVED
            and self.owner_agreed_at is not None
            and self.hurt_agreed_at is not None
        )
