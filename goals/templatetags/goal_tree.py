"""The goal chain's list items, written in Python.

At the largest group's size the goal list holds about 540 goals, and rendering them through a
recursive template partial (a translated count or three per goal) took 0.37 s of the page's
0.52 s in the profile (cProfile, 100,000 activities), against 0.14 s for its queries. Each goal
is written here with the same translations and escaping, children nested in their own list;
tests/goals/test_views_goals.py reads the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from goals.models import Goal
from vaxjo_riktning.templatetags.numbers import shown_number

if TYPE_CHECKING:
    from goals.selectors import GoalNode

register = template.Library()


class _TreeWriter:
    def __init__(self) -> None:
        self.language = get_language()
        self.withdrawn = escape(gettext("Withdrawn"))
        self.supporting = gettext("%(n)s supporting")
        self.counteracting = gettext("%(n)s counteracting")
        self.chain = gettext("with its unit goals: %(s)s supporting, %(c)s counteracting")
        self.levels = {value: escape(label) for value, label in Goal.Level.choices}

    def number(self, value: int) -> str:
        return shown_number(value, self.language)

    def items(self, nodes: Iterable[GoalNode]) -> str:
        return "".join(self.item(node) for node in nodes)

    def item(self, node: GoalNode) -> str:
        goal = node.goal
        withdrawn = (
            f' <span class="badge badge--withdrawn">{self.withdrawn}</span>'
            if goal.is_withdrawn
            else ""
        )
        owner = goal.owner_unit.display_name if goal.owner_unit else ""
        meta = " · ".join(escape(part) for part in (owner, goal.period_label) if part)
        counts = (
            f'<span class="badge badge--supports">'
            f"{self.supporting % {'n': self.number(node.supports)}}</span>"
        )
        if node.counteracts:
            counts += (
                f' <span class="badge badge--counteracts">'
                f"{self.counteracting % {'n': self.number(node.counteracts)}}</span>"
            )
        if node.chain_supports is not None:
            chain = self.chain % {
                "s": self.number(node.chain_supports),
                "c": self.number(node.chain_counteracts or 0),
            }
            counts += f' <span class="chain-counts">{chain}</span>'
        children = f"<ul>{self.items(node.children)}</ul>" if node.children else ""
        return (
            f'<li class="goal-node goal-node--{escape(goal.level)}">'
            f'<span class="level-label">{self.levels.get(goal.level, escape(goal.level))}</span> '
            f'<a href="{escape(goal.get_absolute_url())}">{escape(str(goal))}</a>{withdrawn} '
            f'<span class="goal-meta">{meta}</span> '
            f'<span class="goal-counts">{counts}</span>{children}</li>\n'
        )


@register.simple_tag
def goal_tree_items(nodes: Iterable[GoalNode]) -> SafeString:
    """The list items of these goals and every goal below them: ``{% goal_tree_items tree %}``."""
    return mark_safe(_TreeWriter().items(nodes))  # noqa: S308
