"""The overview's act-on list in a real headless Chromium on a 1366×768 municipal laptop: the
chief executive sees what to decide without scrolling, opens the largest duplicate case with one
click and decides it, and the overview no longer lists it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from goals.models import OverlapSuggestion
from tests import factories as f
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def same_work(units, *, title: str, budget: int) -> int:
    """One case: an activity in each unit, every two of them an open pair; returns its key."""
    activities = [
        f.ActivityFactory(owner_unit=unit, title=f"{title} ({unit.name})", budget_sek=budget)
        for unit in units
    ]
    for i, first in enumerate(activities):
        for second in activities[i + 1 :]:
            OverlapSuggestion.objects.create(
                activity_a=first, activity_b=second, score=0.8, text_score=0.8,
                case_key=activities[0].pk,
            )  # fmt: skip
    return activities[0].pk


@pytest.fixture
def a_full_list(group):
    """Two cases, five conflicts, late reports and a goal nobody serves: a long list."""
    care = f.UnitFactory(name="Omsorgsförvaltningen", slug="omsorg")
    units = [group.administration, group.company, care]
    same_work(units, title="Sommarjobb för unga", budget=900_000)
    largest = same_work(units, title="Rekryteringskampanj för sjuksköterskor", budget=4_000_000)
    for n in range(5):
        f.ConflictFactory(
            activity=f.ActivityFactory(
                owner_unit=group.company, title=f"Garage {n}", budget_sek=1_000_000 + n
            ),
            goal=f.UnitGoalFactory(owner_unit=group.administration, title=f"Fler cyklar {n}"),
        )
    f.GoalFactory(title="Kultur och fritid")
    f.ReportingPeriodFactory()  # due 21 April 2026: every unit with activities is late
    return largest


def test_the_chief_executive_sees_what_to_decide_at_once_and_decides_the_largest_case(
    page: Page, live_server, chief, a_full_list
):
    page.set_viewport_size(LAPTOP)
    log_in(page, live_server, "kommunchef")
    page.goto(f"{live_server.url}/")

    act_on = page.get_by_role("region", name="Att besluta")
    expect(act_on).to_be_visible()
    entries = act_on.get_by_role("listitem")
    # Five cases and conflicts by money, then the late reports and the goal nobody serves.
    expect(entries).to_have_count(7)
    expect(entries.first).to_contain_text("Dubbelarbete")
    expect(entries.first).to_contain_text("12 000 000 kr")
    expect(entries.nth(5)).to_contain_text("Försenad rapport")
    expect(entries.nth(6)).to_contain_text("Mål utan aktivitet")
    expect(act_on).to_contain_text("kronor i parallellt arbete")
    # On the first screen: nothing scrolled, and the whole list inside the window.
    assert page.evaluate("window.scrollY") == 0
    box = act_on.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= LAPTOP["height"], box

    act_on.get_by_role(
        "link", name="Besluta om fallet: Rekryteringskampanj för sjuksköterskor"
    ).first.click()
    expect(page).to_have_url(f"{live_server.url}/overlappningar/fall/{a_full_list}/")
    expect(page.locator("h1")).to_have_text("Samma arbete i flera enheter")
    page.get_by_label("Dubblett: slå ihop eller samordna").check()
    page.get_by_label("Anteckning").fill("Samordnas av HR.")
    page.get_by_role("button", name="Spara beslutet").click()

    page.goto(f"{live_server.url}/")
    act_on = page.get_by_role("region", name="Att besluta")
    expect(act_on).not_to_contain_text("Rekryteringskampanj för sjuksköterskor")
    expect(act_on.get_by_role("listitem").first).to_contain_text("Sommarjobb för unga")
    assert set(
        OverlapSuggestion.objects.filter(case_key=None).values_list("decision", flat=True)
    ) == {OverlapSuggestion.Decision.DUPLICATE}
