"""The follow-up pages: the group's progress, a unit's report with its autosaved rows, marking
ready and sending back; for the editor, a reader, an outsider and a wrong method; bad input
answered beside the field with nothing saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.followup import services
from goals.followup.models import ActivityReport, GoalAssessment, ReportingPeriod, UnitReport
from tests import factories as f

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def period(group) -> ReportingPeriod:
    return f.ReportingPeriodFactory(deadline=date(2099, 4, 21))


@pytest.fixture
def activity(group):
    return f.ActivityFactory(owner_unit=group.department, title="Läxhjälp i alla skolor")


@pytest.fixture
def unit_goal(group):
    return f.UnitGoalFactory(owner_unit=group.administration, title="Fler klarar skolan")


def unit_url(period, unit) -> str:
    return reverse("goals:followup_unit", kwargs={"period_pk": period.pk, "slug": unit.slug})


def save_url(period, activity) -> str:
    return reverse(
        "goals:followup_activity_save", kwargs={"period_pk": period.pk, "activity_pk": activity.pk}
    )


def goal_url(period, goal) -> str:
    return reverse("goals:followup_goal_save", kwargs={"period_pk": period.pk, "goal_pk": goal.pk})


def row_data(activity, *, progress="40", status="on_track", comment="Går bra", version=0):
    key = f"a{activity.pk}"
    return {
        f"{key}-progress": progress,
        f"{key}-status": status,
        f"{key}-comment": comment,
        f"{key}-version": version,
    }


# --- The group's progress -------------------------------------------------------------------------


def test_the_follow_up_page_shows_progress_late_units_and_goal_colours(
    client, chief, group, activity, unit_goal
):
    late = f.ReportingPeriodFactory(deadline=date(2026, 4, 21))
    f.ActivityReportFactory(period=late, activity=activity, status="off_track")
    f.ContributionFactory(activity=activity, goal=unit_goal.parent)
    f.ActivityFactory(owner_unit=group.company)
    client.force_login(chief)
    response = client.get(reverse("goals:followup"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Interim report 1 2026" in content
    assert "0 of 2 units ready" in content
    assert "2 late" in content
    assert 'class="colour colour--off_track">Off track' in content
    assert unit_url(late, group.administration) in content
    assert "1 / 1" in content  # the administration's one activity is reported


def test_the_page_without_periods_says_so_and_offers_the_admin_a_way(client, administrator):
    client.force_login(administrator)
    content = client.get(reverse("goals:followup")).content.decode()
    assert "No reporting periods have been opened yet." in content
    assert reverse("admin:goals_reportingperiod_open_year") in content


def test_a_period_can_be_chosen_and_an_unknown_one_is_404(client, reader, period):
    client.force_login(reader)
    other = f.ReportingPeriodFactory(number=2, ends_on=date(2026, 8, 31), deadline=date(2099, 9, 1))
    response = client.get(reverse("goals:followup"), {"period": other.pk})
    assert "Interim report 2 2026" in response.content.decode()
    assert client.get(reverse("goals:followup_period", args=[9999])).status_code == 404


def test_the_editor_is_led_to_their_units_report(client, editor, period, group):
    client.force_login(editor)
    content = client.get(reverse("goals:followup")).content.decode()
    assert "Your unit's report" in content
    assert unit_url(period, group.administration) in content


def test_anonymous_visitors_are_sent_to_log_in(client, period, group):
    response = client.get(unit_url(period, group.administration))
    assert response.status_code == 302 and "logga-in" in response.url


# --- A unit's report ------------------------------------------------------------------------------


def test_the_editor_sees_a_form_per_activity_and_goal(
    client, editor, group, period, activity, unit_goal
):
    client.force_login(editor)
    content = client.get(unit_url(period, group.administration)).content.decode()
    assert "Läxhjälp i alla skolor" in content and "Fler klarar skolan" in content
    assert f'name="a{activity.pk}-progress"' in content
    assert f'name="g{unit_goal.pk}-assessment"' in content
    assert "1 activity without progress" in content
    assert "Mark the report ready" in content


def test_a_reader_sees_the_report_without_forms(client, reader, group, period, activity):
    f.ActivityReportFactory(period=period, activity=activity, comment="<script>alert(1)</script>")
    client.force_login(reader)
    content = client.get(unit_url(period, group.administration)).content.decode()
    assert f'name="a{activity.pk}-progress"' not in content
    assert "Mark the report ready</button>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content


def test_a_department_is_reported_in_its_administration(client, editor, group, period):
    client.force_login(editor)
    response = client.get(unit_url(period, group.department))
    assert response.status_code == 302
    assert response.url == unit_url(period, group.administration)


def test_the_list_can_show_only_what_lacks_progress(client, editor, group, period, activity):
    done = f.ActivityFactory(owner_unit=group.administration, title="Redan rapporterad")
    f.ActivityReportFactory(period=period, activity=done)
    client.force_login(editor)
    page = client.get(unit_url(period, group.administration), {"visa": "saknas"}).content.decode()
    # The history further down names every report; the list is what matters here.
    listed = page[page.index('id="todo-activities"') : page.index('id="todo-goals"')]
    assert "Läxhjälp" in listed and "Redan rapporterad" not in listed
    fragment = client.get(
        unit_url(period, group.administration),
        {"visa": "saknas"},
        HTTP_HX_TARGET="todo-activities",
        **HTMX,
    ).content.decode()
    assert "<html" not in fragment and 'id="todo-activities"' in fragment


# --- Autosave -------------------------------------------------------------------------------------


def test_autosave_saves_the_draft_and_sends_the_new_version(client, editor, period, activity):
    client.force_login(editor)
    response = client.post(save_url(period, activity), row_data(activity), **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Draft saved at" in content
    assert f'id="id_a{activity.pk}-version" hx-swap-oob="outerHTML"' in content
    assert 'value="1"' in content
    report = ActivityReport.objects.get()
    assert (report.progress, report.status, report.comment, report.updated_by) == (
        40,
        "on_track",
        "Går bra",
        editor,
    )
    # Typing on: the next save starts from version 1.
    client.post(save_url(period, activity), row_data(activity, comment="Mer", version=1), **HTMX)
    report.refresh_from_db()
    assert (report.comment, report.version) == ("Mer", 2)


def test_a_save_from_an_older_version_is_shown_as_a_conflict_and_keeps_the_colleagues_text(
    client, editor, period, activity
):
    client.force_login(editor)
    client.post(save_url(period, activity), row_data(activity, comment="Kollegans"), **HTMX)
    # Opened before the colleague saved: still at version 0.
    response = client.post(
        save_url(period, activity), row_data(activity, comment="Mitt", version=0), **HTMX
    )
    content = response.content.decode()
    assert 'role="alert"' in content and str(services.STALE_REPORT) in content
    assert "Draft saved at" not in content
    assert ActivityReport.objects.get().comment == "Kollegans"


@pytest.mark.parametrize("progress", ["101", "-3", "mycket"])
def test_bad_progress_is_answered_beside_the_field_and_nothing_is_saved(
    client, editor, period, activity, progress
):
    client.force_login(editor)
    response = client.post(
        save_url(period, activity), row_data(activity, progress=progress, comment="Kvar"), **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="errors-a{activity.pk}-progress"' in content
    assert str(services.PROGRESS_OUT_OF_RANGE) in content
    assert "Not saved" in content
    assert not ActivityReport.objects.exists()


def test_without_htmx_a_bad_value_comes_back_in_the_page_with_what_was_typed(
    client, editor, group, period, activity
):
    client.force_login(editor)
    response = client.post(
        save_url(period, activity), row_data(activity, progress="250", comment="Mitt utkast")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mitt utkast" in content and 'value="250"' in content
    assert str(services.PROGRESS_OUT_OF_RANGE) in content
    assert not ActivityReport.objects.exists()


def test_without_htmx_a_save_redirects_to_the_row(client, editor, group, period, activity):
    client.force_login(editor)
    response = client.post(save_url(period, activity), row_data(activity))
    assert response.status_code == 302
    assert response.url == unit_url(period, group.administration) + f"#activity-{activity.pk}"


def test_two_people_saving_the_same_row_are_told_not_overwritten(
    client, editor, administrator, period, activity
):
    client.force_login(administrator)
    client.post(save_url(period, activity), row_data(activity, comment="Adminens"), **HTMX)
    client.force_login(editor)
    response = client.post(
        save_url(period, activity), row_data(activity, comment="Redaktörens"), **HTMX
    )
    content = response.content.decode()
    assert 'role="alert"' in content and "Someone else saved this report" in content
    assert ActivityReport.objects.get().comment == "Adminens"


def test_a_closed_period_refuses_a_save_with_a_message(
    client, editor, administrator, period, activity, group
):
    report = f.ActivityReportFactory(period=period, activity=activity, progress=10)
    services.period_close(user=administrator, period=period)
    client.force_login(editor)
    response = client.post(
        save_url(period, activity), row_data(activity, progress="90", version=1), **HTMX
    )
    assert str(services.PERIOD_CLOSED) in response.content.decode()
    report.refresh_from_db()
    assert (report.progress, report.version) == (10, 1)
    page = client.get(unit_url(period, group.administration)).content.decode()
    assert "This reporting period is closed" in page
    assert f'name="a{activity.pk}-progress"' not in page


def test_outsiders_get_403_and_nothing_is_saved(
    client, company_editor, reader, period, activity, unit_goal
):
    for user in (company_editor, reader):
        client.force_login(user)
        assert (
            client.post(save_url(period, activity), row_data(activity), **HTMX).status_code == 403
        )
        data = {f"g{unit_goal.pk}-assessment": "met", f"g{unit_goal.pk}-version": 0}
        assert client.post(goal_url(period, unit_goal), data, **HTMX).status_code == 403
    assert not ActivityReport.objects.exists() and not GoalAssessment.objects.exists()


def test_save_endpoints_take_post_only(client, editor, period, activity, group):
    client.force_login(editor)
    assert client.get(save_url(period, activity)).status_code == 405
    assert client.post(unit_url(period, group.administration)).status_code == 405
    ready = reverse("goals:followup_unit_ready", args=[period.pk, group.administration.slug])
    assert client.get(ready).status_code == 405


def test_a_goal_assessment_is_autosaved(client, editor, period, unit_goal):
    client.force_login(editor)
    key = f"g{unit_goal.pk}"
    data = {f"{key}-assessment": "partly_met", f"{key}-analysis": "Halvvägs", f"{key}-version": 0}
    response = client.post(goal_url(period, unit_goal), data, **HTMX)
    assert "Draft saved at" in response.content.decode()
    row = GoalAssessment.objects.get()
    assert (row.assessment, row.analysis, row.updated_by) == ("partly_met", "Halvvägs", editor)
    bad = client.post(goal_url(period, unit_goal), {**data, f"{key}-assessment": "kanske"}, **HTMX)
    assert f'id="errors-{key}-assessment"' in bad.content.decode()
    row.refresh_from_db()
    assert row.assessment == "partly_met"


# --- Ready and sent back --------------------------------------------------------------------------


def test_marking_ready_an_incomplete_report_says_what_is_missing(
    client, editor, group, period, activity
):
    client.force_login(editor)
    url = reverse("goals:followup_unit_ready", args=[period.pk, group.administration.slug])
    response = client.post(url)
    assert response.status_code == 200
    assert "Activities without progress: 1." in response.content.decode()
    assert not UnitReport.objects.filter(status="ready").exists()


def test_a_ready_report_is_locked_and_the_chief_sends_it_back(
    client, editor, chief, group, period, activity
):
    f.ActivityReportFactory(period=period, activity=activity)
    client.force_login(editor)
    ready = reverse("goals:followup_unit_ready", args=[period.pk, group.administration.slug])
    assert client.post(ready).status_code == 302
    page = client.get(unit_url(period, group.administration)).content.decode()
    assert "Marked ready by" in page and f'name="a{activity.pk}-progress"' not in page

    back = reverse("goals:followup_unit_send_back", args=[period.pk, group.administration.slug])
    assert client.post(back, {"comment": "Nej"}).status_code == 403  # the editor may not
    client.force_login(chief)
    response = client.post(back, {"comment": "  "})
    assert response.status_code == 200
    assert str(services.RETURN_COMMENT_REQUIRED) in response.content.decode()
    assert UnitReport.objects.get().status == "ready"
    response = client.post(back, {"comment": "Beskriv <b>riskerna</b>"})
    assert response.status_code == 302
    client.force_login(editor)
    page = client.get(unit_url(period, group.administration)).content.decode()
    assert "Sent back by" in page and "Beskriv &lt;b&gt;riskerna&lt;/b&gt;" in page
    assert f'name="a{activity.pk}-progress"' in page


def test_others_may_not_mark_a_unit_ready(client, company_editor, group, period):
    client.force_login(company_editor)
    url = reverse("goals:followup_unit_ready", args=[period.pk, group.administration.slug])
    assert client.post(url).status_code == 403
    assert not UnitReport.objects.exists()


def test_the_history_shows_who_reported_what(client, editor, chief, group, period, activity):
    client.force_login(editor)
    client.post(save_url(period, activity), row_data(activity, comment="Första utkast"), **HTMX)
    client.post(reverse("goals:followup_unit_ready", args=[period.pk, group.administration.slug]))
    content = client.get(unit_url(period, group.administration)).content.decode()
    assert "Status report on Läxhjälp i alla skolor: 40 %, on track" in content
    assert "Marked ready" in content
    assert "Första utkast" in content


def test_the_unit_report_state_is_timestamped(editor, group, period, activity):
    f.ActivityReportFactory(period=period, activity=activity)
    report = services.unit_report_mark_ready(user=editor, period=period, unit=group.administration)
    assert report.ready_at <= timezone.now()


def test_the_overview_shows_the_current_period_and_follows_every_change(
    client, chief, editor, group, period, activity
):
    client.force_login(chief)
    page = client.get(reverse("overview")).content.decode()
    assert "Follow-up: Interim report 1 2026" in page
    assert '<span class="tile__number" data-count="units-ready">0 / 1</span>' in page
    f.ActivityReportFactory(period=period, activity=activity)
    services.unit_report_mark_ready(user=editor, period=period, unit=group.administration)
    # The section is cached, but a saved report is a new history event and so a new key.
    page = client.get(reverse("overview")).content.decode()
    assert '<span class="tile__number" data-count="units-ready">1 / 1</span>' in page


def test_the_activity_page_shows_its_status_reports_in_the_history(
    client, editor, period, activity
):
    client.force_login(editor)
    client.post(save_url(period, activity), row_data(activity, comment="Halvvägs"), **HTMX)
    content = client.get(activity.get_absolute_url()).content.decode()
    assert "Status report for Interim report 1 2026: 40 %, on track" in content
    assert "Halvvägs" in content


def test_without_htmx_a_row_on_a_later_page_comes_back_on_its_page(
    client, editor, group, period, settings
):
    settings.PAGE_SIZE = 2
    rows = [
        f.ActivityFactory(owner_unit=group.administration, title=f"Aktivitet {n}") for n in "ABC"
    ]
    last = rows[-1]  # on page 2
    client.force_login(editor)
    page = client.get(unit_url(period, group.administration), {"page": 2}).content.decode()
    action = save_url(period, last) + "?page=2"
    assert f'action="{action}"' in page
    response = client.post(action, row_data(last, progress="999", comment="Sida två"))
    content = response.content.decode()
    assert "Sida två" in content and str(services.PROGRESS_OUT_OF_RANGE) in content
    response = client.post(action, row_data(last, progress="30"))
    assert response.url == unit_url(period, group.administration) + f"?page=2#activity-{last.pk}"
