"""The period report as Excel, opened with openpyxl: goals with assessments, indicators with
values, activities with status reports; a unit's report holds only its own; typed formulas come
out as text."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from goals.followup.models import ActivityReport, GoalAssessment
from goals.followup.workbook import period_report_workbook
from goals.kolada import KOLADA_SOURCE
from goals.models import Measurement
from tests import factories as f


@pytest.fixture
def report_data(group):
    period = f.ReportingPeriodFactory()
    goal = f.UnitGoalFactory(owner_unit=group.administration, title="Fler behöriga")
    other_goal = f.UnitGoalFactory(owner_unit=group.company, title="Fler bostäder")
    indicator = f.IndicatorFactory(goal=goal, name="Behöriga till gymnasiet", target_value=90)
    Measurement.objects.create(
        indicator=indicator, year=2024, value=Decimal("86.4"), source=KOLADA_SOURCE
    )
    GoalAssessment.objects.create(
        period=period, goal=goal, assessment="partly_met", analysis='=HYPERLINK("http://x")'
    )
    activity = f.ActivityFactory(owner_unit=group.department, title="+Läxhjälp")
    ActivityReport.objects.create(
        period=period, activity=activity, progress=40, status="at_risk", comment="@SUM(A1)\tx"
    )
    other = f.ActivityFactory(owner_unit=group.company, title="Renovering")
    ActivityReport.objects.create(period=period, activity=other, progress=10, status="on_track")
    return period, goal, other_goal


def open_book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def whole_group_book(period):
    with translation.override("en"):
        return load_workbook(io.BytesIO(period_report_workbook(period=period)))


def column(sheet, col: int) -> list:
    return [row[col] for row in sheet.iter_rows(min_row=4, values_only=True)]


@pytest.mark.django_db
def test_the_whole_groups_report_holds_goals_indicators_and_activities(report_data):
    # (the whole group's report is built by a background job: test_export_jobs.py)
    period, goal, other_goal = report_data

    book = whole_group_book(period)

    assert book.sheetnames == ["Goals", "Indicators", "Activities", "Duplicates and conflicts"]
    goals = book["Goals"]
    assert str(goal) in column(goals, 0) and str(other_goal) in column(goals, 0)
    assert "Partly met" in column(goals, 2)
    indicators = book["Indicators"]
    assert column(indicators, 0) == ["Behöriga till gymnasiet"]
    assert column(indicators, 3) == [86.4] and column(indicators, 5) == ["Kolada"]
    activities = book["Activities"]
    assert sorted(column(activities, 1)) == ["Grundskoleavdelningen", "Växjöbostäder AB"]
    assert 40 in column(activities, 2) and "At risk" in column(activities, 3)


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_comes_out_as_text(report_data):
    period, *_ = report_data

    book = whole_group_book(period)

    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
    assert '\'=HYPERLINK("http://x")' in column(book["Goals"], 3)
    assert "'+Läxhjälp" in column(book["Activities"], 0)
    assert "'@SUM(A1)\tx" in column(book["Activities"], 4)


@pytest.mark.django_db
def test_a_units_report_holds_only_the_unit_and_its_departments(client, reader, report_data, group):
    period, goal, other_goal = report_data
    client.force_login(reader)

    url = reverse("goals:period_report_excel", args=[period.pk]) + "?enhet=utbildning"
    book = open_book(client.get(url))

    assert column(book["Goals"], 0) == [str(goal)]
    assert column(book["Activities"], 1) == ["Grundskoleavdelningen"]


@pytest.mark.django_db
def test_unknown_period_or_unit_is_404_and_anonymous_is_sent_to_login(client, reader, report_data):
    period, *_ = report_data
    url = reverse("goals:period_report_excel", args=[period.pk])
    assert client.get(url).status_code == 302
    client.force_login(reader)
    assert client.get(reverse("goals:period_report_excel", args=[999999])).status_code == 404
    assert client.get(url + "?enhet=finns-inte").status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 20])
def test_the_reports_queries_do_not_grow_with_the_data(
    client, reader, group, size, django_assert_num_queries
):
    period = f.ReportingPeriodFactory()
    for n in range(size):
        goal = f.UnitGoalFactory(owner_unit=group.administration)
        indicator = f.IndicatorFactory(goal=goal)
        Measurement.objects.create(indicator=indicator, year=2024, value=n)
        GoalAssessment.objects.create(period=period, goal=goal, assessment="met")
        activity = f.ActivityFactory(owner_unit=group.department)
        ActivityReport.objects.create(period=period, activity=activity, progress=n)
    client.force_login(reader)
    url = reverse("goals:period_report_excel", args=[period.pk]) + "?enhet=utbildning"
    # session, user, role assignments (the second factor's check); the period, the unit, the
    # unit tree; goals, their assessments, indicators,
    # measurements; the status reports with activities and units; the open duplicate cases and
    # the open conflicts' summary (none open: their largest are not read; test_report_at_stake.py)
    with django_assert_num_queries(3 + 3 + 4 + 1 + 2):
        book = open_book(client.get(url))
    assert len(column(book["Activities"], 0)) == size
