"""The overview's rollout heat map cells, written in Python.

A row holds a cell per top-level unit: about 1,200 cells in the largest group (13 processes, 92
units), which through the template cost the overview more than its numbers (cProfile, 150 units).
Each cell shows its stage's number, coloured by stage, and says the unit and stage in words for
screen readers, as templates/processes/includes/heatmap.html describes.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from processes.selectors import ProcessRow

register = template.Library()


@register.simple_tag
def heatmap_cells(row: ProcessRow) -> SafeString:
    """The cells of one process's row: ``{% heatmap_cells row %}``."""
    labels: dict[str, str] = {}
    cells = []
    for cell in row.cells:
        stage = cell.stage
        label = labels.get(stage)
        if label is None:
            label = labels[stage] = escape(cell.stage_label)
        level = cell.level
        cells.append(
            f'<td class="heat stage-{level}" data-stage="{escape(stage)}">'
            f'<span aria-hidden="true">{level}</span><span class="visually-hidden">'
            f"{escape(cell.unit.display_name)}: {label}</span></td>"
        )
    return mark_safe("".join(cells))  # noqa: S308
