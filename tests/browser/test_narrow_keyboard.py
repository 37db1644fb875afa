"""At 320 px, by keyboard alone (issue 15): a reader opens the folded filters above the activity
list and reaches their first field, and scrolls the list's table sideways inside its own box,
which shows where the focus is."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests import factories as f
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 40


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"{selector} is not reached within {MAX_TABS} presses of Tab")


def test_a_reader_opens_the_filters_and_scrolls_the_table_by_keyboard(
    page: Page, live_server, reader, group
):
    for number in range(3):
        f.ActivityFactory(
            owner_unit=group.department,
            title=f"Läxhjälp och sommarskola för alla elever i årskurs {number + 4}",
        )
    page.set_viewport_size({"width": 320, "height": 800})
    log_in(page, live_server, "lasare")
    page.goto(f"{live_server.url}/aktiviteter/")
    filters = page.locator("details.filter-disclosure")
    expect(filters).not_to_have_attribute("open", "")

    tab_to(page, "details.filter-disclosure > summary")
    page.keyboard.press("Enter")
    expect(filters).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    first_field = filters.locator("input, select").first
    expect(first_field).to_be_focused()
    expect(first_field).to_be_visible()

    tab_to(page, ".table-wrap")
    box = page.locator(".table-wrap").first
    # The focus shows (an outline), and the arrow keys scroll the box, not the page.
    outline = box.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.table-wrap').scrollLeft > 0", timeout=5000
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
