"""The retention job: with time moved forward past the retention period, applicants who were not
hired are anonymised, the hired one and recruitments on legal hold are kept, the ad and the
decisions stay, and a second run changes nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from pghistory.models import Events

from recruitment.models import Application, Assessment, JobAd, Note
from recruitment.services import add_months, anonymise_expired_applications
from recruitment.tasks import anonymise_applications_task
from tests import factories as f

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CLOSED = datetime(2024, 3, 31, 16, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def closed(recruitment) -> dict[str, Application]:
    """A recruitment closed on 31 March 2024: one hired, one rejected, one still at interview,
    each with a CV and a note."""
    ad = recruitment.ad
    applications = {
        stage: f.ApplicationFactory(ad=ad, name=f"Sökande {stage}", stage=stage)
        for stage in ("hired", "rejected", "interview")
    }
    for application in applications.values():
        Note.objects.create(application=application, text=f"Om {application.name}")
        Assessment.objects.filter(application=application).update(score=4)
    JobAd.objects.filter(pk=ad.pk).update(closed_at=CLOSED)
    return applications


def snapshot() -> list[tuple]:
    return list(
        Application.objects.order_by("pk").values_list(
            "pk", "name", "email", "phone", "letter", "cv", "stage", "anonymised_at"
        )
    )


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(CLOSED, 24) == datetime(2026, 3, 31, 16, 0, tzinfo=STOCKHOLM)
    assert add_months(datetime(2024, 8, 31, tzinfo=STOCKHOLM), 6).day == 28
    assert add_months(datetime(2023, 8, 31, tzinfo=STOCKHOLM), 6).day == 29


def test_nothing_happens_before_the_retention_period_has_passed(closed):
    before = snapshot()
    result = anonymise_expired_applications(now=CLOSED + timedelta(days=700))
    assert result.applications == []
    assert snapshot() == before


def test_time_moved_forward_anonymises_those_not_hired(closed, django_capture_on_commit_callbacks):
    files = {stage: Path(a.cv.path) for stage, a in closed.items()}
    now = add_months(CLOSED, 24) + timedelta(minutes=1)

    # The files go once the rows no longer name them: after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        result = anonymise_expired_applications(now=now)
    assert sorted(result.applications) == sorted([closed["rejected"].pk, closed["interview"].pk])

    for stage in ("rejected", "interview"):
        application = Application.objects.get(pk=closed[stage].pk)
        assert application.is_anonymised and application.anonymised_at == now
        assert (application.name, application.email, application.phone, application.letter) == (
            "",
            "",
            "",
            "",
        )
        assert not application.cv and application.cv_name == ""
        assert application.stage == stage  # the decision stays
        assert application.assessments.filter(score=4).count() == 2  # and so do the scores
        assert not application.notes.exists()
        assert not files[stage].exists()

    hired = Application.objects.get(pk=closed["hired"].pk)
    assert hired.name == "Sökande hired" and not hired.is_anonymised
    assert files["hired"].exists() and hired.notes.count() == 1
    assert JobAd.objects.filter(pk=closed["hired"].ad_id).exists()  # the ad is kept


def test_a_second_run_changes_nothing(closed):
    now = add_months(CLOSED, 25)
    anonymise_expired_applications(now=now)
    after_first = snapshot()
    events = Events.objects.count()
    result = anonymise_expired_applications(now=now + timedelta(days=30))
    assert result.applications == [] and result.files_deleted == 0
    assert snapshot() == after_first
    assert Events.objects.count() == events


def test_legal_hold_stops_it(closed, recruitment):
    JobAd.objects.filter(pk=recruitment.ad.pk).update(
        legal_hold=True, legal_hold_reason="Överklagat till förvaltningsrätten."
    )
    before = snapshot()
    result = anonymise_expired_applications(now=add_months(CLOSED, 36))
    assert result.applications == [] and result.held_ads == [recruitment.ad.pk]
    assert snapshot() == before


def test_an_open_recruitment_is_not_anonymised_while_its_period_runs(recruitment):
    f.ApplicationFactory(ad=recruitment.ad, name="Pågående")
    last_day = recruitment.ad.last_application_date
    # The last day to apply is two weeks off: 24 months from today have not passed since it.
    result = anonymise_expired_applications(now=timezone.now() + timedelta(days=365 * 2))
    assert result.applications == []
    assert Application.objects.get().name == "Pågående"
    assert last_day > timezone.localdate()


# --- Ads nobody closed ------------------------------------------------------------------------

LAST_DAY = date(2024, 3, 31)
# The last day to apply ends at midnight, Swedish time.
LAST_DAY_ENDS = datetime(2024, 4, 1, 0, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def never_closed(recruitment) -> dict[str, Application]:
    """An ad whose last day to apply was 31 March 2024, never closed nor withdrawn: one hired,
    one rejected, each with a CV and a note."""
    applications = {
        stage: f.ApplicationFactory(ad=recruitment.ad, name=f"Sökande {stage}", stage=stage)
        for stage in ("hired", "rejected")
    }
    for application in applications.values():
        Note.objects.create(application=application, text=f"Om {application.name}")
    JobAd.objects.filter(pk=recruitment.ad.pk).update(last_application_date=LAST_DAY)
    return applications


def test_an_unclosed_ad_is_kept_until_the_period_after_its_last_day(never_closed, settings):
    settings.RECRUITMENT_RETENTION_MONTHS_UNCLOSED = 24
    before = snapshot()
    result = anonymise_expired_applications(
        now=add_months(LAST_DAY_ENDS, 24) - timedelta(minutes=1)
    )
    assert result.applications == []
    assert snapshot() == before


def test_an_unclosed_ad_is_anonymised_after_its_last_day_and_the_period(
    never_closed, settings, django_capture_on_commit_callbacks
):
    settings.RECRUITMENT_RETENTION_MONTHS = 60  # the closed ads' period does not decide here
    settings.RECRUITMENT_RETENTION_MONTHS_UNCLOSED = 24
    cv = Path(never_closed["rejected"].cv.path)
    with django_capture_on_commit_callbacks(execute=True):
        result = anonymise_expired_applications(now=add_months(LAST_DAY_ENDS, 24))
    assert result.applications == [never_closed["rejected"].pk]
    rejected = Application.objects.get(pk=never_closed["rejected"].pk)
    assert rejected.is_anonymised and rejected.name == "" and not rejected.cv
    assert not cv.exists()
    assert not Note.objects.filter(application=rejected).exists()
    # The hired applicant is kept.
    assert Application.objects.get(pk=never_closed["hired"].pk).name == "Sökande hired"


def test_an_unclosed_ad_on_legal_hold_is_kept(never_closed, recruitment):
    JobAd.objects.filter(pk=recruitment.ad.pk).update(
        legal_hold=True, legal_hold_reason="Överklagat till förvaltningsrätten."
    )
    before = snapshot()
    result = anonymise_expired_applications(now=add_months(LAST_DAY_ENDS, 36))
    assert result.applications == [] and result.held_ads == [recruitment.ad.pk]
    assert snapshot() == before


def test_the_unclosed_period_has_its_own_setting_and_option(never_closed, settings):
    settings.RECRUITMENT_RETENTION_MONTHS_UNCLOSED = 1000
    out = StringIO()
    call_command("anonymise_applications", "--dry-run", stdout=out)
    assert "Would anonymise 0 application(s)" in out.getvalue()
    call_command("anonymise_applications", "--months-unclosed", "1", stdout=out)
    assert "Anonymised 1 application(s)" in out.getvalue()
    assert Application.objects.get(pk=never_closed["rejected"].pk).is_anonymised


def test_a_withdrawn_ads_clock_starts_at_the_withdrawal(recruitment):
    application = f.ApplicationFactory(ad=recruitment.ad)
    JobAd.objects.filter(pk=recruitment.ad.pk).update(
        withdrawn_at=CLOSED, withdrawn_reason="Tjänsten dras in."
    )
    result = anonymise_expired_applications(now=add_months(CLOSED, 24))
    assert result.applications == [application.pk]


def test_the_retention_period_is_configurable(settings, closed):
    settings.RECRUITMENT_RETENTION_MONTHS = 6
    result = anonymise_expired_applications(now=add_months(CLOSED, 7))
    assert len(result.applications) == 2


def test_the_history_keeps_no_personal_data(closed):
    anonymise_expired_applications(now=add_months(CLOSED, 25))
    for event in Events.objects.filter(pgh_obj_model="recruitment.Application"):
        data = str(event.pgh_data)
        assert "Sökande" not in data and "@example.se" not in data


def test_the_command_says_what_it_did_and_runs_again_harmlessly(closed, settings, caplog):
    settings.RECRUITMENT_RETENTION_MONTHS = 1  # the recruitment closed in 2024
    out = StringIO()
    with caplog.at_level("INFO", logger="recruitment.services"):
        call_command("anonymise_applications", stdout=out)
    assert "Anonymised 2 application(s) in 1 recruitment(s)" in out.getvalue()
    assert "Anonymised 2 application(s) of ad" in caplog.text
    again = StringIO()
    call_command("anonymise_applications", stdout=again)
    assert "Anonymised 0 application(s)" in again.getvalue()


def test_a_dry_run_changes_nothing(closed, settings):
    settings.RECRUITMENT_RETENTION_MONTHS = 1
    before = snapshot()
    out = StringIO()
    call_command("anonymise_applications", "--dry-run", stdout=out)
    assert "Would anonymise 2 application(s)" in out.getvalue()
    assert snapshot() == before


def test_beat_runs_the_command_through_its_task(
    closed, settings, django_capture_on_commit_callbacks
):
    assert (
        settings.CELERY_BEAT_SCHEDULE["anonymise-applications-nightly"]["task"]
        == "recruitment.tasks.anonymise_applications_task"
    )
    settings.RECRUITMENT_RETENTION_MONTHS = 1
    with django_capture_on_commit_callbacks(execute=True):
        output = anonymise_applications_task.delay().get()
    assert "Anonymised 2 application(s)" in output
    assert Application.objects.filter(anonymised_at__isnull=False).count() == 2


def test_an_anonymised_application_cannot_be_changed(client, closed, recruitment):
    anonymise_expired_applications(now=add_months(CLOSED, 25))
    rejected = closed["rejected"]
    client.force_login(recruitment.recruiter)
    from django.urls import reverse

    response = client.post(
        reverse("recruitment:application_move", args=[rejected.pk]), {"stage": "hired"}
    )
    assert response.status_code == 302
    rejected.refresh_from_db()
    assert rejected.stage == "rejected"
    page = client.get(rejected.get_absolute_url()).content.decode()
    assert "personal data was erased" in page
