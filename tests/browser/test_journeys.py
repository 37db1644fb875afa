"""What users do, in a real headless Chromium (Debian's), against the live server.

The chief executive logs in, reads the overview, drills into a cell without a page reload and opens
an activity; a unit editor edits an activity and sees the change and its history.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from goals.models import Activity, Contribution
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    """The live server speaks plain HTTP; production's secure-only cookies would not be sent."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def activity(group) -> Activity:
    goal = f.GoalFactory(title="Miljö, energi och trafik", code="4")
    activity = f.ActivityFactory(
        title="Cykelvägar i Teleborg",
        owner_unit=group.department,
        description="Nya cykelvägar mellan Teleborg och centrum.",
    )
    f.ContributionFactory(activity=activity, goal=goal)
    other = f.ActivityFactory(title="Nytt parkeringshus i centrum", owner_unit=group.company)
    f.ContributionFactory(
        activity=other,
        goal=goal,
        effect=Contribution.Effect.COUNTERACTS,
        reason="Fler bilar in i centrum.",
    )
    return activity


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", f.PASSWORD)
    page.click("main [type=submit]")
    expect(page.locator("header .user-name")).to_contain_text(username)


def test_the_chief_executive_drills_from_the_overview_into_an_activity(
    page: Page, live_server, chief, activity, group
):
    log_in(page, live_server, "kommunchef")
    expect(page.locator("h1")).to_have_text("Översikt")
    matrix = page.locator("table.matrix")
    expect(matrix).to_contain_text(group.administration.display_name)

    # Keep a marker on the window: a full page load would lose it, an htmx swap keeps it.
    page.evaluate("window.__noReload = true")
    cell = matrix.locator(f"a[href*='enhet={group.administration.slug}']").first
    cell.click()
    listing = page.locator("#cell-activities")
    expect(listing).to_contain_text("Cykelvägar i Teleborg")
    expect(page).to_have_url(re.compile(rf"enhet={group.administration.slug}"))
    assert page.evaluate("window.__noReload") is True

    # The URL is shareable: opening it fresh shows the same list.
    page.goto(page.url)
    expect(page.locator("#cell-activities")).to_contain_text("Cykelvägar i Teleborg")

    page.locator("#cell-activities").get_by_role("link", name="Cykelvägar i Teleborg").click()
    expect(page.locator("h1")).to_have_text("Cykelvägar i Teleborg")
    expect(page.locator("main")).to_contain_text("Nya cykelvägar mellan Teleborg och centrum.")


def test_a_unit_editor_edits_an_activity_and_sees_the_change_in_its_history(
    page: Page, live_server, editor, activity
):
    log_in(page, live_server, "redaktor")
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    page.click(f"a[href$='/aktiviteter/{activity.pk}/redigera/']")

    # Validation as you go: an end date before the start is flagged beside the field at once.
    page.fill("#id_start_date", "2026-05-01")
    page.fill("#id_end_date", "2026-01-01")
    page.locator("#id_end_date").dispatch_event("change")
    expect(page.locator("#field-end_date .errorlist")).to_be_visible()
    end_date = page.locator("#id_end_date")
    expect(end_date).to_have_attribute("aria-invalid", "true")
    expect(end_date).to_have_attribute("aria-describedby", "id_end_date_error")
    page.fill("#id_end_date", "2026-12-31")
    page.locator("#id_end_date").dispatch_event("change")
    expect(page.locator("#field-end_date .errorlist")).to_have_count(0)
    expect(end_date).not_to_have_attribute("aria-invalid", "true")

    page.fill("#id_title", "Cykelvägar i Teleborg och Araby")
    page.select_option("#id_status", "done")
    page.get_by_role("button", name="Spara ändringar").click()

    expect(page.locator("h1")).to_have_text("Cykelvägar i Teleborg och Araby")
    expect(page.locator("main")).to_contain_text("Klar")
    expect(page.locator("main")).to_contain_text("redaktor")
    activity.refresh_from_db()
    assert activity.title == "Cykelvägar i Teleborg och Araby"
    assert activity.status == Activity.Status.DONE
    assert str(activity.end_date) == "2026-12-31"


def test_the_interface_switches_to_english_and_back(page: Page, live_server, reader):
    log_in(page, live_server, "lasare")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.click("button[name=language][value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Overview")
    page.click("button[name=language][value=sv]")
    expect(page.locator("h1")).to_have_text("Översikt")
