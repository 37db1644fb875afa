"""The activity form's goal rows in a real headless Chromium, by keyboard: a unit editor starts
with one goal row, adds a second with "Lägg till mål", lands in it, and saves both."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from goals.models import Activity
from tests import factories as f
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def test_an_editor_adds_a_goal_row_by_keyboard_and_saves_both(
    page: Page, live_server, editor, group
):
    swimming = f.GoalFactory(title="Fler simkunniga barn", code="2.1")
    health = f.GoalFactory(title="Bättre folkhälsa", code="2.2")
    log_in(page, live_server, "redaktor")
    page.goto(f"{live_server.url}/aktiviteter/ny/")
    goals = page.get_by_role("group", name="Mål", exact=True)
    expect(goals.locator("fieldset.contribution-row")).to_have_count(1)
    expect(goals.locator(".required")).to_have_count(0)

    page.fill("#id_title", "Simskola för alla barn")
    page.select_option("#id_owner_unit", str(group.administration.pk))
    page.fill("#id_responsible", "Anna Andersson")
    page.select_option("#id_contributions-0-goal", str(swimming.pk))

    # From the first row's last field, Tab reaches "Lägg till mål"; Enter adds a row.
    page.focus("#id_contributions-0-reason")
    page.keyboard.press("Tab")
    add = goals.get_by_role("button", name="Lägg till mål")
    expect(add).to_be_focused()
    page.keyboard.press("Enter")

    # htmx swaps the form in again with a second row, and focus lands on its goal.
    expect(goals.locator("fieldset.contribution-row")).to_have_count(2)
    new_goal = page.locator("#id_contributions-1-goal")
    expect(new_goal).to_be_focused()
    # What was typed is still there, nothing is saved, and no error is shown.
    expect(page.locator("#id_title")).to_have_value("Simskola för alla barn")
    expect(page.locator("#id_contributions-0-goal")).to_have_value(str(swimming.pk))
    expect(page.locator("#error-summary")).to_have_count(0)
    assert not Activity.objects.exists()

    page.select_option("#id_contributions-1-goal", str(health.pk))
    page.get_by_role("button", name="Skapa aktivitet").click()
    expect(page.locator("h1")).to_have_text("Simskola för alla barn")
    activity = Activity.objects.get()
    assert sorted(activity.goals.values_list("code", flat=True)) == ["2.1", "2.2"]
