"""The sub-optimisation signals in a real headless Chromium: a unit editor typing a new activity
sees that another unit already does the same, and the chief executive decides the pair in the
overlap queue without a page reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from goals.models import Activity, OverlapSuggestion
from goals.overlap.scan import overlap_scan
from tests import factories as f
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def cycle_paths(group) -> Activity:
    """The company already builds cycle paths in Teleborg."""
    return f.ActivityFactory(
        title="Utbyggnad av cykelvägar i Teleborg",
        description="Nya cykelvägar mellan Teleborg och centrum, med belysning.",
        owner_unit=group.company,
    )


def test_an_editor_sees_the_other_units_activity_while_typing(
    page: Page, live_server, editor, cycle_paths, group
):
    log_in(page, live_server, "redaktor")
    page.goto(f"{live_server.url}/aktiviteter/ny/")
    page.select_option("#id_owner_unit", str(group.administration.pk))
    panel = page.locator("#activity-suggestions")
    expect(panel).not_to_contain_text(cycle_paths.title)

    # Typed key by key, as a person does: the panel follows the input events, debounced.
    page.locator("#id_title").press_sequentially("Nya cykelvägar vid Teleborg", delay=20)
    expect(panel).to_contain_text(cycle_paths.title)
    expect(panel).to_contain_text(group.company.name)
    expect(panel).to_contain_text("Samma ord: cykelväg")
    # Only suggested, never saved: nothing was created by typing.
    assert Activity.objects.count() == 1


def test_the_chief_executive_decides_a_pair_in_the_queue(
    page: Page, live_server, chief, cycle_paths, group
):
    f.ActivityFactory(
        title="Cykelvägar i Teleborg",
        description="Bygga ut cykelvägar mellan Teleborg och centrum.",
        owner_unit=group.administration,
    )
    overlap_scan()
    pair = OverlapSuggestion.objects.get()

    log_in(page, live_server, "kommunchef")
    page.get_by_role("link", name="Signaler").click()
    expect(page.locator("h1")).to_have_text("Överlappande aktiviteter")
    page.locator(f"a.overlap-open[href*='/overlappningar/{pair.pk}/']").click()

    page.evaluate("window.__noReload = true")
    page.get_by_label("Närliggande: samordna").check()
    page.get_by_label("Anteckning").fill("Samordna belysningen med gatukontoret.")
    page.get_by_role("button", name="Spara beslut").click()
    decision = page.locator("#overlap-decision")
    expect(decision).to_contain_text("Närliggande: samordna")
    expect(decision).to_contain_text("Samordna belysningen med gatukontoret.")
    assert page.evaluate("window.__noReload") is True

    pair.refresh_from_db()
    assert pair.decision == OverlapSuggestion.Decision.RELATED
    assert pair.decided_by == chief
