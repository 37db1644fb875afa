"""The period report's last section, in Excel and PDF: the open duplicate cases and open goal
conflicts as the report is built (not per period), with the kronor at stake, the largest first;
a board's report keeps those its units are in; the lists stop at AT_STAKE_LISTED and count the
rest; read with a fixed number of queries."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from goals.conflicts.models import Conflict
from goals.followup import report as report_module
from goals.followup.models import ActivityReport
from goals.followup.pdf import period_report_pdf, render_report_html
from goals.followup.report import period_report
from goals.followup.workbook import period_report_workbook
from goals.models import Measurement
from tests import factories as f
from tests.goals.followup.test_export_pdf import pdf_text
from tests.vaxjo_riktning.test_act_on import make_case

pytestmark = pytest.mark.django_db

SHEET = "Duplicates and conflicts"
LAST_MONTH = timezone.localdate() - timedelta(days=30)


def make_conflict(*, runner, hurt, budget, title, **fields):
    activity = f.ActivityFactory(owner_unit=runner, budget_sek=budget, title=title)
    goal = f.UnitGoalFactory(owner_unit=hurt)
    return f.ConflictFactory(activity=activity, goal=goal, **fields)


@pytest.fixture
def third(group):
    return f.UnitFactory(name="Omsorgsförvaltningen", slug="omsorg")


@pytest.fixture
def stake(group, third):
    """Three open cases and two open conflicts (one overdue, one without a budget), and a settled
    conflict that is not open."""
    administration, department, company = group.administration, group.department, group.company
    make_case([administration, company, third], [5_000_000, 1_000_000, None])
    make_case([department, company, third], [100_000, 200_000, 300_000], title="Sommarjobb")
    make_case([company, third, company], [1, 2, 3], title="Hyresavier")
    overdue = make_conflict(
        runner=company, hurt=administration, budget=10_000_000, title="Garage under varje hus"
    )
    Conflict.objects.filter(pk=overdue.pk).update(due_on=LAST_MONTH)
    overdue.refresh_from_db()
    no_budget = make_conflict(runner=third, hurt=company, budget=None, title="Parkering")
    make_conflict(
        runner=company,
        hurt=third,
        budget=99_000_000,
        title="Avgjord",
        outcome=Conflict.Outcome.ACCEPTED,
        decided_at=timezone.now(),
        decision_note="Avvägt",
    )
    return overdue, no_budget


def midnight(day: date) -> datetime:
    """A date as openpyxl reads a date cell back (a naive datetime)."""
    return datetime.combine(day, datetime.min.time())


def whole_group_book(period):
    return load_workbook(io.BytesIO(period_report_workbook(period=period)))


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def figures(sheet) -> dict:
    return {label: value for label, value, *_ in rows(sheet)[4:8]}


def table(sheet, title: str) -> list[tuple]:
    """The rows of the table under ``title`` (its header skipped) up to the first empty row,
    each cut to the header's width."""
    found = rows(sheet)
    start = next(
        i for i, row in enumerate(found) if row[0] == title and found[i + 1][0] == "Activity"
    )
    width = sum(1 for cell in found[start + 1] if cell is not None)
    body = []
    for row in found[start + 2 :]:
        if row[0] is None:
            break
        body.append(row[:width])
    return body


