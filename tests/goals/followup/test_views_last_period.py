"""A unit's report shows last period's status report and assessment beside each row, read-only,
so that editors need not look it up or retype it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from goals.followup.models import ActivityReport, GoalAssessment, ReportingPeriod
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def previous(group) -> ReportingPeriod:
    """Helår 2025, the period before Delår 1 2026."""
    return f.ReportingPeriodFactory(
        year=2025,
        number=3,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        deadline=date(2026, 1, 21),
    )


@pytest.fixture
def period(group, previous) -> ReportingPeriod:
    return f.ReportingPeriodFactory(deadline=date(2099, 4, 21))


@pytest.fixture
def activity(group):
    return f.ActivityFactory(owner_unit=group.department, title="Läxhjälp i alla skolor")


@pytest.fixture
def unit_goal(group):
    return f.UnitGoalFactory(owner_unit=group.administration, title="Fler klarar skolan")


def report_row(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</article>", start)]


def page(client, period, group) -> str:
    url = reverse("goals:followup_unit", args=[period.pk, group.administration.slug])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_last_periods_report_is_shown_beside_the_row_escaped(
    client, editor, group, period, previous, activity
):
    f.ActivityReportFactory(
        period=previous,
        activity=activity,
        progress=35,
        status=ActivityReport.Colour.AT_RISK,
        comment="Väntar på <b>lokaler</b>\nsedan mars",
    )
    f.ActivityReportFactory(period=period, activity=activity, progress=60, comment="Nu går det")
    client.force_login(editor)
    row = report_row(page(client, period, group), f"activity-{activity.pk}")
    last = row[row.index('class="report-previous"') :]
    last = last[: last.index("</div>")]
    assert "Last period" in last and "(Annual report 2025)" in last
    assert "35 %" in last
    assert "colour--at_risk" in last
    assert "Väntar på &lt;b&gt;lokaler&lt;/b&gt;<br>sedan mars" in last
    assert "<b>lokaler" not in row
    # This period's values stay in the form; last period's are not offered as a field.
    assert 'value="60"' in row and "Nu går det" in row
    assert 'value="35"' not in row


def test_a_row_without_a_report_last_period_says_so(
    client, editor, group, period, previous, activity, unit_goal
):
    client.force_login(editor)
    html = page(client, period, group)
    assert "Not reported last period." in report_row(html, f"activity-{activity.pk}")
    assert "Not assessed last period." in report_row(html, f"goal-{unit_goal.pk}")


def test_last_periods_assessment_is_shown_beside_the_goal(
    client, reader, group, period, previous, unit_goal
):
    f.GoalAssessmentFactory(
        period=previous,
        goal=unit_goal,
        assessment=GoalAssessment.Assessment.NOT_MET,
        analysis="För få <i>elever</i>",
    )
    client.force_login(reader)
    row = report_row(page(client, period, group), f"goal-{unit_goal.pk}")
    last = row[row.index('class="report-previous"') :]
    assert "Last period" in last
    assert str(GoalAssessment.Assessment.NOT_MET.label) in last
    assert "För få &lt;i&gt;elever&lt;/i&gt;" in last


def test_only_the_period_just_before_counts_as_last_period(
    client, editor, group, period, previous, activity
):
    older = f.ReportingPeriodFactory(
        year=2025,
        number=2,
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 8, 31),
        deadline=date(2025, 9, 21),
    )
    later = f.ReportingPeriodFactory(
        number=2, starts_on=date(2026, 1, 1), ends_on=date(2026, 8, 31), deadline=date(2026, 9, 21)
    )
    f.ActivityReportFactory(period=older, activity=activity, comment="Från delår 2")
    f.ActivityReportFactory(period=later, activity=activity, comment="Från framtiden")
    client.force_login(editor)
    row = report_row(page(client, period, group), f"activity-{activity.pk}")
    assert "Från delår 2" not in row and "Från framtiden" not in row
    assert "Not reported last period." in row


def test_the_first_period_has_no_last_period_values(client, editor, group, previous, activity):
    f.ActivityReportFactory(period=previous, activity=activity, comment="Helåret")
    client.force_login(editor)
    # Helår 2025 is the earliest period: nothing before it.
    row = report_row(page(client, previous, group), f"activity-{activity.pk}")
    last = row[row.index('class="report-previous"') :]
    assert "Helåret" not in last[: last.index("</div>")]
    assert "Not reported last period." in last
