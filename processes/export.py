"""The rollout report as an Excel workbook, for the group management meeting.

Every text cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a
NUL) is written as a string and prefixed with an apostrophe, so that opening the file (or pasting
from it) never runs anything a user typed.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from processes.models import ProcessArea, Stage
from processes.selectors import RolloutMatrix
from vaxjo_riktning.spreadsheets import neutralise, new_workbook, sheet_name


def rollout_workbook(*, area: ProcessArea, matrix: RolloutMatrix, owners: list) -> bytes:
    book, output = new_workbook()
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    # A colour per stage, and the stage's name in the cell: colour is never the only cue.
    fills = ["#f4f6f8", "#fff4d6", "#dcebf5", "#cde8d4", "#8fc79f"]
    stage_formats = [book.add_format({"bg_color": c, "border": 1}) for c in fills]

    sheet = book.add_worksheet(sheet_name(_("Rollout")))
    sheet.write_string(0, 0, neutralise(_("Rollout of %(area)s") % {"area": area.name}), title)
    sheet.write_string(
        1,
        0,
        neutralise(
            # Each owner as "name, title": so the owners are set apart by semicolons.
            _("Process owners: %(owners)s")
            % {"owners": "; ".join(o.name_with_title for o in owners) or "–"}
        ),
    )
    sheet.write_string(
        2, 0, neutralise(date_format(timezone.localtime(timezone.now()), "SHORT_DATETIME_FORMAT"))
    )
    row = 4
    sheet.write_string(row, 0, neutralise(_("Process")), bold)
    sheet.write_string(row, 1, neutralise(_("Process owner")), bold)
    for col, unit in enumerate(matrix.units, start=2):
        sheet.write_string(row, col, neutralise(unit.display_name), bold)
    sheet.set_column(0, 1, 30)
    sheet.set_column(2, 1 + len(matrix.units), 16)
    for block in matrix.areas:
        for process_row in block.rows:
            row += 1
            sheet.write_string(row, 0, neutralise(process_row.process.name))
            sheet.write_string(
                row,
                1,
                neutralise(owner.name_with_title if (owner := process_row.process.owner) else ""),
            )
            for col, cell in enumerate(process_row.cells, start=2):
                sheet.write_string(
                    row, col, neutralise(cell.stage_label), stage_formats[cell.level]
                )

    # The contacts and notes, one row per cell that has any.
    notes = book.add_worksheet(sheet_name(_("Contacts and notes")))
    headers = [_("Process"), _("Unit"), _("Stage"), _("Contact person"), _("Note"), _("Changed")]
    for col, header in enumerate(headers):
        notes.write_string(0, col, neutralise(header), bold)
    notes.set_column(0, 2, 24)
    notes.set_column(3, 3, 28)
    notes.set_column(4, 4, 60)
    notes.set_column(5, 5, 18)
    line = 0
    for block in matrix.areas:
        for process_row in block.rows:
            for cell in process_row.cells:
                if cell.implementation is None:
                    continue
                line += 1
                impl = cell.implementation
                values = [
                    process_row.process.name,
                    cell.unit.name,
                    cell.stage_label,
                    impl.contact,
                    impl.note,
                    date_format(timezone.localtime(impl.updated_at), "SHORT_DATE_FORMAT"),
                ]
                for col, value in enumerate(values):
                    notes.write_string(line, col, neutralise(value), wrap if col == 4 else None)

    # Per process, how many units are at each stage.
    summary = book.add_worksheet(sheet_name(_("Summary")))
    summary.write_string(0, 0, neutralise(_("Process")), bold)
    for col, (_value, label) in enumerate(Stage.choices, start=1):
        summary.write_string(0, col, neutralise(label), bold)
    summary.set_column(0, 0, 30)
    line = 0
    for block in matrix.areas:
        for process_row in block.rows:
            line += 1
            summary.write_string(line, 0, neutralise(process_row.process.name))
            for col, n in enumerate(process_row.stage_counts, start=1):
                summary.write_number(line, col, n)
    book.close()
    return output.getvalue()
