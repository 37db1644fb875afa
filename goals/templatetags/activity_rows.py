"""The rows of the activity table (templates/goals/includes/activity_table.html), written in
Python.

The table is on the activity list, a goal's page, a unit's page, a process's page and the
overview's drill-down. At 100,000 activities a council goal's page spent about a third of its
time writing its two tables of 25 rows (59 of 165 ms under cProfile), and the activity list
about as much: each row resolved a dozen template variables, two to four URLs and its
translations through the template engine. Here each translation is looked up once per table,
each goal's and unit's address once, and each row is one string with the same elements,
attributes and escaping as the template wrote; tests/goals/test_activity_rows_html.py compares
the two and reads the result as a browser would.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from goals.models import Activity, Contribution, Goal
from vaxjo_riktning.models import Unit

register = template.Library()


class _RowWriter:
    def __init__(self, *, focus: bool, hide_unit: bool) -> None:
        self.focus, self.hide_unit = focus, hide_unit
        self.withdrawn = escape(gettext("Withdrawn"))
        self.no_goal = escape(gettext("No goal"))
        self.statuses = {value: escape(label) for value, label in Activity.Status.choices}
        self.effects = {
            value: f'<span class="badge badge--{escape(value)}">{escape(label)}</span>'
            for value, label in Contribution.Effect.choices
        }
        self.goal_links: dict[int, str] = {}
        self.unit_links: dict[int, str] = {}

    def goal_link(self, goal: Goal) -> str:
        link = self.goal_links.get(goal.pk)
        if link is None:
            link = f'<a href="{escape(goal.get_absolute_url())}">{escape(goal)}</a>'
            self.goal_links[goal.pk] = link
        return link

    def unit_link(self, unit: Unit) -> str:
        link = self.unit_links.get(unit.pk)
        if link is None:
            link = f'<a href="{escape(unit.get_absolute_url())}">{escape(unit.display_name)}</a>'
            self.unit_links[unit.pk] = link
        return link

    def effect(self, contribution: Contribution) -> str:
        return self.effects.get(contribution.effect) or (
            f'<span class="badge badge--{escape(contribution.effect)}">'
            f"{escape(contribution.get_effect_display())}</span>"
        )

    def row(self, activity: Activity) -> str:
        withdrawn = (
            f' <span class="badge badge--withdrawn">{self.withdrawn}</span>'
            if activity.is_withdrawn
            else ""
        )
        process = (
            f'<span class="activity-process">{escape(activity.process.name)}</span>'
            if activity.process_id is not None
            else ""
        )
        unit = "" if self.hide_unit else f"<td>{self.unit_link(activity.owner_unit)}</td>\n"
        status = self.statuses.get(activity.status) or escape(activity.get_status_display())
        return (
            f"<tr>\n"
            f'<th scope="row">\n'
            f'<a href="{escape(activity.get_absolute_url())}">{escape(activity.title)}</a>\n'
            f"{withdrawn}\n{process}\n"
            f"</th>\n"
            f"{unit}"
            f'<td><span class="badge badge--status">{status}</span></td>\n'
            f"{self.focus_cell(activity) if self.focus else ''}"
            f"{self.goals_cell(activity)}"
            f"</tr>\n"
        )

    def focus_cell(self, activity: Activity) -> str:
        items = []
        for contribution in getattr(activity, "focus_contributions", ()):
            reason = (
                f': <span class="reason">{escape(contribution.reason)}</span>'
                if contribution.reason
                else ""
            )
            items.append(
                f"<li>\n{self.effect(contribution)}\n{escape(contribution.goal)}{reason}\n</li>\n"
            )
        return f'<td>\n<ul class="contribution-list">\n{"".join(items)}</ul>\n</td>\n'

    def goals_cell(self, activity: Activity) -> str:
        items = [
            f"<li>\n{self.effect(contribution)}\n{self.goal_link(contribution.goal)}\n</li>\n"
            for contribution in activity.contributions.all()
        ] or [f'<li class="empty">{self.no_goal}</li>\n']
        return f'<td>\n<ul class="contribution-list">\n{"".join(items)}</ul>\n</td>\n'


@register.simple_tag
def activity_rows(
    activities: Iterable[Activity], focus_label: str | None = None, hide_unit: bool = False
) -> SafeString:
    """The table's rows: ``{% activity_rows activities focus_label hide_unit %}``; a focus
    column when there is a focus_label, no unit column with hide_unit, as the header."""
    writer = _RowWriter(focus=bool(focus_label), hide_unit=bool(hide_unit))
    return mark_safe("".join(writer.row(activity) for activity in activities))  # noqa: S308
