"""The period report as a PDF, read back with pypdf: a unit's report lists its goals, indicators
and every activity; the whole group's counts each unit's status reports and lists what is off
track; Swedish letters survive; rendering fetches nothing but the app's own static files."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from goals.followup import report as report_module
from goals.followup.models import ActivityReport, GoalAssessment
from goals.followup.pdf import BASE_URL, FetchRefused, _fetcher, period_report_pdf
from goals.followup.report import period_report
from goals.kolada import KOLADA_SOURCE
from goals.models import Measurement
from tests import factories as f

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    # Lines joined with spaces: a table cell may wrap, a word is never split.
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def report_data(group):
    period = f.ReportingPeriodFactory()
    goal = f.UnitGoalFactory(owner_unit=group.administration, title="Fler behöriga elever")
    f.UnitGoalFactory(owner_unit=group.company, title="Fler bostäder")
    indicator = f.IndicatorFactory(goal=goal, name="Behöriga till gymnasiet", target_value=90)
    Measurement.objects.create(
        indicator=indicator, year=2023, value=Decimal("84.0"), source=KOLADA_SOURCE
    )
    Measurement.objects.create(
        indicator=indicator, year=2024, value=Decimal("86.4"), source=KOLADA_SOURCE
    )
    GoalAssessment.objects.create(
        period=period, goal=goal, assessment="partly_met", analysis="Närmare målet än i fjol"
    )
    lagging = f.ActivityFactory(owner_unit=group.department, title="Läxhjälp på Öster")
    ActivityReport.objects.create(
        period=period, activity=lagging, progress=15, status="off_track", comment="Få sökande"
    )
    fine = f.ActivityFactory(owner_unit=group.administration, title="Skolgårdar i Teleborg")
    ActivityReport.objects.create(period=period, activity=fine, progress=60, status="on_track")
    other = f.ActivityFactory(owner_unit=group.company, title="Renovering av hissar")
    ActivityReport.objects.create(period=period, activity=other, progress=10, status="at_risk")
    return period


def test_a_units_pdf_holds_its_goals_indicators_and_every_activity(report_data, group):
    with translation.override("sv"):
        text = pdf_text(period_report_pdf(period=report_data, unit=group.administration))

    assert "Utbildningsförvaltningen" in text
    assert "Mål och bedömningar" in text and "Aktiviteter" in text
    assert "Fler behöriga elever" in text and "Delvis uppfyllt" in text
    assert "Närmare målet än i fjol" in text
    assert "Behöriga till gymnasiet" in text and "86,4" in text and "Källa: Kolada" in text
    assert "Läxhjälp på Öster" in text and "Skolgårdar i Teleborg" in text
    assert "Avviker" in text and "Enligt plan" in text
    # Another board's goals and activities are not in this board's report.
    assert "Fler bostäder" not in text and "Renovering av hissar" not in text


def test_the_whole_groups_pdf_counts_each_unit_and_lists_what_is_off_track(report_data, group):
    with translation.override("sv"):
        text = pdf_text(period_report_pdf(period=report_data))

    assert "Hela koncernen" in text
    assert "Fler behöriga elever" in text and "Fler bostäder" in text
    assert "Utbildningsförvaltningen: avviker" in text and "Läxhjälp på Öster" in text
    # Activities on track or at risk are counted, not listed; the full list is in Excel.
    assert "Skolgårdar i Teleborg" not in text and "Renovering av hissar" not in text
    assert "Växjöbostäder AB" in text


def test_the_whole_groups_summary_counts_by_unit_and_colour(report_data, group, monkeypatch):
    monkeypatch.setattr(report_module, "OFF_TRACK_LISTED", 1)
    worse = f.ActivityFactory(owner_unit=group.administration, title="Simskola")
    ActivityReport.objects.create(period=report_data, activity=worse, status="off_track")

    report = period_report(period=report_data)

    by_unit = {s.unit.name: s for s in report.summaries}
    assert set(by_unit) == {"Utbildningsförvaltningen", "Växjöbostäder AB"}
    school = by_unit["Utbildningsförvaltningen"]
    assert school.counts == {"off_track": 2, "on_track": 1}
    # The worst first: no progress at all before 15 %.
    assert [r.activity.title for r in school.off_track] == ["Simskola"]
    assert school.off_track_not_listed == 1
    assert by_unit["Växjöbostäder AB"].counts == {"at_risk": 1}
    assert report.totals.total == 4


def test_text_from_users_is_printed_as_text(group):
    period = f.ReportingPeriodFactory()
    activity = f.ActivityFactory(owner_unit=group.administration, title="<b>Fet</b> & rak")
    ActivityReport.objects.create(
        period=period, activity=activity, comment='<img src="https://example.org/x.png">'
    )
    text = pdf_text(period_report_pdf(period=period, unit=group.administration))
    assert "<b>Fet</b> & rak" in text
    # (a long address may wrap at any character: the PDF breaks it rather than overflow, so the
    # comment is looked for without the spaces its line breaks became)
    assert '<imgsrc="https://example.org/x.png">' in text.replace(" ", "")


def test_rendering_reads_the_apps_stylesheet_and_refuses_everything_else():
    fetcher = _fetcher()
    response = fetcher.fetch(BASE_URL + "static/css/period_report.css")
    assert b"@page" in response.read()
    for url in [
        "https://example.org/static/css/period_report.css",
        "http://127.0.0.1:8000/static/css/period_report.css",
        "file:///etc/passwd",
        BASE_URL + "media/cv.pdf",
        BASE_URL + "static/../../settings.py",
        BASE_URL + "static/css/finns-inte.css",
    ]:
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_an_outside_address_in_the_html_is_never_fetched(monkeypatch):
    """The fetcher is what WeasyPrint uses: an <img> to another host reaches it and is refused,
    and the PDF is still made."""
    from weasyprint import HTML

    asked = []
    fetcher = _fetcher()
    original = fetcher.fetch

    def spy(url, headers=None):
        asked.append(url)
        return original(url, headers)

    monkeypatch.setattr(fetcher, "fetch", spy)
    html = '<p>Hej</p><img src="https://example.org/spy.png">'
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF-")
    assert asked == ["https://example.org/spy.png"]


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize("whole_group", [False, True])
def test_the_reports_content_is_read_with_fixed_queries(
    group, size, whole_group, django_assert_num_queries
):
    period = f.ReportingPeriodFactory()
    for n in range(size):
        goal = f.UnitGoalFactory(owner_unit=group.administration)
        indicator = f.IndicatorFactory(goal=goal)
        Measurement.objects.create(indicator=indicator, year=2024, value=n)
        GoalAssessment.objects.create(period=period, goal=goal, assessment="met")
        activity = f.ActivityFactory(owner_unit=[group.department, group.company][n % 2])
        status = ["off_track", "on_track"][n % 2 and 1]
        ActivityReport.objects.create(period=period, activity=activity, progress=n, status=status)
    unit = None if whole_group else group.administration
    # goals, their assessments, indicators, measurements; then for a unit: the unit tree and its
    # status reports; for the whole group: top-level units, counts by unit and colour, the
    # off-track status reports listed; the open duplicate cases and the open conflicts' summary
    # (none open: their largest are not read; test_report_at_stake.py has some)
    with django_assert_num_queries(4 + (3 if whole_group else 2) + 2):
        report = period_report(period=period, unit=unit)
    assert sum(1 for g in report.goals if g.assessment) == size
    if whole_group:
        assert report.totals.total == size
    else:
        assert len(report.activities) == (size + 1) // 2
