"""The overview's matrix rows, written in Python.

The matrix of the largest group has about 90 rows and 1,700 cells, each a link with a label that
names its unit, goal and numbers. Written as a template partial, with a translated label and a
dozen variables per cell, it was most of the warm overview: the profile (cProfile, 150 units and
500 goals) showed 0.30 s of the page's 0.33 s in template rendering, nearly all of it the cells.
Here each row is one string, built with the same translations and escaping as the template did;
tests/vaxjo_riktning/test_overview_matrix_html.py reads the result as a browser would.

Each cell is a plain link (the overview with ?enhet=&mal=) that htmx loads into the cell's
section: the table's bodies boost their links (hx-boost, all but the unit's own in the row
header) and the table carries hx-target and hx-push-url for every cell, so that no cell repeats
its address for htmx (about 55 KB of the largest group's 580 KB). The duplicate mark is a
<use> of the icon the page defines once (templates/includes/icon_duplicate_symbol.html).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from vaxjo_riktning.templatetags.numbers import shown_number

if TYPE_CHECKING:
    from vaxjo_riktning.selectors import Cell, Row

register = template.Library()

DUPLICATE_ICON = (
    '<svg class="icon-duplicate" width="14" height="14" aria-hidden="true" focusable="false">'
    '<use href="#icon-duplicate"/></svg>'
)


class _RowWriter:
    """Writes rows in the active language, with each translation looked up once per matrix."""

    def __init__(self, *, kronor: bool) -> None:
        self.kronor = kronor
        self.language = get_language()
        self.show = "&amp;visa=kronor" if kronor else ""
        self.cell_name = (
            gettext(
                "%(unit)s – %(goal)s: %(supports_kronor)s kronor in %(supports)s supporting, "
                "%(counteracts_kronor)s kronor in %(counteracts)s counteracting"
            )
            if kronor
            else gettext(
                "%(unit)s – %(goal)s: %(supports)s supporting, %(counteracts)s counteracting"
            )
        )
        self.conflict_name = gettext(
            "Open goal conflicts: %(runs)s about the unit's activities, %(hurt)s against its goals"
        )
        self.goal_titles: dict[int, str] = {}

    def number(self, value: int) -> str:
        return shown_number(value, self.language)

    def amount(self, value: int) -> str:
        return shown_number(value, self.language, grouped=True)

    def duplicate_name(self, n: int) -> str:
        return ngettext(
            "Duplicate work: %(n)s activity in open overlap cases",
            "Duplicate work: %(n)s activities in open overlap cases",
            n,
        ) % {"n": self.number(n)}

    def row(self, row: Row) -> str:
        unit = row.unit
        slug = quote(unit.slug, safe="/")
        unit_name = escape(unit.name)
        cells = "".join(self.cell(cell, slug=slug, unit_name=unit_name) for cell in row.cells)
        return (
            f'<tr><th scope="row"><a href="{escape(unit.get_absolute_url())}" hx-boost="false">'
            f"{escape(unit.display_name)}</a></th>{cells}</tr>\n"
        )

    def cell(self, cell: Cell, *, slug: str, unit_name: str) -> str:
        goal = cell.goal
        goal_title = self.goal_titles.get(goal.pk)
        if goal_title is None:
            goal_title = self.goal_titles[goal.pk] = escape(goal.title)
        url = f"?enhet={slug}&amp;mal={goal.pk}{self.show}"
        values = {
            "unit": unit_name,
            "goal": goal_title,
            "supports": self.number(cell.supports),
            "counteracts": self.number(cell.counteracts),
        }
        if self.kronor:
            values["supports_kronor"] = self.amount(cell.supports_kronor)
            values["counteracts_kronor"] = self.amount(cell.counteracts_kronor)
        signals = []
        marks = ""
        if cell.duplicates:
            signals.append(self.duplicate_name(cell.duplicates))
            marks += (
                f'<span class="cell-duplicate" aria-hidden="true" '
                f'data-duplicates="{cell.duplicates}">{DUPLICATE_ICON}</span>'
            )
        if cell.conflicts:
            runs, hurt = cell.conflicts.runs, cell.conflicts.hurt
            signals.append(
                self.conflict_name % {"runs": self.number(runs), "hurt": self.number(hurt)}
            )
            marks += (
                f'<span class="cell-conflict" aria-hidden="true" '
                f'data-conflicts="{runs}:{hurt}">⚠</span>'
            )
        name = ". ".join([self.cell_name % values, *signals])
        title = f' title="{". ".join(signals)}"' if signals else ""
        td = '<td class="uncovered">' if cell.uncovered else "<td>"
        empty = " cell--empty" if cell.is_empty else ""
        return (
            f'{td}<a class="cell{empty}" href="{url}" aria-label="{name}"{title}>'
            f"{self.numbers(cell)}{marks}</a></td>"
        )

    def numbers(self, cell: Cell) -> str:
        """What the cell shows: +supporting and −counteracting, counts or kronor; · if none."""
        if cell.is_empty:
            return '<span aria-hidden="true">·</span>'
        show = self.amount if self.kronor else self.number
        supports = cell.supports_kronor if self.kronor else cell.supports
        counteracts = cell.counteracts_kronor if self.kronor else cell.counteracts
        shown = []
        if cell.supports:
            shown.append(f'<span class="count-supports">+{show(supports)}</span>')
        if cell.counteracts:
            shown.append(f'<span class="count-counteracts">−{show(counteracts)}</span>')
        # Counts are apart by a space, as the template wrote them; kronor sit side by side.
        return ("" if self.kronor else " ").join(shown)


@register.simple_tag
def matrix_rows(rows: Iterable[Row], kronor: bool) -> SafeString:
    """The matrix's rows for these units: ``{% matrix_rows matrix.companies kronor %}``."""
    writer = _RowWriter(kronor=bool(kronor))
    return mark_safe("".join(writer.row(row) for row in rows))  # noqa: S308


@register.simple_tag
def duplicate_icon() -> SafeString:
    """The mark of duplicated work, as the matrix's cells show it (for the legend)."""
    return mark_safe(DUPLICATE_ICON)  # noqa: S308
