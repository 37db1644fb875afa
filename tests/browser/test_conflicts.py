"""A conflict between units in a real headless Chromium, by keyboard where a person would type:
an editor of the administration flags the company's activity as working against the
administration's goal, and the chief executive finds it in the conflict list and decides it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from goals.conflicts.models import Conflict
from tests import factories as f
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def test_an_editor_flags_another_units_activity_and_the_chief_executive_decides_it(
    page: Page, live_server, editor, chief, group
):
    council = f.GoalFactory(code="4", title="Miljö, energi och trafik")
    goal = f.UnitGoalFactory(
        parent=council, code="4.1", title="Fler cyklar", owner_unit=group.administration
    )
    garage = f.ActivityFactory(
        title="Garage under varje hus", owner_unit=group.company, budget_sek=420_000_000
    )

    log_in(page, live_server, "redaktor")
    page.goto(f"{live_server.url}{garage.get_absolute_url()}")
    page.get_by_role("link", name="Anmäl: motverkar vårt mål").click()
    expect(page.locator("h1")).to_have_text("Den här aktiviteten motverkar vårt mål")
    # Without a reason: the message is beside the field, the chosen goal is kept.
    page.get_by_label("Vårt mål som aktiviteten motverkar").select_option(str(goal.pk))
    page.get_by_role("button", name="Anmäl målkonflikten").click()
    reason = page.get_by_label("Hur den motverkar målet")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_reason_error")).to_contain_text("behöver ett skäl")
    expect(page.get_by_label("Vårt mål som aktiviteten motverkar")).to_have_value(str(goal.pk))
    assert not Conflict.objects.exists()
    reason.fill("Garaget styr hyresgästerna mot bilen.")
    reason.press("Tab")
    page.keyboard.press("Tab")  # past the date, to the button
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Målkonflikt: Garage under varje hus")
    expect(page.locator("#conflict-decision")).to_contain_text("Öppen")

    page.context.clear_cookies()
    log_in(page, live_server, "kommunchef")
    page.goto(f"{live_server.url}/konflikter/")
    row = page.locator("tr", has_text="Garage under varje hus")
    expect(row).to_contain_text("Anmäld av den drabbade")
    expect(row).to_contain_text("Drabbad: Utbildningsförvaltningen")
    expect(row).to_contain_text("420 000 000 kr")
    row.get_by_role("link", name="Garage under varje hus").click()
    page.get_by_label("Accepterad som medveten avvägning").check()
    page.get_by_label("Anteckning om beslutet").fill("Bostäderna behövs nu.")
    page.get_by_role("button", name="Spara beslut").click()
    decision = page.locator("#conflict-decision")
    expect(decision).to_contain_text("Accepterad som medveten avvägning")
    expect(decision).to_contain_text("Bostäderna behövs nu.")
    expect(page.locator("#history-heading + ol")).to_contain_text("avgjord")

    conflict = Conflict.objects.get()
    assert (conflict.outcome, conflict.decided_by, conflict.raised_by) == (
        Conflict.Outcome.ACCEPTED,
        chief,
        editor,
    )
