"""The period report as an Excel workbook, for a board (one unit and its departments) or for the
council (the whole group): goals with their assessments, indicators with their values,
activities with their status reports, and what waits for a decision as the file is built (the
open duplicate cases and goal conflicts with the kronor at stake: goals.followup.report.at_stake).

Every text cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a
NUL) is written as text with an apostrophe in front (vaxjo_riktning.spreadsheets.neutralise), so
opening the file never runs anything a user typed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from goals.followup.models import ActivityReport, GoalAssessment, ReportingPeriod
from goals.followup.report import AtStake, at_stake
from goals.models import Goal, Indicator, Measurement
from vaxjo_riktning.models import Unit
from vaxjo_riktning.spreadsheets import neutralise, new_workbook, sheet_name


def _text(sheet, row: int, col: int, value, fmt=None) -> None:
    sheet.write_string(row, col, neutralise(value), fmt)


def _number(sheet, row: int, col: int, value, fmt=None) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_number(row, col, float(value), fmt)


def period_report_workbook(
    *,
    period: ReportingPeriod,
    unit: Unit | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The workbook's bytes. Queries: goals with assessments (2), indicators with their values
    (2), status reports with their activities and units (1), the open duplicate cases and
    conflicts (3, see at_stake()), plus the unit tree for a unit. ``progress`` hears how far it
    has come (0–100), for a background job's page."""

    def say(percent: float) -> None:
        if progress is not None:
            progress(int(percent))

    goals = (
        Goal.objects.active()
        .select_related("owner_unit")
        .order_by("sort_order", "code", "title", "pk")
    )
    reports = (
        ActivityReport.objects.filter(period=period)
        .select_related("activity__owner_unit")
        .order_by("activity__owner_unit__name", "activity__title", "pk")
    )
    unit_ids = None
    if unit is not None:
        unit_ids = Unit.subtree_ids([unit.pk])
        goals = goals.filter(owner_unit_id__in=unit_ids)
        reports = reports.filter(activity__owner_unit_id__in=unit_ids)
    goals = list(
        goals.prefetch_related(
            Prefetch(
                "assessments",
                queryset=GoalAssessment.objects.filter(period=period),
                to_attr="period_assessments",
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("year"))
                ),
            ),
        )
    )

    say(10)
    book, output = new_workbook()
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    scope = unit.name if unit is not None else _("The whole group")
    heading = _("Period report %(period)s: %(scope)s") % {"period": period, "scope": scope}

    sheet = book.add_worksheet(sheet_name(_("Goals")))
    _text(sheet, 0, 0, heading, title)
    headers = [_("Goal"), _("Unit"), _("Assessment"), _("Analysis")]
    for col, text in enumerate(headers):
        _text(sheet, 2, col, text, bold)
    row = 3
    for goal in goals:
        assessment = goal.period_assessments[0] if goal.period_assessments else None
        _text(sheet, row, 0, str(goal))
        _text(sheet, row, 1, goal.owner_unit.name if goal.owner_unit else "")
        _text(sheet, row, 2, assessment.get_assessment_display() if assessment else _("Missing"))
        _text(sheet, row, 3, assessment.analysis if assessment else "")
        row += 1
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, 2, 24)
    sheet.set_column(3, 3, 80)

    say(20)
    sheet = book.add_worksheet(sheet_name(_("Indicators")))
    _text(sheet, 0, 0, heading, title)
    headers = [_("Indicator"), _("Goal"), _("Year"), _("Value"), _("Target"), _("Source")]
    for col, text in enumerate(headers):
        _text(sheet, 2, col, text, bold)
    row = 3
    for goal in goals:
        for indicator in goal.indicators.all():
            for measurement in indicator.measurements.all():
                _text(sheet, row, 0, indicator.name)
                _text(sheet, row, 1, str(goal))
                _number(sheet, row, 2, measurement.year)
                _number(sheet, row, 3, measurement.value)
                _number(sheet, row, 4, indicator.target_value)
                _text(sheet, row, 5, measurement.source or _("Entered by hand"))
                row += 1
    sheet.set_column(0, 1, 45)
    sheet.set_column(5, 5, 18)

    reports = list(reports)
    say(35)
    sheet = book.add_worksheet(sheet_name(_("Activities")))
    _text(sheet, 0, 0, heading, title)
    headers = [_("Activity"), _("Unit"), _("Progress (%)"), _("Status"), _("Comment")]
    for col, text in enumerate(headers):
        _text(sheet, 2, col, text, bold)
    row = 3
    for report in reports:
        _text(sheet, row, 0, report.activity.title)
        _text(sheet, row, 1, report.activity.owner_unit.name)
        _number(sheet, row, 2, report.progress)
        _text(sheet, row, 3, report.get_status_display())
        _text(sheet, row, 4, report.comment)
        row += 1
        if row % 5000 == 0:
            say(35 + 55 * row / len(reports))
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, 1, 30)
    sheet.set_column(4, 4, 80)

    say(92)
    _at_stake_sheet(book, heading, at_stake(unit_ids=unit_ids), unit)
    book.close()
    say(95)
    return output.getvalue()


