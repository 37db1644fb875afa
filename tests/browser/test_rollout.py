"""A process owner changes a cell of the rollout matrix in place, in a real headless Chromium,
and the chief executive's overview shows it in the heat map."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from processes.models import Implementation, Stage
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def test_a_process_owner_changes_a_cell_and_the_overview_heat_map_shows_it(
    page: Page, live_server, process_owner, chief, group
):
    log_in(page, live_server, "processagare")
    page.goto(f"{live_server.url}/processer/utrullning/?omrade=hr")
    expect(page.locator("h1")).to_have_text("Utrullning av processerna")
    page.evaluate("window.__noReload = true")

    cell_id = f"#cell-{group.recruitment_process.pk}-{group.company.pk}"
    page.locator(cell_id).get_by_role("link").click()
    form = page.locator(f"{cell_id} form")
    expect(form).to_be_visible()
    form.locator("select[name=stage]").select_option("in_use")
    form.locator("input[name=contact]").fill("HR-chef, Växjöbostäder")
    form.locator("textarea[name=note]").fill("Gemensam rutin sedan mars.")
    form.locator("[type=submit]").click()

    cell = page.locator(cell_id)
    expect(cell).to_contain_text("I bruk")
    expect(cell).to_contain_text("HR-chef, Växjöbostäder")
    assert page.evaluate("window.__noReload") is True  # changed in place, no reload
    saved = Implementation.objects.get(process=group.recruitment_process, unit=group.company)
    assert (saved.stage, saved.updated_by) == (Stage.IN_USE, process_owner)

    # The chief executive's overview shows the new stage in the heat map.
    page.context.clear_cookies()
    log_in(page, live_server, "kommunchef")
    heat = page.locator("table.heatmap")
    expect(heat).to_contain_text("Rekrytering")
    expect(heat.locator("td[data-stage=in_use]")).to_have_count(1)
    expect(heat.locator("td[data-stage=in_use]")).to_contain_text(
        f"{group.company.display_name}: I bruk"
    )


def test_a_change_from_an_old_version_shows_the_current_value(
    page: Page, live_server, process_owner, group
):
    Implementation.objects.create(
        process=group.recruitment_process, unit=group.company, stage=Stage.PLANNED
    )
    log_in(page, live_server, "processagare")
    page.goto(f"{live_server.url}/processer/utrullning/?omrade=hr")
    cell_id = f"#cell-{group.recruitment_process.pk}-{group.company.pk}"
    page.locator(cell_id).get_by_role("link").click()
    expect(page.locator(f"{cell_id} form")).to_be_visible()
    # Meanwhile a colleague saves the same cell.
    Implementation.objects.filter(unit=group.company).update(
        stage=Stage.FOLLOWED_UP, note="Kollegans", version=2
    )
    page.locator(f"{cell_id} select[name=stage]").select_option("introduced")
    page.locator(f"{cell_id} [type=submit]").click()
    expect(page.locator(f"{cell_id} [role=alert]")).to_contain_text("Kollegans")
    assert Implementation.objects.get(unit=group.company).stage == Stage.FOLLOWED_UP
