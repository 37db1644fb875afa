"""The period report in a real headless Chromium: the chief executive asks for the whole group's
PDF from the follow-up page, the job's page offers the file, and a job still being built updates
itself (htmx polling) when the worker finishes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from goals.followup.export_jobs import export_job_run
from goals.followup.models import ActivityReport, ExportJob
from tests import factories as f
from tests.browser.test_journeys import log_in
from tests.goals.followup.test_export_pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def test_the_chief_gets_the_whole_groups_pdf(page: Page, live_server, chief, group, tmp_path):
    period = f.ReportingPeriodFactory()
    activity = f.ActivityFactory(owner_unit=group.department, title="Läxhjälp på Öster")
    ActivityReport.objects.create(period=period, activity=activity, status="off_track")
    log_in(page, live_server, "kommunchef")

    page.goto(f"{live_server.url}/uppfoljning/{period.pk}/")
    section = page.locator("#period-report")
    section.get_by_label("Enhet").select_option(label="Hela koncernen")
    section.get_by_label("PDF").check()
    section.get_by_role("button", name="Skapa rapporten").click()

    status = page.get_by_role("status")
    expect(status).to_contain_text("Klar")
    page.screenshot(path=str(tmp_path / "export-job.png"), full_page=True)
    with page.expect_download() as info:
        status.get_by_role("link", name="Ladda ner rapporten (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"periodrapport-{period.pk}-koncernen.pdf"
    text = pdf_text(download.path().read_bytes())
    # It ends with what waits for a decision now, in the page's language.
    assert "Dubbelarbete och målkonflikter som är öppna per" in text
    assert "0 kr i parallellt arbete i 0 öppna fall av dubbelarbete" in text


def test_the_page_of_a_job_being_built_updates_itself(page: Page, live_server, reader, group):
    period = f.ReportingPeriodFactory()
    job = ExportJob.objects.create(requested_by=reader, period=period, format="xlsx")
    log_in(page, live_server, "lasare")

    page.goto(f"{live_server.url}/uppfoljning/rapporter/{job.pk}/")
    expect(page.get_by_role("status")).to_contain_text("Väntar på att starta")
    expect(page.get_by_role("link", name="Ladda ner rapporten (Excel)")).to_have_count(0)

    export_job_run(job_id=job.pk)  # as the worker would, while the page is open

    expect(page.get_by_role("link", name="Ladda ner rapporten (Excel)")).to_be_visible(
        timeout=10_000
    )
    expect(page.get_by_role("status")).to_contain_text("Klar")
