"""Coordination savings: a duplicate decision records what coordinating the work is expected to
save and which unit reports it; that unit's year-end report asks what it saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from goals.followup import services as followup
from goals.followup.models import UnitReport
from goals.models import Activity, CoordinationSaving, OverlapSuggestion
from goals.overlap import cases
from goals.overlap.scan import overlap_scan
from goals.savings.services import parse_kronor
from tests import factories as f

pytestmark = pytest.mark.django_db

Decision = OverlapSuggestion.Decision

CAMPAIGNS = [
    ("Rekryteringskampanj för sjuksköterskor", "Annonser och mässor för att rekrytera."),
    ("Kampanj för att rekrytera sjuksköterskor", "Mässor och annonser som lockar sjuksköterskor."),
    ("Rekrytering av sjuksköterskor genom kampanj", "En kampanj med annonser för sjuksköterskor."),
]


@pytest.fixture
def case(group):
    units = [group.company, group.administration, f.UnitFactory(name="Omsorgsförvaltningen")]
    for n, ((title, text), unit) in enumerate(zip(CAMPAIGNS, units, strict=True), start=1):
        f.ActivityFactory(title=title, description=text, owner_unit=unit, budget_sek=100_000 * n)
    overlap_scan()
    (found,) = cases.open_cases()
    return found


def _decide(client, case, **data):
    return client.post(reverse("goals:overlap_case", args=[case.key]), data)


@pytest.mark.parametrize(
    ("typed", "kronor"),
    [
        ("250 000", 250_000),
        ("250\u00a0000 kr", 250_000),
        ("0", 0),
        (" ", None),
        ("12SEK", 12),
        # As the activity import reads a budget (goals/kronor.py).
        ("1 200 000,00 kronor", 1_200_000),
        ("75000:-", 75_000),
    ],
)
def test_sums_are_read_as_people_write_them(typed, kronor):
    assert parse_kronor(typed) == kronor


@pytest.mark.parametrize(("typed", "message"), [("12,50", "whole kronor"), ("−5", "below zero")])
def test_a_sum_with_ore_or_below_zero_is_refused(typed, message):
    with pytest.raises(ValidationError, match=message):
        parse_kronor(typed)


def test_a_case_decided_as_duplicate_records_one_saving_for_all_its_pairs(client, chief, case):
    client.force_login(chief)
    page = client.get(reverse("goals:overlap_case", args=[case.key])).content.decode()
    # The unit running the most money in the case reports the saving unless the decider chooses.
    assert "selected>Omsorgsförvaltningen" in page.replace('" ', "").replace("\n", "")
    unit = case.units[0]
    response = _decide(
        client,
        case,
        decision=Decision.DUPLICATE,
        expected_saving="1 200 000 kr",
        saving_unit=unit.pk,
    )
    assert response.status_code == 302
    saving = CoordinationSaving.objects.get()
    assert (saving.expected_sek, saving.reporting_unit, saving.decided_by) == (
        1_200_000,
        unit,
        chief,
    )
    assert saving.title == CAMPAIGNS[2][0]  # the case's largest budget names the work
    assert set(OverlapSuggestion.objects.values_list("saving", flat=True)) == {saving.pk}
    pair = OverlapSuggestion.objects.first()
    detail = client.get(reverse("goals:overlap_detail", args=[pair.pk])).content.decode()
    assert "1,200,000 kronor a year" in detail
    assert 'name="expected_saving"' not in detail  # recorded once, with the decision


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"decision": Decision.DUPLICATE, "expected_saving": "-5"},
            "expected_saving",
            "below zero",
        ),
        (
            {"decision": Decision.DUPLICATE, "expected_saving": "mycket"},
            "expected_saving",
            "whole kronor",
        ),
        (
            {"decision": Decision.RELATED, "expected_saving": "5000"},
            "expected_saving",
            "Only work decided as a duplicate",
        ),
        (
            {"decision": Decision.DUPLICATE, "expected_saving": "5000", "saving_unit": "999999"},
            "saving_unit",
            "valid choice",
        ),
    ],
)
def test_a_bad_saving_is_refused_beside_its_field_and_nothing_is_decided(
    client, chief, case, data, field, message
):
    client.force_login(chief)
    data.setdefault("saving_unit", case.units[0].pk)
    response = _decide(client, case, **data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert f'value="{data["expected_saving"]}"' in response.content.decode()  # kept as typed
    assert not CoordinationSaving.objects.exists()
    assert set(OverlapSuggestion.objects.values_list("decision", flat=True)) == {Decision.OPEN}


def test_one_pair_decided_as_duplicate_records_its_saving(client, chief, group):
    a = f.ActivityFactory(
        title="Gemensam lönerevision", owner_unit=group.administration, budget_sek=1_000_000
    )
    b = f.ActivityFactory(title="Lönerevision gemensam", owner_unit=group.company, budget_sek=9)
    pair = OverlapSuggestion.objects.create(activity_a=a, activity_b=b, score=0.9, text_score=0.9)
    client.force_login(chief)
    response = client.post(
        reverse("goals:overlap_decide", args=[pair.pk]),
        {
            "decision": Decision.DUPLICATE,
            "expected_saving": "40000",
            "saving_unit": group.company.pk,
        },
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.saving.expected_sek == 40_000
    assert pair.saving.reporting_unit == group.company
    assert pair.saving.title == a.title
    detail = client.get(reverse("goals:overlap_detail", args=[pair.pk])).content.decode()
    assert "1,000,009 kronor in parallel work" in detail


@pytest.fixture
def decided(case, chief, group):
    from goals.savings.services import ExpectedSaving

    cases.case_decide(
        user=chief,
        case=case,
        decision=Decision.DUPLICATE,
        saving=ExpectedSaving(300_000, group.administration),
    )
    return CoordinationSaving.objects.get()


@pytest.fixture
def year_end():
    year = timezone.localdate().year
    return f.ReportingPeriodFactory(
        year=year,
        number=3,
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        deadline=date(year + 1, 2, 28),
    )


def test_the_year_end_report_asks_what_the_saving_realised_and_keeps_it(
    client, editor, decided, year_end, group
):
    client.force_login(editor)
    url = reverse("goals:followup_unit", args=[year_end.pk, group.administration.slug])
    page = client.get(url).content.decode()
    assert "Coordination savings: what they realised" in page
    assert "1 coordination saving without what it realised" in page
    for activity in Activity.objects.filter(owner_unit__top_unit=group.administration):
        f.ActivityReportFactory(period=year_end, activity=activity)
    with pytest.raises(Exception, match="Coordination savings without"):
        followup.unit_report_mark_ready(user=editor, period=year_end, unit=group.administration)

    save = reverse("goals:followup_saving_save", args=[year_end.pk, decided.pk])
    prefix = f"s{decided.pk}"
    refused = client.post(save, {f"{prefix}-realised": "-1", f"{prefix}-version": "1"})
    assert "below zero" in refused.content.decode()
    decided.refresh_from_db()
    assert decided.realised_sek is None

    client.post(
        save,
        {
            f"{prefix}-realised": "210 000",
            f"{prefix}-comment": "En annonsbyrå.",
            f"{prefix}-version": "1",
        },
    )
    decided.refresh_from_db()
    assert (decided.realised_sek, decided.realised_period, decided.realised_by) == (
        210_000,
        year_end,
        editor,
    )
    assert decided.realised_comment == "En annonsbyrå."
    assert decided.version == 2
    assert decided.events.count() == 2  # recorded, then realised: both in the history
    followup.unit_report_mark_ready(user=editor, period=year_end, unit=group.administration)


def test_only_the_reporting_unit_reports_and_only_at_year_end(
    client, company_editor, editor, decided, year_end, group
):
    save = reverse("goals:followup_saving_save", args=[year_end.pk, decided.pk])
    data = {f"s{decided.pk}-realised": "5", f"s{decided.pk}-version": "1"}
    client.force_login(company_editor)
    assert client.post(save, data).status_code == 403
    client.force_login(editor)
    interim = f.ReportingPeriodFactory(year=year_end.year, number=1)
    interim_save = reverse("goals:followup_saving_save", args=[interim.pk, decided.pk])
    assert client.post(interim_save, data).status_code == 404
    page = client.get(reverse("goals:followup_unit", args=[interim.pk, "utbildning"]))
    assert "Coordination savings" not in page.content.decode()
    decided.refresh_from_db()
    assert decided.realised_sek is None


def test_a_saving_realised_at_one_year_end_is_not_asked_again_the_next(
    editor, decided, year_end, group
):
    followup.saving_report(
        user=editor, period=year_end, saving=decided, version=1, realised_sek=0, comment=""
    )
    next_year = f.ReportingPeriodFactory(
        year=year_end.year + 1,
        number=3,
        starts_on=date(year_end.year + 1, 1, 1),
        ends_on=date(year_end.year + 1, 12, 31),
        deadline=date(year_end.year + 2, 2, 28),
    )
    assert followup.savings_missing(period=next_year, unit=group.administration) == 0
    assert not CoordinationSaving.objects.to_report(
        period=next_year, unit_id=group.administration.pk
    ).exists()
    assert UnitReport.objects.count() == 0


def test_the_review_queue_says_what_coordination_has_saved(client, reader, decided, year_end):
    client.force_login(reader)
    assert "data-savings" in client.get(reverse("goals:overlap_list")).content.decode()
    decided.realised_sek, decided.realised_period = 250_000, year_end
    decided.save()
    page = client.get(reverse("goals:overlap_list")).content.decode()
    assert 'data-savings="300000:250000"' in page
    assert "Realised so far: 250,000 kronor in the 1 saving reported at a year-end" in page
