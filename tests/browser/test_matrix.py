"""The overview's matrix in a real headless Chromium, by keyboard only: the chief executive
switches it to kronor, finds the cell marked for duplicated work and opens the case from its
drill-down."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from goals.models import OverlapSuggestion
from tests import factories as f
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def duplicated(group):
    """Sommarjobb run by the administration and the company alike, a strong open pair."""
    goal = f.GoalFactory(title="Arbete och företag", code="1")
    activities = []
    for unit, budget in ((group.administration, 1_200_000), (group.company, 300_000)):
        activity = f.ActivityFactory(
            owner_unit=unit, title="Sommarjobb för unga", budget_sek=budget
        )
        f.ContributionFactory(activity=activity, goal=goal)
        activities.append(activity)
    return OverlapSuggestion.objects.create(
        activity_a=activities[0], activity_b=activities[1], score=0.9, text_score=0.9
    )


def test_the_chief_executive_shows_kronor_and_opens_the_duplicate_work_by_keyboard(
    page: Page, live_server, chief, group, duplicated
):
    log_in(page, live_server, "kommunchef")
    toggle = page.get_by_role("group", name="Vad matrisen visar")
    counts = toggle.get_by_role("link", name="Visa antal")
    expect(counts).to_have_attribute("aria-current", "true")

    counts.focus()
    page.keyboard.press("Tab")
    expect(toggle.get_by_role("link", name="Visa kronor")).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url("**/?visa=kronor#matrix-view")
    expect(toggle.get_by_role("link", name="Visa kronor")).to_have_attribute("aria-current", "true")
    # The page opens at the toggle: the next Tab stays there, not at the top of the page.
    page.keyboard.press("Tab")
    expect(toggle.get_by_role("link", name="Visa antal")).to_be_focused()

    cell = page.get_by_role(
        "link", name="Utbildningsförvaltningen – Arbete och företag: 1 200 000 kronor i 1 som"
    )
    expect(cell).to_contain_text("+1 200 000")
    expect(cell).to_have_accessible_name(
        "Utbildningsförvaltningen – Arbete och företag: 1 200 000 kronor i 1 som stödjer, "
        "0 kronor i 0 som motverkar. Dubbelarbete: 1 aktivitet i öppna överlappsärenden"
    )
    cell.focus()
    page.keyboard.press("Enter")

    # htmx swaps the drill-down in and moves focus there.
    drill_down = page.locator("#cell-activities")
    expect(drill_down).to_be_focused()
    expect(drill_down.get_by_role("heading", name="Dubbelarbete")).to_be_visible()
    pair = drill_down.get_by_role("link", name="Par: Sommarjobb för unga")
    expect(pair.locator("xpath=ancestor::li")).to_contain_text("1 500 000 kr sammanlagt")
    pair.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/overlappningar/{duplicated.pk}/")
