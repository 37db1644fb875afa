"""The administrator's side of follow-up in Django admin: open a year, close periods, reopen one
only with a reason that the history keeps; reports are never deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from goals.followup.models import ActivityReport, ReportingPeriod
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_administrator_opens_a_year_from_the_admin(client, administrator):
    client.force_login(administrator)
    url = reverse("admin:goals_reportingperiod_open_year")
    assert (
        "Open a reporting year"
        in client.get(reverse("admin:goals_reportingperiod_changelist")).content.decode()
    )
    response = client.post(url, {"year": "2027", "cycle": "tertials", "deadline_days": "14"})
    assert response.status_code == 302
    periods = list(ReportingPeriod.objects.order_by("number"))
    assert [(p.cycle, p.number) for p in periods] == [
        ("tertials", 1),
        ("tertials", 2),
        ("tertials", 3),
    ]
    assert (periods[0].deadline - periods[0].ends_on).days == 14


def test_a_bad_year_is_answered_on_the_form(client, administrator):
    f.ReportingPeriodFactory(year=2027)
    client.force_login(administrator)
    url = reverse("admin:goals_reportingperiod_open_year")
    response = client.post(url, {"year": "1900", "cycle": "municipal"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = client.post(url, {"year": "2027", "cycle": "months"})
    assert "another cycle" in response.content.decode()
    assert ReportingPeriod.objects.count() == 1


def test_close_action_and_reopening_needs_a_reason(client, administrator):
    period = f.ReportingPeriodFactory()
    client.force_login(administrator)
    changelist = reverse("admin:goals_reportingperiod_changelist")
    client.post(changelist, {"action": "close_periods", "_selected_action": [period.pk]})
    period.refresh_from_db()
    assert period.is_closed and period.closed_by == administrator

    change = reverse("admin:goals_reportingperiod_change", args=[period.pk])
    data = {
        "year": period.year,
        "cycle": period.cycle,
        "number": period.number,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat(),
        "deadline": period.deadline.isoformat(),
        "status": "open",
        "reopen_reason": "",
        "unit_reports-TOTAL_FORMS": "0",
        "unit_reports-INITIAL_FORMS": "0",
    }
    response = client.post(change, data)
    assert response.status_code == 200
    assert "Give a reason for reopening" in response.content.decode()
    period.refresh_from_db()
    assert period.is_closed

    response = client.post(change, {**data, "reopen_reason": "Omsorg rättar sin rapport"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.is_open and period.reopen_reason == "Omsorg rättar sin rapport"
    assert list(period.events.values_list("status", flat=True).order_by("pgh_id")) == [
        "open",
        "closed",
        "open",
    ]


def test_reports_cannot_be_deleted_in_the_admin(client, administrator):
    report = f.ActivityReportFactory()
    client.force_login(administrator)
    url = reverse("admin:goals_activityreport_delete", args=[report.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ActivityReport.objects.filter(pk=report.pk).exists()
