"""The follow-up pages run the same number of SQL queries whatever the size of the group: the
progress view, a unit's to-do, and an autosave, each against a small and a ten times larger
group (activities with reports in this and the previous period, goals with assessments, units
with their reports and departments)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from goals.followup.models import UnitReport
from goals.models import Goal
from tests import factories as f
from vaxjo_riktning.models import Unit

pytestmark = pytest.mark.django_db

COLOURS = ["on_track", "at_risk", "off_track", "not_assessed"]


def build(group, size: int):
    """``size`` activities in the administration, its department and new companies, each
    supporting a council goal and a unit goal, with reports in the period and the one before;
    ``size`` unit goals owned by the administration, half assessed; a unit report per company."""
    previous = f.ReportingPeriodFactory(
        year=2025, number=3, ends_on=date(2025, 12, 31), deadline=date(2026, 1, 21)
    )
    period = f.ReportingPeriodFactory()
    who = f.UserFactory(username="rapportor")
    council = Goal.objects.filter(code="Q").first() or f.GoalFactory(code="Q", title="Mätt mål")
    for n in range(size):
        company = f.UnitFactory(kind=Unit.Kind.COMPANY)
        unit_goal = f.UnitGoalFactory(parent=council, owner_unit=group.administration)
        activity = f.ActivityFactory(
            owner_unit=[group.administration, group.department, company][n % 3],
            process=group.recruitment_process if n % 2 else None,
        )
        f.ContributionFactory(activity=activity, goal=council)
        f.ContributionFactory(activity=activity, goal=unit_goal)
        f.ActivityReportFactory(
            period=period, activity=activity, status=COLOURS[n % 4], updated_by=who
        )
        f.ActivityReportFactory(period=previous, activity=activity, status=COLOURS[(n + 1) % 4])
        if n % 2:
            f.GoalAssessmentFactory(period=period, goal=unit_goal)
        UnitReport.objects.create(period=period, unit=company)
    return period


# Every full page starts with session, user and the user's role assignments (3).
EXPECTED = {
    # the periods and the follow-up fingerprint; the summary comes from the cache (the warm-up
    # request filled it; see test_the_progress_view_is_cached_until_a_report_changes)
    "progress": 3 + 1 + 1,
    # the period, the unit; the unit's report, activities and goals still missing (2), the
    # page's count and rows, their reports, the goals, their assessments and their colours;
    # the unit tree (what the editor may write); the history: status reports, assessments,
    # the unit's report, the period, the people named
    "todo": 3 + 2 + 1 + 2 + 2 + 1 + 3 + 1 + 5,
}


def url_for(page: str, period, group) -> str:
    if page == "progress":
        return reverse("goals:followup_period", args=[period.pk])
    return reverse("goals:followup_unit", args=[period.pk, group.administration.slug])


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("page", list(EXPECTED))
def test_each_page_runs_its_listed_queries(
    client, editor, group, django_assert_num_queries, page, size
):
    client.force_login(editor)
    period = build(group, size)
    url = url_for(page, period, group)
    client.get(url)  # warm up: first-request-only work is not counted
    with django_assert_num_queries(EXPECTED[page] + (1 if page == "progress" else 0)):
        # (the progress view also reads the editor's own units, for the way to their report)
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_an_autosave_runs_a_fixed_number_of_queries(
    client, editor, group, django_assert_num_queries, size
):
    client.force_login(editor)
    period = build(group, size)
    activity = f.ActivityFactory(owner_unit=group.department)
    url = reverse("goals:followup_activity_save", args=[period.pk, activity.pk])
    data = {
        f"a{activity.pk}-progress": "10",
        f"a{activity.pk}-status": "on_track",
        f"a{activity.pk}-version": "0",
    }
    client.post(url, data, HTTP_HX_REQUEST="true")
    data[f"a{activity.pk}-version"] = "1"
    data[f"a{activity.pk}-progress"] = "20"
    # session, user; the period, the activity with its unit and process; role assignments, the
    # unit tree (may the editor write it); in the transaction: savepoint, the activity again, the
    # period's status and the unit's report (shared locks), the report (row lock), the update,
    # release
    with django_assert_num_queries(13):
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert "Draft saved" in response.content.decode()


def test_the_progress_view_is_cached_until_a_report_changes(
    client, editor, group, django_assert_num_queries
):
    from django.core.cache import cache

    client.force_login(editor)
    period = build(group, 3)
    url = url_for("progress", period, group)
    client.get(url)
    cache.clear()
    # Cold: the periods, the fingerprint, top-level units, activity counts, goal counts, unit
    # reports, council goals, their colours in this and the previous period; the editor's units.
    with django_assert_num_queries(3 + 1 + 1 + 4 + 2 + 1):
        assert "0 of" in client.get(url).content.decode()
    report = UnitReport.objects.filter(period=period).first()
    report.status, report.ready_at = "ready", report.created_at
    report.save()  # a history event: a new fingerprint, worked out again
    assert "1 of" in client.get(url).content.decode()
