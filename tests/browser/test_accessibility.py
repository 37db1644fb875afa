"""WCAG 2.1 A and AA, checked by axe-core (the engine browsers' accessibility tools use) in
Debian's Chromium, on the demo group as each role sees it: the pages people use most, after the
page's own script has run. Contrast, names, labels, landmarks, ARIA: what a machine can check; a
person still has to try the keyboard and a screen reader."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Page, expect

from demo.data import PASSWORD
from demo.data import users as demo_users
from goals.conflicts.models import Conflict
from goals.followup.models import ReportingPeriod
from goals.models import Activity, Goal
from goals.overlap.cases import strong_open_pairs
from recruitment.models import JobAd, Position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def demo(db):
    """The demo group, seeded once for all the roles the test signs in as: each seed for the live
    server is committed and flushed again after the test, 10-20 s that every role paid when each
    was a test of its own."""
    call_command("seed_demo", "--i-know-this-is-production", verbosity=0)  # DEBUG is off


def pages_of(role: str) -> list[str]:
    goal = Goal.objects.filter(level=Goal.Level.COUNCIL).order_by("sort_order", "code").first()
    activity = Activity.objects.active().order_by("pk").first()
    period = ReportingPeriod.objects.open().chronological().last()
    ad = JobAd.objects.order_by("pk").first()
    position = Position.objects.filter(is_key=True).order_by("pk").first()
    # An open conflict (with its decision form for the chief executive) about an activity the
    # demo editor of Utbildningsförvaltningen may flag.
    conflict = Conflict.objects.open().order_by("pk").first()
    flaggable = Activity.objects.active().get(title="Nyproduktion av hyresrätter i Vikaholm")
    # The overview's cells with their marks opened: one holding duplicated work (a strong open
    # pair), shown in kronor, and one of the open conflict's (its duplicate cases too, if any).
    strong = strong_open_pairs().select_related("activity_a__owner_unit__top_unit").first()
    duplicated = strong.activity_a
    duplicate_cell = (
        f"/?visa=kronor&enhet={duplicated.owner_unit.top_unit.slug}"
        f"&mal={duplicated.contributions.exclude(goal__council_goal=None)[0].goal.council_goal_id}"
    )
    conflict_cell = (
        f"/?enhet={conflict.activity.owner_unit.top_unit.slug}&mal={conflict.goal.council_goal_id}"
    )
    return {
        "kommunchef": [
            "/",
            duplicate_cell,
            conflict_cell,
            "/aktiviteter/",
            "/mal/",
            goal.get_absolute_url(),
            activity.get_absolute_url(),
            "/enheter/",
            "/overlappningar/",
            "/motverkan/",
            "/luckor/",
            "/konflikter/",
            conflict.get_absolute_url(),
            f"/uppfoljning/{period.pk}/",
            "/processer/utrullning/",
            "/kompetensforsorjning/",
        ],
        "redaktor-utbildning": [
            "/aktiviteter/ny/",
            "/aktiviteter/importera/",
            f"/uppfoljning/{period.pk}/utbildningsforvaltningen/",
            f"/aktiviteter/{flaggable.pk}/motverkar-vart-mal/",
        ],
        "processagare-hr": [
            "/processer/cockpit/",
            f"/kompetensforsorjning/befattningar/{position.pk}/",
        ],
        "rekryterare": ["/rekrytering/", f"/rekrytering/annonser/{ad.pk}/"],
        "": ["/lediga-jobb/", f"/lediga-jobb/{ad.pk}/", "/konto/logga-in/"],
    }[role]


# The roles whose pages are checked: first a visitor who has not signed in (""), on the fresh
# page, then each demo login after the previous one's cookies are cleared.
ROLES = ["", "kommunchef", "redaktor-utbildning", "processagare-hr", "rekryterare"]


def test_the_pages_meet_wcag_21_aa_as_axe_checks_it(page: Page, live_server, demo):
    """Every role's pages on one seed; the failure lists every role's findings, not the first."""
    axe = Axe()
    found = {}
    for role in ROLES:
        page.context.clear_cookies()
        if role:
            page.goto(f"{live_server.url}/konto/logga-in/")
            page.fill("#id_username", role)
            page.fill("#id_password", PASSWORD)
            page.click("main [type=submit]")
            # The header names the person, never the username (issue 12).
            person = next(u for u in demo_users.USERS if u["username"] == role)
            name = f"{person['first_name']} {person['last_name']}"
            expect(page.locator("header .user-name")).to_contain_text(name)
        for path in pages_of(role):
            response = page.goto(f"{live_server.url}{path}")
            if response.status != 200:
                found[(role, path)] = [f"HTTP {response.status}"]
                continue
            page.wait_for_load_state("load")
            violations = axe.run(page, options=WCAG_21_AA).response["violations"]
            if violations:
                found[(role, path)] = [
                    f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
                    for v in violations
                ]
    assert found == {}, "\n".join(
        f"{role or 'visitor'} {path}: {problems}" for (role, path), problems in found.items()
    )
