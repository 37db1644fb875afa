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

from processes.models import Process, Stage
from processes.selectors import ProcessRow, RolloutCell
from vaxjo_riktning.models import Unit

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


class _CellWriter:
    """Writes cells in the active language, each stage's label, note, name and translation looked
    up once per page: the matrix's 676 cells at 150 units took 68 ms of the page's 120 ms under
    cProfile, most of it the same few stage labels and notes (Truncator reads every character of
    a note), the same translations and a URL reversed for every cell the user may change."""

    # Reversed once with these in place of the slugs (a slug is letters, digits, - and _, so
    # reverse() neither quotes it nor does escape() change it).
    PROCESS, UNIT = "process-slug-placeholder", "unit-slug-placeholder"

    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.names: dict[tuple[str, int], str] = {}
        self.change = escape(gettext("Change"))
        self.change_label = gettext("Change %(process)s in %(unit)s")
        self.url = ""

    def name(self, obj: Process | Unit) -> str:
        key = (type(obj).__name__, obj.pk)
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = escape(obj.name)
        return name

    def cell(self, cell: RolloutCell) -> str:
        process, unit = cell.process, cell.unit
        cell_id = f"cell-{process.pk}-{unit.pk}"
        implementation = cell.implementation
        stage = implementation.stage if implementation else Stage.NOT_STARTED
        label = self.labels.get(stage)
        if label is None:
            label = self.labels[stage] = escape(str(Stage(stage).label))
        parts = [f'<span class="stage-label">{label}</span>']
        if implementation and implementation.contact:
            parts.append(f'<span class="cell-contact">{escape(implementation.contact)}</span>')
        if implementation and (note := implementation.note):
            shown = self.notes.get(note)
            if shown is None:
                # As truncatechars:60; Truncator reads every character, a note is mostly short.
                shown = self.notes[note] = escape(
                    note if len(note) <= NOTE_SHOWN else Truncator(note).chars(NOTE_SHOWN)
                )
            parts.append(f'<span class="cell-note">{shown}</span>')
        if cell.editable:
            if not self.url:
                self.url = escape(reverse("processes:rollout_cell", args=[self.PROCESS, self.UNIT]))
            url = self.url.replace(self.PROCESS, process.slug).replace(self.UNIT, unit.slug)
            aria_label = self.change_label % {
                "process": self.name(process),
                "unit": self.name(unit),
            }
            parts.append(
                f'<a class="cell-edit" href="{url}" hx-get="{url}" hx-target="#{cell_id}" '
                f'hx-swap="outerHTML" aria-label="{aria_label}">{self.change}</a>'
            )
        return (
            f'<div class="rollout-cell stage-{Stage.level(stage)}" id="{cell_id}">'
            f"{''.join(parts)}</div>"
        )


def _writer(context: template.Context) -> _CellWriter:
    """The page's writer (one per template rendered)."""
    writer = context.render_context.get(_CellWriter)
    if writer is None:
        writer = context.render_context[_CellWriter] = _CellWriter()
    return writer


@register.simple_tag(takes_context=True)
def rollout_cell_display(context: template.Context, cell: RolloutCell) -> SafeString:
    """One cell of the rollout matrix as it reads (stage, contact, note, and the Change link
    for whoever may change it): ``{% rollout_cell_display cell %}``, as htmx swaps it in after a
    change and a process's and a unit's page show it, a cell per unit or process."""
    return mark_safe(_writer(context).cell(cell))  # noqa: S308


@register.simple_tag(takes_context=True)
def rollout_row_cells(context: template.Context, row: ProcessRow) -> SafeString:
    """A row's cells of the rollout matrix, each in its ``<td>``, as rollout_cell_display()
    writes them: ``{% rollout_row_cells row %}``."""
    writer = _writer(context)
    return mark_safe("".join(f"<td>{writer.cell(cell)}</td>" for cell in row.cells))  # noqa: S308
