"""Reminder e-mails before a period's deadline to the editors of units whose report is not yet
marked ready: at most one per person and deadline, however often the job runs.

The SentReminder row is written in the same transaction as the mail is sent: a second run finds
it and skips the person, two runs at once meet on its unique constraint, and a mail that fails
rolls the row back so the next run tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext

from goals.followup import selectors
from goals.followup.models import ReportingPeriod, SentReminder
from vaxjo_riktning.models import Role, RoleAssignment, User

# Reminders go out during the last week before the deadline, the deadline itself included.
DAYS_BEFORE = 7


@dataclass
class ReminderResult:
    periods: int = 0
    sent: int = 0
    already_sent: int = 0


def periods_due(today: date) -> list[ReportingPeriod]:
    """Open periods whose deadline is today or within the coming week."""
    return list(
        ReportingPeriod.objects.open()
        .filter(deadline__gte=today, deadline__lte=today + timedelta(days=DAYS_BEFORE))
        .order_by("deadline", "pk")
    )


def people_to_remind(period: ReportingPeriod) -> dict[User, list[selectors.UnitProgress]]:
    """The active editors, with an e-mail address, of every administration or company that has
    something to report and has not marked its report ready, department editors included."""
    waiting = {
        row.unit.pk: row
        for row in selectors.group_progress(period).rows
        if row.has_anything and not row.is_ready
    }
    if not waiting:
        return {}
    assignments = (
        RoleAssignment.objects.filter(role=Role.UNIT_EDITOR, unit__top_unit_id__in=list(waiting))
        .filter(user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "unit")
        .order_by("user_id", "unit__sort_order", "unit__name")
    )
    people: dict[User, list[selectors.UnitProgress]] = {}
    for assignment in assignments:
        rows = people.setdefault(assignment.user, [])
        row = waiting[assignment.unit.top_unit_id]
        if row not in rows:
            rows.append(row)
    return people


def _message(period: ReportingPeriod, rows: list[selectors.UnitProgress]) -> tuple[str, str]:
    deadline = formats.date_format(period.deadline, "j F Y")
    subject = gettext("Reminder: the report for %(period)s is due %(deadline)s") % {
        "period": period,
        "deadline": deadline,
    }
    lines = [
        gettext(
            "The report for %(period)s is due %(deadline)s, and it is not yet marked ready for:"
        )
        % {"period": period, "deadline": deadline},
        "",
    ]
    for row in rows:
        missing_activities = row.activities - row.activities_reported
        missing_goals = row.goals - row.goals_assessed
        url = settings.SITE_URL + reverse(
            "goals:followup_unit", kwargs={"period_pk": period.pk, "slug": row.unit.slug}
        )
        lines.append(f"- {row.unit.name}: {url}")
        lines.append(
            "  "
            + ngettext(
                "%(n)s activity without progress",
                "%(n)s activities without progress",
                missing_activities,
            )
            % {"n": missing_activities}
            + ", "
            + ngettext(
                "%(n)s goal without an assessment",
                "%(n)s goals without an assessment",
                missing_goals,
            )
            % {"n": missing_goals}
        )
    lines += [
        "",
        gettext(
            "Fill in what is left and mark the report ready. Everything you type is saved as a "
            "draft. You get this reminder once per deadline."
        ),
    ]
    return subject, "\n".join(lines) + "\n"


def send_reminders(*, today: date | None = None) -> ReminderResult:
    """Remind everyone whose unit's report is missing before each coming deadline, once."""
    today = today or timezone.localdate()
    result = ReminderResult()
    for period in periods_due(today):
        result.periods += 1
        already = set(
            SentReminder.objects.filter(period=period, deadline=period.deadline).values_list(
                "user_id", flat=True
            )
        )
        for user, rows in people_to_remind(period).items():
            if user.pk in already:
                result.already_sent += 1
                continue
            try:
                with transaction.atomic():
                    SentReminder.objects.create(
                        period=period, user=user, deadline=period.deadline, email=user.email
                    )
                    # Mail leaves outside any request: in the site's language, Swedish first.
                    with translation.override(settings.LANGUAGE_CODE):
                        subject, body = _message(period, rows)
                    send_mail(subject, body, None, [user.email])
            except IntegrityError:
                # Another run reminded this person a moment ago.
                result.already_sent += 1
                continue
            result.sent += 1
    return result