def test_the_workbook_lists_the_open_cases_and_conflicts_largest_first(group, stake):
    overdue, no_budget = stake
    period = f.ReportingPeriodFactory()

    book = whole_group_book(period)

    assert book.sheetnames[-1] == SHEET
    sheet = book[SHEET]
    assert sheet["A2"].value.startswith("Open duplicate work and goal conflicts as of ")
    assert "whatever the period" in sheet["A3"].value
    assert figures(sheet) == {
        "Open duplicate cases": 3,
        "kronor in parallel work": 6_600_006,
        "Open goal conflicts": 2,
        "kronor at stake in goal conflicts": 10_000_000,
    }
    assert table(sheet, "Open duplicate cases") == [
        (
            "Rekryteringskampanj 1",
            "Omsorgsförvaltningen, Utbildningsförvaltningen, Växjöbostäder AB",
            3,
            6_000_000,
        ),
        (
            "Sommarjobb 3",
            "Grundskoleavdelningen, Omsorgsförvaltningen, Växjöbostäder AB",
            3,
            600_000,
        ),
        ("Hyresavier 3", "Omsorgsförvaltningen, Växjöbostäder AB", 3, 6),
    ]
    assert table(sheet, "Open goal conflicts") == [
        (
            "Garage under varje hus",
            "Växjöbostäder AB",
            "Utbildningsförvaltningen",
            overdue.goal.code + " " + overdue.goal.title,
            midnight(LAST_MONTH),
            "Overdue",
            10_000_000,
        ),
        (
            "Parkering",
            "Omsorgsförvaltningen",
            "Växjöbostäder AB",
            no_budget.goal.code + " " + no_budget.goal.title,
            midnight(no_budget.due_on),
            "Open",
            None,
        ),
    ]
    # Kronor are numbers a reader can sum, shown with thousands grouped.
    assert sheet.cell(row=5 + 1, column=2).number_format == "#,##0"


def test_a_long_list_stops_and_says_how_many_more(group, stake, monkeypatch):
    monkeypatch.setattr(report_module, "AT_STAKE_LISTED", 1)
    period = f.ReportingPeriodFactory()

    sheet = whole_group_book(period)[SHEET]

    cases = table(sheet, "Open duplicate cases")
    assert [row[0] for row in cases] == [
        "Rekryteringskampanj 1",
        "and 2 smaller open duplicate cases: see Overlapping activities in Riktning.",
    ]
    conflicts = table(sheet, "Open goal conflicts")
    assert [row[0] for row in conflicts] == [
        "Garage under varje hus",
        "and 1 smaller open goal conflict: see Conflicts in Riktning.",
    ]
    # The headline still counts every one.
    assert figures(sheet)["Open duplicate cases"] == 3


def test_with_nothing_open_the_section_says_so(group):
    period = f.ReportingPeriodFactory()

    sheet = whole_group_book(period)[SHEET]

    assert figures(sheet) == {
        "Open duplicate cases": 0,
        "kronor in parallel work": 0,
        "Open goal conflicts": 0,
        "kronor at stake in goal conflicts": 0,
    }
    assert [r[0] for r in rows(sheet)].count("No open duplicate case.") == 1
    assert [r[0] for r in rows(sheet)].count("No open goal conflict.") == 1


def test_a_boards_report_keeps_the_cases_and_conflicts_its_units_are_in(group, stake):
    overdue, _ = stake
    period = f.ReportingPeriodFactory()

    at_stake = period_report(period=period, unit=group.administration).at_stake

    # A case with an activity of the administration or its department, counted whole.
    assert [(c.title, c.kronor) for c in at_stake.cases.largest] == [
        ("Rekryteringskampanj 1", 6_000_000),
        ("Sommarjobb 3", 600_000),
    ]
    assert (at_stake.cases.count, at_stake.cases.kronor) == (2, 6_600_000)
    # The conflict that hurts the administration's goal; not the one between two others.
    assert [c.pk for c in at_stake.conflicts.largest] == [overdue.pk]
    assert (at_stake.conflicts.count, at_stake.conflicts.kronor) == (1, 10_000_000)
    # The company runs the conflict's activity and is in all three cases.
    company = period_report(period=period, unit=group.company).at_stake
    assert (company.cases.count, company.conflicts.count) == (3, 2)

    sheet = load_workbook(
        io.BytesIO(period_report_workbook(period=period, unit=group.administration))
    )[SHEET]
    assert "Utbildningsförvaltningen or its departments" in sheet["A3"].value
    assert [row[0] for row in table(sheet, "Open goal conflicts")] == ["Garage under varje hus"]


