"""The rollout's cells, written in Python: the overview's heat map and the rollout matrix.

A row holds a cell per top-level unit: about 1,200 cells in the largest group (13 processes, 92
units), which through the template cost the overview more than its numbers (cProfile, 150 units).
Each cell shows its stage's number, coloured by stage, and says the unit and stage in words for
screen readers, as templates/processes/includes/heatmap.html describes.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from processes.selectors import ProcessRow, RolloutCell

register = template.Library()

# How much of a cell's note the matrix shows; the cell's own page shows all of it.
NOTE_SHOWN = 60


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


@register.simple_tag
def rollout_cell_display(cell: RolloutCell) -> SafeString:
    """One cell of the rollout matrix as it reads (stage, contact, note, and the Change link
    for whoever may change it): ``{% rollout_cell_display cell %}``. The matrix writes one per
    process and unit (about 1,200 in the largest group; through a template include each, that
    was 0.24 s of the page's 0.34 s in the profile), and htmx swaps one in after a change."""
    process, unit = cell.process, cell.unit
    cell_id = f"cell-{process.pk}-{unit.pk}"
    parts = [f'<span class="stage-label">{escape(cell.stage_label)}</span>']
    if cell.contact:
        parts.append(f'<span class="cell-contact">{escape(cell.contact)}</span>')
    if note := cell.note:
        # As truncatechars:60; Truncator reads every character, a note is mostly short.
        shown = note if len(note) <= NOTE_SHOWN else Truncator(note).chars(NOTE_SHOWN)
        parts.append(f'<span class="cell-note">{escape(shown)}</span>')
    if cell.editable:
        url = escape(reverse("processes:rollout_cell", args=[process.slug, unit.slug]))
        label = gettext("Change %(process)s in %(unit)s") % {
            "process": escape(process.name),
            "unit": escape(unit.name),
        }
        parts.append(
            f'<a class="cell-edit" href="{url}" hx-get="{url}" hx-target="#{cell_id}" '
            f'hx-swap="outerHTML" aria-label="{label}">{escape(gettext("Change"))}</a>'
        )
    return mark_safe(  # noqa: S308
        f'<div class="rollout-cell stage-{cell.level}" id="{cell_id}">{"".join(parts)}</div>'
    )
