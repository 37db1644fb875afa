"""The conflict list's rows, written in Python.

Once its page comes from the cache, the conflict list's time goes to writing it: the 25 rows
through templates/goals/includes/conflict_table.html took 5 ms of the warm page's 21 ms
(20,000 activities; 18 ms of 42 under cProfile), each row resolving a dozen variables, five
URLs and seven translations. Here each translation is looked up once per page and each row is
one string, with the same elements, attributes and escaping as the template wrote;
tests/goals/conflicts/test_conflict_rows_html.py reads the result as a browser would.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from goals.conflicts.models import Conflict
from goals.conflicts.selectors import ConflictRow

register = template.Library()

# How much of the reason the list shows; the conflict's page shows all of it.
REASON_SHOWN = 200


class _RowWriter:
    def __init__(self) -> None:
        self.raised = escape(gettext("Raised by the hurt unit"))
        self.declared = escape(gettext("Self-declared"))
        self.withdrawn = escape(gettext("Activity withdrawn"))
        self.runs_it = escape(gettext("Runs it:"))
        self.reason = escape(gettext("Reason:"))
        self.hurt = escape(gettext("Hurt:"))
        self.no_budget = escape(gettext("no budget"))
        self.kronor = gettext("%(amount)s kr")
        self.overdue = escape(gettext("Overdue:"))
        self.settle_by = escape(gettext("Settle by"))

    def row(self, row: ConflictRow) -> str:
        badge = (
            f'<span class="badge badge--conflict">{self.raised}</span>'
            if row.is_raised
            else f'<span class="badge badge--counteracts">{self.declared}</span>'
        )
        withdrawn = (
            f'\n<span class="badge badge--withdrawn">{self.withdrawn}</span>'
            if row.activity_withdrawn
            else ""
        )
        # As truncatechars:200 (which also normalises the text to NFC).
        reason = Truncator(row.reason).chars(REASON_SHOWN)
        hurt_url = row.hurt_url
        hurt = f'<a href="{escape(hurt_url)}">{escape(row.hurt_name)}</a>' if hurt_url else "–"
        if row.kronor is not None:
            amount = self.kronor % {"amount": conditional_escape(floatformat(row.kronor, "0g"))}
        else:
            amount = f'<span class="muted">{self.no_budget}</span>'
        return (
            f"<tr>\n"
            f'<th scope="row">\n{badge}\n'
            f'<a href="{escape(row.url)}">{escape(row.activity_title)}</a>{withdrawn}\n'
            f'<span class="owner">{self.runs_it} <a href="{escape(row.runner_url)}">'
            f"{escape(row.runner_name)}</a></span>\n"
            f'<span class="reason">{self.reason} {escape(reason)}</span>\n'
            f"</th>\n"
            f"<td>\n"
            f'<a href="{escape(row.goal_url)}">{escape(row.goal_label)}</a>\n'
            f'<span class="owner">{self.hurt} {hurt}</span>\n'
            f"</td>\n"
            f'<td class="number">{amount}</td>\n'
            f"<td>\n{self.status(row)}</td>\n"
            f"</tr>\n"
        )

    def status(self, row: ConflictRow) -> str:
        if row.withdrawn:
            kind = "withdrawn"
        elif row.is_raised:
            kind = escape(row.outcome)
        else:
            kind = "declared"
        shown = f'<span class="decision decision--{kind}">{escape(row.outcome_label)}</span>\n'
        if (
            row.is_raised
            and row.due_on
            and row.outcome == Conflict.Outcome.OPEN
            and not (row.withdrawn)
        ):
            overdue = row.is_overdue
            shown += (
                f'<span class="due{" due--overdue" if overdue else ""}">\n'
                f"{self.overdue if overdue else self.settle_by}\n"
                f'<time datetime="{row.due_on.isoformat()}">'
                f"{escape(date_format(row.due_on, 'SHORT_DATE_FORMAT'))}</time>\n"
                f"</span>\n"
            )
        return shown


@register.simple_tag
def conflict_rows(rows: Iterable[ConflictRow]) -> SafeString:
    """The table's rows: ``{% conflict_rows rows %}``."""
    writer = _RowWriter()
    return mark_safe("".join(writer.row(row) for row in rows))  # noqa: S308
