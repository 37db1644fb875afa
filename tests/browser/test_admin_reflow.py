"""The admin at 320 px and at 1280 px (issue 15): administrators are users too, on a phone as
often as anyone. Every registered model's list, and its change form and add form where the demo
has a row and the administrator may add one, must not scroll sideways and must be clean of
axe-core's WCAG 2.1 A and AA rules, as the administrator sees them after the second factor.

The pages come from the admin's registry, so a model registered later is covered without editing
this test. Django's admin leaves some controls without a name (a tabular inline's fields, the
date-and-time boxes, select2's autocomplete box); static/js/admin.js names them, and a row added
and an autocomplete opened show that what appears later is named too. The one-time code's page
on the way in is checked the same way."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import reverse
from playwright.sync_api import expect

from demo.data import PASSWORD
from tests.browser.test_reflow import AXE_RUN, AXE_SOURCE, WCAG_21_AA, WIDTHS, seeded_demo
from tests.signin import totp_code, totp_device
from vaxjo_riktning.models import User

pytestmark = [pytest.mark.browser]

ADMINISTRATOR = "admin"


@dataclass(frozen=True)
class AdminPage:
    model: type
    kind: str  # "changelist", "change" or "add"

    @property
    def id(self) -> str:
        return f"{self.model._meta.label_lower}-{self.kind}"

    def url(self) -> str | None:
        """The page's address, or None where the demo has no row to change."""
        name = f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_{self.kind}"
        if self.kind != "change":
            return reverse(name)
        row = self.model._default_manager.order_by("pk").first()
        return None if row is None else reverse(name, args=[row.pk])


def _pages() -> list[AdminPage]:
    return [
        AdminPage(model, kind)
        for model in sorted(admin.site._registry, key=lambda model: model._meta.label_lower)
        for kind in ("changelist", "change", "add")
    ]


PAGES = _pages()


@dataclass
class Seen:
    status: int
    widths: dict[int, int]  # viewport width -> document width
    violations: dict[int, list[str]]


@dataclass
class Drawn:
    status: int
    rows_added: int
    violations: list[str]


def _sign_in(page, live_server) -> Seen:
    """Sign in as the administrator; what the one-time code's page looked like on the way."""
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", ADMINISTRATOR)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main [type=submit]")
    code_page = _look(page, status=200 if page.locator("#id_otp_token").count() else 0)
    page.fill("#id_otp_token", totp_code(totp_device(User.objects.get(username=ADMINISTRATOR))))
    page.click("main [type=submit]")
    page.wait_for_load_state("load")
    return code_page


def _look(page, *, status: int) -> Seen:
    """The page at each width: its document width and axe's violations."""
    here = Seen(status, {}, {})
    for width in WIDTHS if status == 200 else ():
        page.set_viewport_size({"width": width, "height": 800})
        here.widths[width] = page.evaluate("document.documentElement.scrollWidth")
        here.violations[width] = _violations(page)
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    return here


def _wait_for_widgets(page) -> None:
    """select2 and the two-list chooser draw themselves after the load event."""
    page.wait_for_function(
        """() => !document.querySelector(
            'select.admin-autocomplete:not([name*=__prefix__]):not(.select2-hidden-accessible),'
            + 'select.selectfilter:not([name*=__prefix__]),'
            + 'select.selectfilterstacked:not([name*=__prefix__])')"""
    )


def _violations(page) -> list[str]:
    found = page.evaluate(AXE_RUN, WCAG_21_AA)
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found]


@pytest.fixture(scope="module")
def demo_server(django_db_setup, live_server, django_db_blocker):
    """The demo group behind the live server for the module."""
    with django_db_blocker.unblock(), seeded_demo("sv"):
        yield live_server


@pytest.fixture(scope="module")
def admin_page(demo_server, django_db_blocker, browser):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
    context.add_init_script(AXE_SOURCE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def seen(demo_server, admin_page, django_db_blocker) -> dict[str, Seen | Drawn]:
    """Every admin page at both widths in one pass: one load each, the other width by resizing."""
    started = time.monotonic()
    results: dict[str, Seen | Drawn] = {}
    with django_db_blocker.unblock():
        urls = {spec.id: spec.url() for spec in PAGES}
        # The second factor's page, on the way in: the admin's own door.
        results["signin:verify"] = _sign_in(admin_page, demo_server)
    for spec in PAGES:
        url = urls[spec.id]
        if url is None:
            continue
        response = admin_page.goto(f"{demo_server.url}{url}")
        _wait_for_widgets(admin_page)
        results[spec.id] = _look(admin_page, status=response.status)
    with django_db_blocker.unblock():
        results["drawn later"] = _drawn_later(demo_server, admin_page)
    print(f"\n{len(results)} admin pages in {time.monotonic() - started:.0f} s")
    return results


def _drawn_later(live_server, page) -> Drawn:
    """What the admin draws after the load, at 320 px: a tabular row added with "Add another",
    named like the rows before it, and the autocomplete's box and search field once opened.
    Checked in the same pass as the pages: pytest-django empties the database after each test
    that uses the live server, so the demo is there only while the module's first test runs."""
    from goals.models import Activity

    activity = Activity.objects.order_by("pk").first()
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    response = page.goto(f"{live_server.url}/admin/goals/activity/{activity.pk}/change/")
    _wait_for_widgets(page)
    rows = page.locator("#contributions-group tbody tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#contributions-group .add-row a").click()
    expect(rows).to_have_count(before + 1)
    new_row = rows.nth(before)
    expect(new_row.locator("select[name$='-effect']")).to_have_attribute("aria-label", "Påverkan")
    goal_box = new_row.locator(".select2-selection")
    expect(goal_box).to_have_attribute("aria-label", "Mål")
    goal_box.click()
    expect(page.locator(".select2-container--open .select2-search__field")).to_have_attribute(
        "aria-label", "Mål"
    )
    return Drawn(response.status, rows.count() - before, _violations(page))


def test_every_admin_page_reflows_and_meets_wcag_21_aa(seen):
    """One test for all the pages, not one each: pytest-django empties the database after every
    test that uses the live server, which cost about a second per page. The failure lists every
    page that fails."""
    problems: dict[str, str] = {}
    checked = 0
    for page_id, kind in [("signin:verify", "sign-in"), *((p.id, p.kind) for p in PAGES)]:
        result = seen.get(page_id)
        if result is None:
            continue  # the demo has no row of this model to change
        if kind == "add" and result.status == 403:
            continue  # the admin offers no add form here (a log, or the history)
        if result.status != 200:
            problems[page_id] = f"answered {result.status}"
            continue
        checked += 1
        for width in WIDTHS:
            if result.widths[width] > width:
                problems[f"{page_id} at {width} px"] = f"{result.widths[width]} px wide"
            if result.violations[width]:
                problems[f"{page_id} at {width} px"] = "; ".join(result.violations[width])
    assert problems == {}
    # A broken seed or sign-in must not pass as pages left out.
    assert checked >= len(PAGES) * 2 // 3, f"only {checked} of {len(PAGES)} pages checked"


def test_an_added_inline_row_and_an_opened_autocomplete_are_named(seen):
    drawn = seen["drawn later"]
    assert drawn.status == 200
    assert drawn.rows_added == 1
    assert drawn.violations == []
