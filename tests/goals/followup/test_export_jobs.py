"""The period report built in the background: starting it, its page (htmx polls the status while
it is built), the download, failures, who may see it, and the clean-up of old files. Celery runs
eagerly here, as it does without REDIS_URL: the job is done when its page first loads."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from goals.followup import export_jobs
from goals.followup.models import ActivityReport, ExportJob, GoalAssessment
from tests import factories as f
from tests.conftest import another_connection
from vaxjo_riktning import locks

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(group):
    period = f.ReportingPeriodFactory()
    goal = f.UnitGoalFactory(owner_unit=group.administration, title="Fler behöriga")
    GoalAssessment.objects.create(period=period, goal=goal, assessment="met")
    activity = f.ActivityFactory(owner_unit=group.department, title="Läxhjälp")
    ActivityReport.objects.create(period=period, activity=activity, progress=40, status="at_risk")
    other = f.ActivityFactory(owner_unit=group.company, title="Renovering")
    ActivityReport.objects.create(period=period, activity=other, status="off_track")
    return period


def start(client, period, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("goals:export_start", args=[period.pk]), data)


def test_the_whole_groups_excel_is_built_in_the_background_and_offered_when_ready(
    client, reader, period, django_capture_on_commit_callbacks
):
    client.force_login(reader)

    response = start(client, period, django_capture_on_commit_callbacks, format="xlsx")

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "goals:export_job", args=[job.pk]
    )
    assert (job.requested_by, job.unit, job.format) == (reader, None, "xlsx")
    assert job.state == "done" and job.progress == 100 and job.finished_at is not None
    page = client.get(response.url).content.decode()
    assert 'role="status"' in page and "every 2s" not in page
    download = reverse("goals:export_job_download", args=[job.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["Goals", "Indicators", "Activities", "Duplicates and conflicts"]
    titles = [row[0] for row in book["Activities"].iter_rows(min_row=4, values_only=True)]
    assert sorted(titles) == ["Läxhjälp", "Renovering"]


def test_a_units_pdf_is_built_in_the_language_of_the_page(
    client, editor, group, period, django_capture_on_commit_callbacks, settings
):
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    start(client, period, django_capture_on_commit_callbacks, format="pdf", enhet="utbildning")

    job = ExportJob.objects.get()
    assert (job.unit, job.format, job.state, job.language) == (
        group.administration,
        "pdf",
        "done",
        "sv",
    )
    response = client.get(reverse("goals:export_job_download", args=[job.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert (
        "Utbildningsförvaltningen" in text and "Läxhjälp" in text and "Risk för avvikelse" in text
    )
    assert "Renovering" not in text


def test_while_it_is_built_the_page_polls_and_offers_no_file(client, reader, period):
    job = ExportJob.objects.create(requested_by=reader, period=period, format="pdf", progress=40)
    client.force_login(reader)
    url = reverse("goals:export_job", args=[job.pk])

    page = client.get(url).content.decode()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert "<html" in page and "<html" not in fragment
    for html in (page, fragment):
        assert 'hx-trigger="every 2s"' in html and 'aria-live="polite"' in html
        assert 'value="40"' in html
        assert reverse("goals:export_job_download", args=[job.pk]) not in html
    assert client.get(reverse("goals:export_job_download", args=[job.pk])).status_code == 404


def test_a_failed_build_says_so_and_keeps_no_file(
    client, reader, period, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_jobs, "period_report_pdf", broken)
    client.force_login(reader)

    start(client, period, django_capture_on_commit_callbacks, format="pdf")

    job = ExportJob.objects.get()
    assert job.state == "failed" and not job.file.name and job.finished_at is not None
    assert str(export_jobs.BUILD_FAILED) in job.error and "RuntimeError" in job.error
    fragment = client.get(
        reverse("goals:export_job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "could not be built" in fragment and "every 2s" not in fragment
    assert client.get(reverse("goals:export_job_download", args=[job.pk])).status_code == 404


def test_a_job_whose_worker_stopped_says_so_and_stops_polling(client, reader, period, settings):
    settings.CELERY_TASK_TIME_LIMIT = 60
    job = ExportJob.objects.create(requested_by=reader, period=period, format="pdf")
    ExportJob.objects.filter(pk=job.pk).update(
        state="running", progress=30, started_at=timezone.now() - timedelta(seconds=61)
    )
    fresh = ExportJob.objects.create(requested_by=reader, period=period, format="pdf")
    client.force_login(reader)

    stale_page = client.get(reverse("goals:export_job", args=[job.pk])).content.decode()
    fresh_page = client.get(reverse("goals:export_job", args=[fresh.pk])).content.decode()

    assert "never finished" in stale_page and "every 2s" not in stale_page
    assert "never finished" not in fresh_page and "every 2s" in fresh_page


def test_a_job_delivered_twice_is_built_once(reader, period, monkeypatch):
    job = ExportJob.objects.create(requested_by=reader, period=period, format="xlsx")
    export_jobs.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    first_file = job.file.name

    monkeypatch.setattr(
        export_jobs, "period_report_workbook", lambda **kw: pytest.fail("built again")
    )
    again = export_jobs.export_job_run(job_id=job.pk)

    assert again.state == "done" and again.file.name == first_file
    assert export_jobs.export_job_run(job_id=999999) is None


def test_a_job_left_running_by_a_worker_that_died_is_built_again(reader, period):
    job = ExportJob.objects.create(
        requested_by=reader, period=period, format="xlsx", state="running", progress=40
    )
    again = export_jobs.export_job_run(job_id=job.pk)
    assert again.state == "done" and again.progress == 100 and again.file.name


def test_a_job_another_worker_is_building_is_left_to_it(reader, period, monkeypatch):
    job = ExportJob.objects.create(
        requested_by=reader, period=period, format="xlsx", state="running", progress=40
    )
    other_worker = another_connection()
    try:
        other_worker.cursor().execute("SELECT pg_advisory_lock(%s, %s)", [locks.EXPORT_JOB, job.pk])
        monkeypatch.setattr(
            export_jobs, "period_report_workbook", lambda **kw: pytest.fail("built twice")
        )
        left = export_jobs.export_job_run(job_id=job.pk)
    finally:
        other_worker.close()
    assert (left.state, left.progress) == ("running", 40)


@pytest.mark.parametrize(
    "data",
    [{"format": "doc"}, {"format": ""}, {"format": "pdf", "enhet": "finns-inte"}, {}],
)
def test_bad_input_starts_nothing_and_says_why(
    client, reader, period, data, django_capture_on_commit_callbacks
):
    client.force_login(reader)

    response = start(client, period, django_capture_on_commit_callbacks, **data)

    assert response.status_code == 302
    assert response.url.endswith(
        reverse("goals:followup_period", args=[period.pk]) + "#period-report"
    )
    assert not ExportJob.objects.exists()
    page = client.get(response.url).content.decode()
    assert "message--error" in page


def test_only_the_one_who_asked_and_administrators_see_the_job(
    client, reader, editor, administrator, period, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    start(client, period, django_capture_on_commit_callbacks, format="xlsx")
    job = ExportJob.objects.get()
    urls = [
        reverse("goals:export_job", args=[job.pk]),
        reverse("goals:export_job_download", args=[job.pk]),
    ]

    client.force_login(editor)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    client.force_login(administrator)
    assert [client.get(url).status_code for url in urls] == [200, 200]
    client.logout()
    assert [client.get(url).status_code for url in urls] == [302, 302]
    assert (
        client.post(reverse("goals:export_start", args=[period.pk]), {"format": "pdf"}).status_code
        == 302
    )
    assert ExportJob.objects.count() == 1  # the anonymous post was sent to log in


def test_wrong_methods_and_unknown_rows(client, reader, period):
    client.force_login(reader)
    assert client.get(reverse("goals:export_start", args=[period.pk])).status_code == 405
    assert (
        client.post(reverse("goals:export_start", args=[999999]), {"format": "pdf"}).status_code
        == 404
    )
    job = ExportJob.objects.create(requested_by=reader, period=period, format="pdf")
    assert client.post(reverse("goals:export_job", args=[job.pk])).status_code == 405
    assert client.post(reverse("goals:export_job_download", args=[job.pk])).status_code == 405
    assert client.get(reverse("goals:export_job", args=[999999])).status_code == 404


def test_the_whole_groups_excel_address_leads_to_the_background_form(client, reader, period):
    client.force_login(reader)
    response = client.get(reverse("goals:period_report_excel", args=[period.pk]))
    assert response.status_code == 302 and response.url.endswith("#period-report")
    page = client.get(reverse("goals:followup_period", args=[period.pk])).content.decode()
    assert reverse("goals:export_start", args=[period.pk]) in page


def test_old_exports_are_deleted_with_their_files(reader, period, settings):
    now = timezone.now()
    old = ExportJob.objects.create(requested_by=reader, period=period, format="pdf")
    old.file.save("old.pdf", ContentFile(b"%PDF-old"), save=False)
    ExportJob.objects.filter(pk=old.pk).update(
        state="done",
        file=old.file.name,
        finished_at=now - timedelta(days=8),
        created_at=now - timedelta(days=8),
    )
    stuck = ExportJob.objects.create(requested_by=reader, period=period, format="pdf")
    ExportJob.objects.filter(pk=stuck.pk).update(created_at=now - timedelta(days=9))
    recent = ExportJob.objects.create(requested_by=reader, period=period, format="pdf")
    recent.file.save("new.pdf", ContentFile(b"%PDF-new"), save=False)
    ExportJob.objects.filter(pk=recent.pk).update(
        state="done", file=recent.file.name, finished_at=now - timedelta(days=1)
    )
    old_path = settings.PRIVATE_MEDIA_ROOT / old.file.name
    assert old_path.exists()

    out = io.StringIO()
    call_command("prune_exports", stdout=out)

    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not old_path.exists()
    assert (settings.PRIVATE_MEDIA_ROOT / recent.file.name).exists()
    assert "2" in out.getvalue()
    call_command("prune_exports", stdout=out)
    assert ExportJob.objects.count() == 1


@pytest.mark.parametrize("size", [2, 20])
def test_the_job_page_runs_a_fixed_number_of_queries(
    client, reader, group, size, django_assert_num_queries
):
    period = f.ReportingPeriodFactory()
    for _ in range(size):
        ExportJob.objects.create(requested_by=reader, period=period, format="pdf")
    job = ExportJob.objects.create(
        requested_by=reader, period=period, unit=group.company, format="pdf"
    )
    client.force_login(reader)
    url = reverse("goals:export_job", args=[job.pk])
    client.get(url)
    # session, user, the user's role assignments (administrator?); the job with its period and
    # unit, and the one who asked for it
    with django_assert_num_queries(3 + 2):
        response = client.get(url)
    assert response.status_code == 200
