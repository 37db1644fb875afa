"""The review queue's rows of pairs, written in Python.

With its table of cases from the cache, the warm queue (100,000 activities, 256,000 open pairs)
spent about 7 of its 44 ms (in-process median; its 75 partials 13 of 82 ms under cProfile)
writing its 25 pairs through three partials a row, each row resolving some forty variables, a
URL and six translations. Here each translation and URL is looked up once per page and each row
is one string (under 1 ms for the page), with the same elements, attributes and escaping as the
partials wrote; tests/goals/overlap/test_overlap_rows_html.py reads the result as a browser
would. A pair's reasons are written here for the pair's own page too
(templates/goals/overlap_detail.html).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from django import template
from django.template.defaultfilters import capfirst
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from goals.models import OverlapSuggestion

register = template.Library()

# Reasons the list of reasons leaves out: the shared goals and process have lines of their own.
_OWN_LINES = ("goal", "process")


class _PkURL:
    """reverse(name, args=[pk]) for any pk, escaped, reversed once per page: the URL around a
    placeholder."""

    PLACEHOLDER = "2147483647"

    def __init__(self, name: str) -> None:
        before, after = reverse(name, args=[int(self.PLACEHOLDER)]).split(self.PLACEHOLDER)
        self.before, self.after = escape(before), escape(after)

    def __call__(self, pk: int) -> str:
        return f"{self.before}{int(pk)}{self.after}"


def _percent(value: float) -> str:
    """As {% widthratio value 1 100 %}."""
    return str(round(float(value) * 100))


class _ReasonWriter:
    """Why the scan paired two activities, as the list of reasons in words."""

    def __init__(self) -> None:
        self.same_process = escape(gettext("Same group-wide process"))
        self.labels: dict[str, str] = {}

    def label(self, reason: Any) -> str:
        label = self.labels.get(reason.kind)
        if label is None:
            label = self.labels[reason.kind] = escape(capfirst(reason.label))
        return label

    def reasons(self, suggestion: OverlapSuggestion) -> str:
        items = [
            f"<li>{self.label(reason)}{f': {escape(reason.text)}' if reason.text else ''}</li>"
            for reason in suggestion.reason_list
            if reason.kind not in _OWN_LINES
        ]
        texts = gettext("Texts %(text_percent)s%% alike") % {
            "text_percent": _percent(suggestion.text_score)
        }
        lines = [f"<li>{texts}</li>"]
        if suggestion.shared_goals:
            n = suggestion.shared_goals
            shared = ngettext("%(goals)s shared goal", "%(goals)s shared goals", n) % {
                "goals": conditional_escape(localize(n))
            }
            lines.append(f"<li>{shared}</li>")
        if suggestion.same_process:
            lines.append(f"<li>{self.same_process}</li>")
        return f'<ul class="overlap-reasons">\n{"".join(items)}\n' + "\n".join(lines) + "\n</ul>"


class _RowWriter:
    def __init__(self, *, next_url: str) -> None:
        self.withdrawn = escape(gettext("Withdrawn"))
        self.compare_and_decide = escape(gettext("Compare and decide"))
        self.compare = escape(gettext("Compare"))
        # As {{ next_url|urlencode }}.
        self.next = escape(quote(next_url, safe="/"))
        self.activity_url = _PkURL("goals:activity_detail")
        self.detail_url = _PkURL("goals:overlap_detail")
        self.reasons = _ReasonWriter()
        self.decisions: dict[str, str] = {}

    def side(self, activity: Any) -> str:
        withdrawn = (
            f'\n<span class="badge badge--withdrawn">{self.withdrawn}</span>'
            if activity.is_withdrawn
            else ""
        )
        process = activity.process
        where = escape(activity.owner_unit.name)
        if process:
            where += f" · {escape(process.area.name)}: {escape(process.name)}"
        return (
            f'<a href="{self.activity_url(activity.pk)}">{escape(activity.title)}</a>'
            f'{withdrawn}\n<span class="activity-process">{where}</span>'
        )

    def decision(self, suggestion: OverlapSuggestion) -> str:
        shown = self.decisions.get(suggestion.decision)
        if shown is None:
            shown = self.decisions[suggestion.decision] = (
                f'<span class="decision decision--{escape(suggestion.decision)}">'
                f"{escape(suggestion.get_decision_display())}</span>"
            )
        decided_by = suggestion.decided_by
        if decided_by:
            at = template_localtime(suggestion.decided_at)
            shown += (
                f'\n<span class="activity-process">{conditional_escape(decided_by)}, '
                f'<time datetime="{escape(date_filter(at, "c"))}">'
                f"{escape(date_filter(at, 'SHORT_DATE_FORMAT'))}</time></span>"
            )
        return shown

    def row(self, row: Any) -> str:
        suggestion = row.suggestion
        a, b = suggestion.activity_a, suggestion.activity_b
        action = self.compare_and_decide if row.can_decide else self.compare
        return (
            f"<tr>\n"
            f'<td class="num"><span class="score">{_percent(suggestion.score)}%</span></td>\n'
            f"<td>{self.side(a)}</td>\n"
            f"<td>{self.side(b)}</td>\n"
            f"<td>{self.reasons.reasons(suggestion)}</td>\n"
            f"<td>\n{self.decision(suggestion)}\n"
            f'<a class="overlap-open" href="{self.detail_url(suggestion.pk)}?next={self.next}">\n'
            f'{action}<span class="visually-hidden">: {escape(a.title)} – {escape(b.title)}'
            f"</span></a>\n</td>\n"
            f"</tr>\n"
        )


@register.simple_tag
def overlap_rows(rows: Iterable[Any], next_url: str) -> SafeString:
    """The queue's rows of pairs: ``{% overlap_rows page_obj.object_list next_url %}``; each
    row has the pair (``suggestion``, its activities with unit and process area joined) and
    whether the user may decide it (``can_decide``)."""
    writer = _RowWriter(next_url=str(next_url))
    return mark_safe("".join(writer.row(row) for row in rows))  # noqa: S308


@register.simple_tag
def overlap_reasons(suggestion: OverlapSuggestion) -> SafeString:
    """Why the scan paired the two activities, in words: ``{% overlap_reasons suggestion %}``."""
    return mark_safe(_ReasonWriter().reasons(suggestion))  # noqa: S308
