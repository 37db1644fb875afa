"""The period report as an Excel workbook, for a board (one unit and its departments) or for the
council (the whole group): goals with their assessments, indicators with their values, and
activities with their status reports.

Every text cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a
NUL) is written as text with an apostrophe in front (vaxjo_riktning.spreadsheets.neutralise), so
opening the file never runs anything a user typed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from goals.followup.models import ActivityReport, GoalAssessment, ReportingPeriod
from goals.models import Goal, Indicator, Measurement
from vaxjo_riktning.models import Unit
from vaxjo_riktning.spreadsheets import neutralise, new_workbook, sheet_name


def _text(sheet, row: int, col: int, value, fmt=None) -> None:
    sheet.write_string(row, col, neutralise(value), fmt)


def _number(sheet, row: int, col: int, value) -> None:
    if value is None:
        sheet.write_blank(row, col, None)
    else:
        sheet.write_number(row, col, float(value))


def period_report_workbook(
    *,
    period: ReportingPeriod,
    unit: Unit | None = None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The workbook's bytes. Queries: goals with assessments (2), indicators with their values
    (2), status reports with their activities and units (1), plus the unit tree for a unit.
    ``progress`` hears how far it has come (0–100), for a background job's page."""

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
    book.close()
    say(95)
    return output.getvalue()
