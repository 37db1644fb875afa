"""Follow-up services: a year's periods, the period's lifecycle (open, closed, reopened with a
reason the history keeps), saving reports with every refusal changing nothing, marking ready,
sending back, and the roll-up rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from goals.followup import rules, services
from goals.followup.models import (
    ActivityReport,
    GoalAssessment,
    ReportingCycle,
    ReportingPeriod,
    StatusColour,
    UnitReport,
)
from goals.models import Activity, Goal
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(group) -> ReportingPeriod:
    return f.ReportingPeriodFactory()


@pytest.fixture
def activity(group):
    return f.ActivityFactory(owner_unit=group.department, title="Läxhjälp")


@pytest.fixture
def unit_goal(group):
    return f.UnitGoalFactory(owner_unit=group.administration, title="Fler klarar skolan")


def _save(user, period, activity, *, version=0, progress=40, status="on_track", comment="Bra"):
    return services.activity_report_save(
        user=user,
        period=period,
        activity=activity,
        version=version,
        progress=progress,
        status=status,
        comment=comment,
    )


# --- Opening a year -------------------------------------------------------------------------------


def test_a_year_opens_in_the_municipal_cycle_with_deadlines(administrator):
    periods = services.reporting_year_open(year=2026, user=administrator)
    assert [(p.number, p.starts_on, p.ends_on, p.deadline) for p in periods] == [
        (1, date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 21)),
        (2, date(2026, 1, 1), date(2026, 8, 31), date(2026, 9, 21)),
        (3, date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 21)),
    ]
    assert all(p.is_open for p in periods)
    with translation.override("en"):
        labels = [str(p) for p in periods]
    assert labels == [
        "Interim report 1 2026",
        "Interim report 2 2026",
        "Annual report 2026",
    ]


def test_opening_a_year_twice_keeps_the_periods_and_their_changes(administrator):
    first = services.reporting_year_open(year=2026, user=administrator)
    ReportingPeriod.objects.filter(pk=first[0].pk).update(deadline=date(2026, 4, 30))
    again = services.reporting_year_open(year=2026, user=administrator)
    assert [p.pk for p in again] == [p.pk for p in first]
    assert again[0].deadline == date(2026, 4, 30)
    assert ReportingPeriod.objects.count() == 3


@pytest.mark.parametrize(
    ("cycle", "count", "last_end", "deadline_days"),
    [
        (ReportingCycle.TERTIALS, 3, date(2027, 12, 31), 21),
        (ReportingCycle.MONTHS, 12, date(2027, 12, 31), 10),
    ],
)
def test_other_cycles_divide_the_year(administrator, cycle, count, last_end, deadline_days):
    periods = services.reporting_year_open(year=2027, cycle=cycle, user=administrator)
    assert len(periods) == count
    assert periods[-1].ends_on == last_end
    assert periods[0].deadline == periods[0].ends_on + timedelta(days=deadline_days)
    second_start = date(2027, 5, 1) if cycle == ReportingCycle.TERTIALS else date(2027, 2, 1)
    assert periods[1].starts_on == second_start


def test_february_ends_on_its_last_day_in_a_leap_year(administrator):
    periods = services.reporting_year_open(
        year=2028, cycle=ReportingCycle.MONTHS, user=administrator
    )
    assert periods[1].ends_on == date(2028, 2, 29)
    with translation.override("en"):
        assert periods[1].label == "February"


def test_a_year_follows_one_cycle(administrator):
    services.reporting_year_open(year=2026, user=administrator)
    with pytest.raises(ValidationError) as caught:
        services.reporting_year_open(year=2026, cycle=ReportingCycle.MONTHS, user=administrator)
    assert "another cycle" in str(caught.value)
    assert ReportingPeriod.objects.count() == 3


@pytest.mark.parametrize(("year", "days"), [(1999, None), (2101, None), (2026, -1), (2026, 121)])
def test_bad_years_and_deadlines_are_refused(administrator, year, days):
    with pytest.raises(ValidationError):
        services.reporting_year_open(year=year, deadline_days=days, user=administrator)
    assert not ReportingPeriod.objects.exists()


def test_only_an_administrator_opens_a_year(editor, chief):
    for user in (editor, chief):
        with pytest.raises(PermissionDenied):
            services.reporting_year_open(year=2026, user=user)
    assert not ReportingPeriod.objects.exists()


def test_the_command_opens_a_year_and_refuses_a_second_cycle(capsys):
    call_command("open_reporting_year", "2026")
    assert "2026-04-21" in capsys.readouterr().out
    call_command("open_reporting_year", "2026")
    assert ReportingPeriod.objects.count() == 3
    with pytest.raises(Exception, match="another cycle"):
        call_command("open_reporting_year", "2026", "--cycle", "months")


# --- Closing and reopening ------------------------------------------------------------------------


def test_a_closed_period_refuses_reports_and_a_reopened_one_takes_them(
    administrator, editor, period, activity
):
    report = _save(editor, period, activity, progress=30)
    services.period_close(user=administrator, period=period)
    with pytest.raises(ValidationError) as caught:
        _save(editor, period, activity, version=report.version, progress=90, comment="Sent")
    assert services.PERIOD_CLOSED in caught.value.messages
    report.refresh_from_db()
    assert (report.progress, report.comment, report.version) == (30, "Bra", 1)

    with pytest.raises(ValidationError):
        services.period_reopen(user=administrator, period=period, reason="  ")
    period.refresh_from_db()
    assert period.is_closed
    services.period_reopen(user=administrator, period=period, reason="Rättelse av Omsorg")
    saved = _save(editor, period, activity, version=report.version, progress=90)
    assert saved.progress == 90


def test_the_history_records_who_closed_and_who_reopened_why(administrator, period):
    services.period_close(user=administrator, period=period)
    services.period_reopen(user=administrator, period=period, reason="Sen rättelse")
    events = list(period.events.order_by("pgh_id").values_list("status", "reopen_reason"))
    assert events == [("open", ""), ("closed", ""), ("open", "Sen rättelse")]
    closed_event = period.events.order_by("pgh_id")[1]
    assert closed_event.closed_by_id == administrator.pk


def test_only_an_administrator_closes_or_reopens(chief, editor, period):
    for user in (chief, editor):
        with pytest.raises(PermissionDenied):
            services.period_close(user=user, period=period)
    period.refresh_from_db()
    assert period.is_open


def test_a_closed_period_refuses_assessments_and_marking_ready(
    administrator, editor, group, period, unit_goal
):
    services.period_close(user=administrator, period=period)
    with pytest.raises(ValidationError):
        services.goal_assessment_save(
            user=editor, period=period, goal=unit_goal, version=0, assessment="met", analysis="x"
        )
    with pytest.raises(ValidationError):
        services.unit_report_mark_ready(user=editor, period=period, unit=group.administration)
    assert not GoalAssessment.objects.exists()
    assert not UnitReport.objects.exists()


# --- Saving reports -------------------------------------------------------------------------------


@pytest.mark.parametrize("progress", [-1, 101, "150", "abc", "4.5", "1e2", True])
def test_progress_outside_0_to_100_is_refused_beside_the_field(editor, period, activity, progress):
    with pytest.raises(ValidationError) as caught:
        _save(editor, period, activity, progress=progress, comment="Inget ska sparas")
    assert caught.value.message_dict["progress"] == [str(services.PROGRESS_OUT_OF_RANGE)]
    assert not ActivityReport.objects.exists()


def test_a_refused_progress_leaves_the_saved_report_whole(editor, period, activity):
    report = _save(editor, period, activity, progress=20, comment="Första")
    with pytest.raises(ValidationError):
        _save(editor, period, activity, version=1, progress=200, comment="Andra")
    report.refresh_from_db()
    assert (report.progress, report.comment, report.version) == (20, "Första", 1)


@pytest.mark.parametrize(("progress", "saved"), [("", None), (" 0 ", 0), ("100", 100), (55, 55)])
def test_progress_may_be_empty_in_a_draft(editor, period, activity, progress, saved):
    assert _save(editor, period, activity, progress=progress).progress == saved


def test_two_people_saving_the_same_report_do_not_overwrite_each_other(
    editor, administrator, period, activity
):
    first = _save(editor, period, activity, progress=10, comment="Redaktörens text")
    # Both start from version 1; the administrator saves first.
    _save(administrator, period, activity, version=1, progress=20, comment="Adminens text")
    with pytest.raises(ValidationError) as caught:
        _save(editor, period, activity, version=1, progress=30, comment="Skriver över?")
    assert services.STALE_REPORT in caught.value.messages
    first.refresh_from_db()
    assert (first.progress, first.comment, first.version) == (20, "Adminens text", 2)


def test_a_second_first_save_is_stale_not_an_error(editor, administrator, period, activity):
    _save(editor, period, activity, version=0)
    with pytest.raises(ValidationError) as caught:
        _save(administrator, period, activity, version=0, comment="Också först")
    assert services.STALE_REPORT in caught.value.messages
    assert ActivityReport.objects.get().comment == "Bra"


def test_outsiders_may_not_report_or_assess(company_editor, reader, period, activity, unit_goal):
    for user in (company_editor, reader):
        with pytest.raises(PermissionDenied):
            _save(user, period, activity)
        with pytest.raises(PermissionDenied):
            services.goal_assessment_save(
                user=user, period=period, goal=unit_goal, version=0, assessment="met", analysis=""
            )
    assert not ActivityReport.objects.exists() and not GoalAssessment.objects.exists()


def test_the_process_owner_reports_on_activities_in_their_process(process_owner, group, period):
    activity = f.ActivityFactory(owner_unit=group.company, process=group.recruitment_process)
    assert _save(process_owner, period, activity).updated_by == process_owner


def test_unknown_colour_and_assessment_are_refused(editor, period, activity, unit_goal):
    with pytest.raises(ValidationError) as caught:
        _save(editor, period, activity, status="purple")
    assert "status" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.goal_assessment_save(
            user=editor, period=period, goal=unit_goal, version=0, assessment="done", analysis=""
        )
    assert "assessment" in caught.value.message_dict


def test_an_assessment_is_saved_and_versioned(editor, period, unit_goal):
    row = services.goal_assessment_save(
        user=editor, period=period, goal=unit_goal, version=0, assessment="met", analysis=" Ok "
    )
    assert (row.assessment, row.analysis, row.version) == ("met", "Ok", 1)
    row = services.goal_assessment_save(
        user=editor, period=period, goal=unit_goal, version=1, assessment="not_met", analysis="Ny"
    )
    assert row.version == 2
    with pytest.raises(ValidationError):
        services.goal_assessment_save(
            user=editor, period=period, goal=unit_goal, version=1, assessment="met", analysis=""
        )
    row.refresh_from_db()
    assert row.assessment == "not_met"


# --- Ready and sent back --------------------------------------------------------------------------


def test_a_unit_is_ready_only_when_everything_is_reported(editor, group, period, unit_goal):
    done = f.ActivityFactory(owner_unit=group.department)
    open_one = f.ActivityFactory(owner_unit=group.administration)
    f.ActivityFactory(owner_unit=group.administration, status=Activity.Status.CANCELLED)
    f.ActivityFactory(owner_unit=group.administration, end_date=date(2025, 12, 31))
    f.ActivityFactory(owner_unit=group.administration, start_date=date(2026, 6, 1))
    f.ActivityFactory(owner_unit=group.company)  # another unit's
    _save(editor, period, done)
    _save(editor, period, open_one, progress="")  # a draft without progress

    with pytest.raises(ValidationError) as caught:
        services.unit_report_mark_ready(user=editor, period=period, unit=group.administration)
    assert "Activities without progress: 1. Goals without an assessment: 1." in str(caught.value)
    assert not UnitReport.objects.filter(status="ready").exists()

    _save(editor, period, open_one, version=1, progress=0)
    services.goal_assessment_save(
        user=editor, period=period, goal=unit_goal, version=0, assessment="met", analysis=""
    )
    report = services.unit_report_mark_ready(user=editor, period=period, unit=group.administration)
    assert (report.status, report.ready_by) == (UnitReport.Status.READY, editor)


def test_a_ready_report_is_locked_until_sent_back(editor, chief, group, period, activity):
    _save(editor, period, activity)
    services.unit_report_mark_ready(user=editor, period=period, unit=group.administration)
    with pytest.raises(ValidationError) as caught:
        _save(editor, period, activity, version=1, progress=99)
    assert services.UNIT_REPORT_READY in caught.value.messages
    assert ActivityReport.objects.get().progress == 40

    with pytest.raises(ValidationError) as caught:
        services.unit_report_send_back(
            user=chief, period=period, unit=group.administration, comment=" "
        )
    assert "comment" in caught.value.message_dict
    back = services.unit_report_send_back(
        user=chief, period=period, unit=group.administration, comment="Beskriv riskerna"
    )
    assert (back.status, back.returned_by, back.return_comment) == (
        "returned",
        chief,
        "Beskriv riskerna",
    )
    assert _save(editor, period, activity, version=1, progress=99).progress == 99
    again = services.unit_report_mark_ready(user=editor, period=period, unit=group.administration)
    assert again.status == "ready"


def test_who_may_send_back(editor, reader, process_owner, administrator, group, period, activity):
    _save(editor, period, activity)
    services.unit_report_mark_ready(user=editor, period=period, unit=group.administration)
    for user in (editor, reader):
        with pytest.raises(PermissionDenied):
            services.unit_report_send_back(
                user=user, period=period, unit=group.administration, comment="Nej"
            )
    assert UnitReport.objects.get().status == "ready"
    services.unit_report_send_back(
        user=process_owner, period=period, unit=group.administration, comment="Komplettera"
    )
    with pytest.raises(ValidationError):  # no longer ready
        services.unit_report_send_back(
            user=administrator, period=period, unit=group.administration, comment="Igen"
        )


def test_only_the_units_editors_mark_it_ready(company_editor, chief, group, period):
    for user in (company_editor, chief):
        with pytest.raises(PermissionDenied):
            services.unit_report_mark_ready(user=user, period=period, unit=group.administration)
    assert not UnitReport.objects.exists()


# --- Roll-up --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "colour"),
    [
        ({}, StatusColour.NOT_ASSESSED),
        ({"not_assessed": 3}, StatusColour.NOT_ASSESSED),
        ({"on_track": 3, "at_risk": 1}, StatusColour.ON_TRACK),
        ({"on_track": 1, "at_risk": 1}, StatusColour.AT_RISK),
        ({"on_track": 2, "off_track": 2}, StatusColour.AT_RISK),
        ({"at_risk": 1, "off_track": 1}, StatusColour.OFF_TRACK),
        ({"off_track": 1, "not_assessed": 5}, StatusColour.OFF_TRACK),
    ],
)
def test_the_roll_up_rule(counts, colour):
    rollup = rules.Rollup(**counts)
    assert rollup.colour == colour


def test_the_trend_compares_with_the_previous_period():
    better = rules.Rollup(on_track=4)
    worse = rules.Rollup(off_track=2, on_track=2)
    assert better.trend_against(worse) == rules.Trend.BETTER
    assert worse.trend_against(better) == rules.Trend.WORSE
    assert better.trend_against(rules.Rollup(on_track=9)) == rules.Trend.SAME
    assert better.trend_against(None) == rules.Trend.NONE
    assert better.trend_against(rules.Rollup(not_assessed=1)) == rules.Trend.NONE


def test_goals_to_assess_are_those_in_force_and_owned(group, period):
    owned = f.UnitGoalFactory(owner_unit=group.administration)
    f.UnitGoalFactory(owner_unit=None)
    f.UnitGoalFactory(owner_unit=group.administration, period_start=2027, period_end=2030)
    f.GoalFactory(level=Goal.Level.VISION, owner_unit=group.administration)
    assert list(rules.goals_to_assess(period)) == [owned]
