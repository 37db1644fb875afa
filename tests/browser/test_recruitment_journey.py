"""An applicant applies for the group HR director's post on the public ads page, without an
account; the recruiter then moves the application to interview on the board without a reload.
Real headless Chromium (Debian's) against the live server, in Swedish as users see it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from recruitment.models import AdCompetence, Application, ApplicationView
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def ad(group, recruiter):
    position = f.PositionFactory(title="Koncernövergripande HR-chef", unit=group.administration)
    position.process_areas.add(group.hr_area)
    ad = f.JobAdFactory(
        position=position,
        title="Koncernövergripande HR-chef till Växjö kommunkoncern",
        recruiter=recruiter,
        hiring_manager=f.UserFactory(username="kommunchef-anstallande"),
    )
    f.AdCompetenceFactory(ad=ad, competence=f.CompetenceFactory(name="Successionsplanering"))
    f.AdCompetenceFactory(
        ad=ad,
        competence=f.CompetenceFactory(name="Arbetsrätt och förhandling"),
        kind=AdCompetence.Kind.MERIT,
    )
    return ad


def test_an_applicant_applies_and_the_recruiter_moves_them_to_interview(
    page: Page, live_server, ad, tmp_path
):
    cv = tmp_path / "Karin Ek CV.pdf"
    cv.write_bytes(f.PDF_BYTES)

    # The applicant: no account, Swedish by default.
    page.goto(f"{live_server.url}/lediga-jobb/")
    expect(page.locator("h1")).to_have_text("Lediga jobb")
    page.get_by_role(
        "link", name="Koncernövergripande HR-chef till Växjö kommunkoncern", exact=True
    ).click()
    expect(page.locator("#apply")).to_contain_text("Så hanterar vi dina uppgifter")

    # First a mistake: no phone. The form comes back with the rest kept, and says the file
    # must be chosen again.
    page.fill("#id_name", "Karin Ek")
    page.fill("#id_email", "karin.ek@example.se")
    page.fill("#id_letter", "Jag vill leda HR i hela koncernen.")
    page.set_input_files("#id_cv", str(cv))
    for radio in page.locator("input[type=radio][value='4']").all():
        radio.check()
    page.click("#application-form [type=submit]")
    expect(page.locator("#error-summary")).to_contain_text("Din ansökan skickades inte")
    expect(page.locator("#id_name")).to_have_value("Karin Ek")
    expect(page.locator("#cv-again")).to_be_visible()
    assert Application.objects.count() == 0

    page.fill("#id_phone", "070-111 22 33")
    page.set_input_files("#id_cv", str(cv))
    page.click("#application-form [type=submit]")
    expect(page.locator("h1")).to_have_text("Tack för din ansökan")
    application = Application.objects.get()
    assert application.name == "Karin Ek"

    # The recruiter signs in and moves the application on the board, without a reload.
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.fill("#id_username", "rekryterare")
    page.fill("#id_password", f.PASSWORD)
    page.click("main [type=submit]")
    page.get_by_role("navigation").get_by_role("link", name="Rekrytering", exact=True).click()
    page.get_by_role("link", name=ad.title).click()
    card = page.locator(f"#card-{application.pk}")
    expect(page.locator("#stage-received").locator("..")).to_contain_text("Karin Ek")
    page.evaluate("window.__noReload = true")
    card.locator("select").select_option("interview")
    card.get_by_role("button", name="Flytta").click()
    expect(page.locator(".board__column--interview")).to_contain_text("Karin Ek")
    assert page.evaluate("window.__noReload") is True
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW

    # Opening the application is logged.
    page.locator(".board__column--interview").get_by_role("link", name="Karin Ek").click()
    expect(page.locator("h1")).to_have_text("Karin Ek")
    assert ApplicationView.objects.filter(application=application).count() == 1


def test_a_cv_too_large_is_stopped_in_the_browser_before_anything_is_sent(
    page: Page, live_server, ad, settings
):
    """The server refuses a too large request unread (413), which would lose what was typed;
    so the browser says it beside the field and keeps the form from being sent."""
    settings.RECRUITMENT_CV_MAX_BYTES = 1024
    page.goto(f"{live_server.url}{ad.get_absolute_url()}")
    page.fill("#id_name", "Karin Ek")
    page.fill("#id_letter", "Jag vill leda HR i hela koncernen.")
    big = {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": f.PDF_BYTES * 100}
    page.set_input_files("#id_cv", big)
    expect(page.locator("#errors-cv")).to_contain_text("Filen är för stor: ett CV får vara högst")
    expect(page.locator("#id_cv")).to_have_attribute("aria-invalid", "true")

    page.get_by_role("button", name="Skicka ansökan").click()
    expect(page.locator("#id_cv")).to_be_focused()
    expect(page.locator("#id_name")).to_have_value("Karin Ek")
    assert Application.objects.count() == 0

    # A smaller file takes the message away.
    page.set_input_files("#id_cv", {**big, "buffer": f.PDF_BYTES})
    expect(page.locator("#errors-cv")).not_to_contain_text("Filen är för stor")
    expect(page.locator("#id_cv")).not_to_have_attribute("aria-invalid", "true")
