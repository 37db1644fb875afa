"""The administrator's sign-in in a real browser: the password, then a first enrolment (the QR
code and the key on the page, checked by axe for WCAG 2.1 AA), then the code at the next
sign-in, and the admin opens."""

from __future__ import annotations

import base64

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests import factories as f
from tests.browser.test_accessibility import WCAG_21_AA
from tests.signin import enter_code_in_browser, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    """The live server speaks plain HTTP; production's secure-only cookies would not be sent."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def _password(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", f.PASSWORD)
    page.click("main [type=submit]")


def test_an_administrator_enrols_an_app_then_signs_in_with_its_code(
    page: Page, live_server, administrator
):
    _password(page, live_server, "admin")
    expect(page.locator("h1")).to_have_text("Koppla din autentiseringsapp")
    expect(page.locator(".qr-code svg")).to_be_visible()
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    assert violations == []

    # The app is set up by typing the key shown on the page, as someone who cannot scan would.
    shown = page.locator("#totp-key").inner_text().replace(" ", "")
    key = base64.b32decode(shown + "=" * (-len(shown) % 8)).hex()
    page.fill("#id_otp_token", "000000")
    page.click("main [type=submit]")
    expect(page.locator("#field-otp_token .errorlist")).to_contain_text("Koden stämmer inte")
    page.fill("#id_otp_token", totp_code(TOTPDevice(user=administrator), key=key))
    page.click("main [type=submit]")
    expect(page.locator("h1")).to_have_text("Översikt")
    assert TOTPDevice.objects.get(user=administrator).key == key

    # The next sign-in asks for the code, and the admin opens after it.
    page.context.clear_cookies()
    _password(page, live_server, "admin")
    expect(page.locator("h1")).to_have_text("Ange din engångskod")
    assert Axe().run(page, options=WCAG_21_AA).response["violations"] == []
    enter_code_in_browser(page, administrator)
    expect(page.locator("h1")).to_have_text("Översikt")
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_be_visible()
