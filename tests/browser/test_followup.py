"""Follow-up in a real headless Chromium: a unit editor opens the unit's report from the menu,
types a progress out of range and is told beside the field with nothing saved, fills in the
activity's report and the goal's assessment (saved as a draft while typing, kept across a
reload) and marks the report ready."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from goals.followup.models import ActivityReport, GoalAssessment, UnitReport
from tests import factories as f
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def test_an_editor_fills_in_the_report_and_marks_it_ready(page: Page, live_server, editor, group):
    period = f.ReportingPeriodFactory(deadline=date(2099, 4, 21))
    activity = f.ActivityFactory(owner_unit=group.department, title="Läxhjälp i alla skolor")
    goal = f.UnitGoalFactory(owner_unit=group.administration, title="Fler klarar skolan")
    log_in(page, live_server, "redaktor")

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Uppföljning").click()
    page.get_by_role("link", name="Rapport för Utbildningsförvaltningen").click()
    expect(page.locator("h1")).to_contain_text("Utbildningsförvaltningen: rapport för Delår 1 2026")

    row = page.locator(f"#activity-{activity.pk}")
    progress = row.get_by_label("Framdrift (%)")
    progress.fill("150")
    expect(row.locator(f"#errors-a{activity.pk}-progress")).to_contain_text(
        "Ange framdriften som ett heltal från 0 till 100."
    )
    expect(progress).to_have_attribute("aria-invalid", "true")
    expect(row.locator(".save-status")).to_contain_text("Inte sparat")
    assert not ActivityReport.objects.exists()

    progress.fill("60")
    row.get_by_label("Risk för avvikelse").check()
    row.get_by_label("Kommentar").fill("Två skolor av tre har kommit i gång.")
    expect(row.locator(".save-status")).to_contain_text("Utkastet sparat", timeout=10_000)
    expect(row.locator(f"#errors-a{activity.pk}-progress")).to_be_empty()
    # Let the last keystrokes' save land, then check what the database holds.
    expect(row.locator(f"#id_a{activity.pk}-version")).not_to_have_value("0")
    page.wait_for_load_state("networkidle")

    goal_row = page.locator(f"#goal-{goal.pk}")
    goal_row.get_by_label("Delvis uppfyllt").check()
    goal_row.get_by_label("Analys").fill("Fler elever når målen, men inte alla.")
    expect(goal_row.locator(".save-status")).to_contain_text("Utkastet sparat", timeout=10_000)
    page.wait_for_load_state("networkidle")

    # Nothing typed is lost: a reload shows the drafts.
    page.reload()
    expect(page.locator(f"#activity-{activity.pk}").get_by_label("Framdrift (%)")).to_have_value(
        "60"
    )
    expect(page.locator(f"#activity-{activity.pk}").get_by_label("Kommentar")).to_have_value(
        "Två skolor av tre har kommit i gång."
    )
    report = ActivityReport.objects.get(activity=activity, period=period)
    assert (report.progress, report.status) == (60, "at_risk")
    assert GoalAssessment.objects.get(goal=goal, period=period).assessment == "partly_met"

    page.get_by_role("button", name="Markera rapporten som klar").click()
    expect(page.locator(".messages")).to_contain_text("Rapporten är markerad som klar")
    expect(page.locator("main")).to_contain_text(re.compile("Markerad klar av"))
    expect(page.locator(f"#activity-{activity.pk}").get_by_label("Framdrift (%)")).to_have_count(0)
    assert UnitReport.objects.get(period=period, unit=group.administration).status == "ready"