def _at_stake_sheet(book, heading: str, stake: AtStake, unit: Unit | None) -> None:
    """The open duplicate cases and goal conflicts, as the PDF's last section: the headline
    figures, then each table, the largest first, with a line for those not listed."""
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    kronor = book.add_format({"num_format": "#,##0"})
    day = book.add_format({"num_format": "yyyy-mm-dd", "align": "left"})
    built = formats.date_format(timezone.localtime(), "j F Y H:i")

    sheet = book.add_worksheet(sheet_name(_("Duplicates and conflicts")))
    _text(sheet, 0, 0, heading, title)
    _text(
        sheet,
        1,
        0,
        _("Open duplicate work and goal conflicts as of %(when)s") % {"when": built},
        bold,
    )
    # The PDF's words (the same messages), so both reports say the same of what they hold.
    note = _(
        "What waits for a decision as this report was built, whatever the period: the open "
        "duplicate cases (activities in several units that the review queue decides as one) and "
        "the goal conflicts raised by the unit whose goal is hurt, the largest kronor first. A "
        "case's kronor is its activities' combined budget, a conflict's the budget of its "
        "activity; a total counts each activity once."
    )
    if unit is not None:
        note += " " + _("Only those in which %(unit)s or its departments take part.") % {
            "unit": unit.name
        }
    _text(sheet, 2, 0, note)

    figures = [
        (_("Open duplicate cases"), stake.cases.count, None),
        (_("kronor in parallel work"), stake.cases.kronor, kronor),
        (_("Open goal conflicts"), stake.conflicts.count, None),
        (_("kronor at stake in goal conflicts"), stake.conflicts.kronor, kronor),
    ]
    row = 4
    for label, value, fmt in figures:
        _text(sheet, row, 0, label)
        _number(sheet, row, 1, value, fmt)
        row += 1

    row += 1
    _text(sheet, row, 0, _("Open duplicate cases"), bold)
    row += 1
    for col, text in enumerate([_("Activity"), _("Units"), _("Activities"), _("Kronor")]):
        _text(sheet, row, col, text, bold)
    row += 1
    for case in stake.cases.largest:
        _text(sheet, row, 0, case.title)
        _text(sheet, row, 1, ", ".join(case.units))
        _number(sheet, row, 2, case.activities)
        _number(sheet, row, 3, case.kronor, kronor)
        row += 1
    if not stake.cases.largest:
        _text(sheet, row, 0, _("No open duplicate case."))
        row += 1
    elif stake.cases_not_listed:
        n = stake.cases_not_listed
        more = ngettext(
            "and %(n)s smaller open duplicate case: see Overlapping activities in Riktning.",
            "and %(n)s smaller open duplicate cases: see Overlapping activities in Riktning.",
            n,
        )
        _text(sheet, row, 0, more % {"n": n})
        row += 1

    row += 1
    _text(sheet, row, 0, _("Open goal conflicts"), bold)
    row += 1
    headers = [
        _("Activity"),
        _("Runs it"),
        _("Hurt unit"),
        _("Goal"),
        _("Settle by"),
        _("Status"),
        _("Kronor"),
    ]
    for col, text in enumerate(headers):
        _text(sheet, row, col, text, bold)
    row += 1
    for conflict in stake.conflicts.largest:
        _text(sheet, row, 0, conflict.activity_title)
        _text(sheet, row, 1, conflict.runner_name)
        _text(sheet, row, 2, conflict.hurt_name or "")
        _text(sheet, row, 3, conflict.goal_label)
        if conflict.due_on is None:
            sheet.write_blank(row, 4, None)
        else:
            sheet.write_datetime(row, 4, conflict.due_on, day)
        _text(sheet, row, 5, _("Overdue") if conflict.is_overdue else conflict.outcome_label)
        _number(sheet, row, 6, conflict.kronor, kronor)
        row += 1
    if not stake.conflicts.largest:
        _text(sheet, row, 0, _("No open goal conflict."))
    elif stake.conflicts_not_listed:
        n = stake.conflicts_not_listed
        more = ngettext(
            "and %(n)s smaller open goal conflict: see Conflicts in Riktning.",
            "and %(n)s smaller open goal conflicts: see Conflicts in Riktning.",
            n,
        )
        _text(sheet, row, 0, more % {"n": n})
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, 3, 30)
    sheet.set_column(4, 6, 14)