def test_the_pdf_ends_with_the_section_in_swedish_with_swedish_kronor(group, stake):
    period = f.ReportingPeriodFactory()

    with translation.override("sv"):
        text = pdf_text(period_report_pdf(period=period))

    section = text[text.index("Dubbelarbete och målkonflikter som är öppna per") :]
    assert "6 600 006 kr i parallellt arbete i 3 öppna fall av dubbelarbete" in section
    assert "10 000 000 kr står på spel i 2 öppna målkonflikter" in section
    cases = section[section.index("Öppna fall av dubbelarbete") :]
    positions = [cases.index(s) for s in ["Rekryteringskampanj 1", "Sommarjobb 3", "Hyresavier 3"]]
    assert positions == sorted(positions)
    assert "Rekryteringskampanj 1 Omsorgsförvaltningen, Utbildningsförvaltningen," in cases
    assert "6 000 000" in cases and "600 000" in cases
    conflicts = section[section.index("Öppna målkonflikter") :]
    assert conflicts.index("Garage under varje hus") < conflicts.index("Parkering")
    assert "Garage under varje hus Växjöbostäder AB Utbildningsförvaltningen" in conflicts
    assert f"{LAST_MONTH:%Y-%m-%d} Försenad 10 000 000" in conflicts
    assert "Avgjord" not in section


def test_the_pdfs_tables_have_column_headers_and_print_what_users_typed_as_text(group, third):
    evil = f.UnitFactory(name="<b>Enhet</b>", slug="evil")
    make_case([group.administration, evil, third], [1, 2, 3], title="<script>alert(1)</script>")
    make_conflict(runner=evil, hurt=third, budget=5, title="<img src=x onerror=alert(2)>")
    period = f.ReportingPeriodFactory()

    html = render_report_html(period_report(period=period))

    section = html[html.index("Open duplicate work and goal conflicts as of") :]
    assert "<script>alert" not in section and "<img src=x" not in section
    assert "<b>Enhet" not in section
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 3" in section
    assert "&lt;b&gt;Enhet&lt;/b&gt;" in section
    assert section.count('<th scope="col"') == 4 + 7


# --- Fixed number of queries ---------------------------------------------------------------------


def grow(group, third, size):
    for n in range(size):
        make_case([group.administration, group.company, third], [n, 2 * n, 3 * n], title=f"F{n}")
        make_conflict(
            runner=group.company,
            hurt=[group.administration, third][n % 2],
            budget=n or None,
            title=f"K{n}",
            due_on=timezone.localdate() + timedelta(days=n),
        )


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("whole_group", [False, True])
def test_the_section_is_read_with_fixed_queries(
    group, third, monkeypatch, django_assert_num_queries, size, whole_group
):
    grow(group, third, size)
    # A list shorter than the data: the cap, not the data, decides how much is read.
    monkeypatch.setattr(report_module, "AT_STAKE_LISTED", 10)
    unit = None if whole_group else group.administration

    # The open cases with their count and total (1), the open conflicts' summary (1) and
    # largest (1).
    with django_assert_num_queries(3):
        at_stake = report_module.at_stake(unit_ids={group.administration.pk} if unit else None)
    assert at_stake.cases.count == size
    assert len(at_stake.cases.largest) == min(size, 10)

    period = f.ReportingPeriodFactory()
    indicator = f.IndicatorFactory(goal=f.UnitGoalFactory(owner_unit=group.administration))
    Measurement.objects.create(indicator=indicator, year=2024, value=1)
    activity = f.ActivityFactory(owner_unit=group.department)
    ActivityReport.objects.create(period=period, activity=activity, progress=50)
    # The workbook: goals, their assessments, indicators, measurements, the status reports
    # (5); the unit tree for a board's (1); the section (3).
    with django_assert_num_queries(5 + (0 if whole_group else 1) + 3):
        book = load_workbook(io.BytesIO(period_report_workbook(period=period, unit=unit)))
    listed = table(book[SHEET], "Open goal conflicts")
    conflicts = size if whole_group else (size + 1) // 2
    assert len(listed) == min(conflicts, 10) + (conflicts > 10)
