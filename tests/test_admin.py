"""The Django admin: every registered model's pages answer for an administrator, lists do not
grow their query count with the data, goals and activities are withdrawn rather than deleted,
and people without staff status are kept out."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group as AuthGroup
from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from goals.models import (
    Activity,
    Contribution,
    Cooperation,
    CoordinationSaving,
    ExportJob,
    Goal,
    Measurement,
    SentReminder,
    UnitReport,
    VocabularyGroup,
)
from processes.models import ActivityComment, Implementation
from recruitment.models import (
    Application,
    ApplicationView,
    JobAd,
    Note,
    PersonCompetence,
    Successor,
)
from tests import factories as f
from vaxjo_riktning.admin import UNIT_CYCLE, WITHDRAWAL_NEEDS_REASON
from vaxjo_riktning.models import (
    AccessibilityStatement,
    GroupRoleMapping,
    OutboxTask,
    Role,
    Unit,
    User,
)

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
MODEL_LABELS = [model._meta.label for model, _ in REGISTRY]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def make_world(n: int, *, prefix: str = "") -> None:
    """n of everything the admin lists, linked to each other like real data."""
    area = f.ProcessAreaFactory()
    for i in range(n):
        parent = f.UnitFactory(name=f"{prefix}Förvaltning {i}", slug=f"{prefix}forv-{i}")
        department = f.DepartmentFactory(parent=parent)
        process = f.ProcessFactory(area=area)
        council = f.GoalFactory()
        goal = f.UnitGoalFactory(parent=council, owner_unit=parent)
        indicator = f.IndicatorFactory(goal=goal)
        Measurement.objects.create(indicator=indicator, year=2024, value=i)
        activity = f.ActivityFactory(owner_unit=department, process=process)
        f.ContributionFactory(activity=activity, goal=goal)
        f.ContributionFactory(
            activity=activity,
            goal=council,
            effect=Contribution.Effect.COUNTERACTS,
            reason="Motverkar målet",
        )
        Cooperation.objects.create(activity=activity, unit=parent)
        f.ConflictFactory(
            activity=activity, goal=f.UnitGoalFactory(parent=council, owner_unit=parent)
        )
        user = f.UserFactory()
        f.assign(user, Role.UNIT_EDITOR, unit=parent)
        f.assign(user, Role.PROCESS_OWNER, area=area)
        # Follow-up: a period per world, its reports, the unit's report and a reminder sent.
        period = f.ReportingPeriodFactory(year=2000 + len(prefix) * 10 + i)
        f.ActivityReportFactory(period=period, activity=activity)
        f.GoalAssessmentFactory(period=period, goal=goal)
        UnitReport.objects.create(period=period, unit=parent)
        SentReminder.objects.create(
            period=period, user=user, deadline=period.deadline, email=user.email
        )
        ExportJob.objects.create(requested_by=user, period=period, unit=parent, format="pdf")
        CoordinationSaving.objects.create(
            title=activity.title, expected_sek=1000 * i, reporting_unit=parent, decided_by=user
        )
        process.owner = user
        process.save()
        process.goals.add(council)
        Implementation.objects.create(process=process, unit=parent, stage="in_use", contact="x")
        ActivityComment.objects.create(activity=activity, process=process, author=user, text="x")
        _recruitment_world(parent, area, user)
        GroupRoleMapping.objects.create(
            group_id=f"grupp-{i}", label="Redaktörer", role="unit_editor", unit=parent
        )
        # Sign-in: a counting lock, a failure and a sign-in on record, an authenticator app.
        where = {
            "username": user.username,
            "ip_address": f"192.0.2.{i + 1}",
            "user_agent": "pytest",
            "http_accept": "text/html",
            "path_info": "/konto/logga-in/",
        }
        AccessAttempt.objects.create(**where, get_data="", post_data="", failures_since_start=i + 1)
        AccessFailureLog.objects.create(**where)
        AccessLog.objects.create(**where)
        TOTPDevice.objects.create(user=user, name="Riktning")
        # Work queued by a save, one waiting and one done.
        OutboxTask.objects.create(task="goals.tasks.overlap_scan_activities_task", args=[[i]])
        OutboxTask.objects.create(task="x", done_at=timezone.now(), outcome="done")
        # The shipped vocabulary may have been emptied by a test that flushes the database.
        VocabularyGroup.objects.create(field="fritid", terms=f"{prefix}pulka{i}\n{prefix}kälke{i}")
    # The accessibility statement is one row, whatever the size of the world.
    AccessibilityStatement.objects.get_or_create(pk=1)


def _recruitment_world(unit, area, user) -> None:
    position = f.PositionFactory(unit=unit)
    position.process_areas.add(area)
    ad = f.JobAdFactory(position=position, recruiter=user, hiring_manager=user)
    sought = f.AdCompetenceFactory(ad=ad)
    position.competences.add(sought.competence)
    application = f.ApplicationFactory(ad=ad)
    Note.objects.create(application=application, author=user, text="Stark kandidat")
    ApplicationView.objects.create(application=application, viewer=user, what="application")
    PersonCompetence.objects.create(person=user, competence=sought.competence, level=3)
    Successor.objects.create(position=position, person=user, readiness="now")


@pytest.fixture
def superuser(client) -> User:
    user = User.objects.create_superuser("superadmin", "superadmin@example.se", "x")
    client.force_login(user)
    return user


@pytest.mark.parametrize("label", MODEL_LABELS)
def test_every_changelist_and_add_page_answers(client, superuser, label):
    make_world(2)
    model, model_admin = next(item for item in REGISTRY if item[0]._meta.label == label)
    assert client.get(_url(model, "changelist")).status_code == 200
    request = RequestFactory().get("/")
    request.user = superuser
    expected_add = 200 if model_admin.has_add_permission(request) else 403
    assert client.get(_url(model, "add")).status_code == expected_add


@pytest.mark.parametrize("label", MODEL_LABELS)
def test_every_change_page_answers(client, superuser, label):
    make_world(1)
    AuthGroup.objects.create(name="Redaktörer")
    model, model_admin = next(item for item in REGISTRY if item[0]._meta.label == label)
    request = RequestFactory().get("/")
    request.user = superuser
    request.resolver_match = None
    # The admin's own queryset: the history reads its events across tables, not by a manager.
    obj = model_admin.get_queryset(request).first()
    assert obj is not None
    assert client.get(_url(model, "change", quote(obj.pk))).status_code == 200


@pytest.mark.parametrize("label", MODEL_LABELS)
def test_changelists_do_not_grow_their_queries_with_the_data(client, superuser, label):
    model, _ = next(item for item in REGISTRY if item[0]._meta.label == label)
    url = _url(model, "changelist")
    # Warm up first: content types and the session are read once. In a test every request
    # shares one transaction, so the history context of this request (its user) stays on the
    # events made after it in both worlds alike.
    client.get(url)
    make_world(1, prefix="a")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make_world(4, prefix="b")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_the_history_lists_an_objects_changes(client, superuser):
    activity = f.ActivityFactory(title="Spårad aktivitet")
    activity.status = Activity.Status.DONE
    activity.save()
    url = reverse("admin:pghistory_middlewareevents_changelist")
    response = client.get(url, {"obj": f"goals.activity:{activity.pk}", "method": "tracks"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "insert" in content and "update" in content
    change_page = client.get(
        reverse("admin:goals_activity_change", args=[activity.pk])
    ).content.decode()
    assert f"obj=goals.activity:{activity.pk}" in change_page


@pytest.mark.parametrize("model", [Goal, Activity])
def test_goals_and_activities_cannot_be_deleted(client, superuser, model):
    activity = f.ActivityFactory()
    goal = f.ContributionFactory(activity=activity).goal
    obj = goal if model is Goal else activity
    assert client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    request = RequestFactory().get("/")
    request.user = superuser
    assert "delete_selected" not in admin.site._registry[model].get_actions(request)
    assert model.objects.filter(pk=obj.pk).exists()


def _admin_form(model, superuser, obj, data):
    request = RequestFactory().post("/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    form_class = model_admin.get_form(request, obj, change=True)
    initial = {
        name: field.prepare_value(form_class(instance=obj).initial.get(name))
        for name, field in form_class.base_fields.items()
    }
    initial = {k: ("" if v is None else v) for k, v in initial.items()}
    return form_class(data={**initial, **data}, instance=obj)


def test_a_withdrawal_needs_a_reason(superuser):
    goal = f.GoalFactory()
    # The admin shows a date and a time field for the moment of withdrawal.
    when = {"withdrawn_at_0": "2025-01-01", "withdrawn_at_1": "12:00:00"}
    form = _admin_form(Goal, superuser, goal, {**when, "withdrawn_reason": "  "})
    assert not form.is_valid()
    assert str(WITHDRAWAL_NEEDS_REASON) in form.errors["withdrawn_reason"]


def test_a_reason_withdraws_the_activity_now(client, superuser):
    activity = f.ActivityFactory()
    form = _admin_form(Activity, superuser, activity, {"withdrawn_reason": "Ersatt av annan"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["withdrawn_at"] <= timezone.now()


def test_a_unit_cannot_be_moved_below_itself(superuser):
    top = f.UnitFactory()
    below = f.DepartmentFactory(parent=top)
    form = _admin_form(Unit, superuser, top, {"parent": below.pk})
    assert not form.is_valid()
    assert str(UNIT_CYCLE) in form.errors["parent"]


def test_an_administrator_by_role_manages_units_but_cannot_make_superusers(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:vaxjo_riktning_unit_changelist")).status_code == 200
    assert client.get(reverse("admin:goals_activity_add")).status_code == 200
    page = client.get(reverse("admin:vaxjo_riktning_user_change", args=[administrator.pk]))
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()


def test_people_without_staff_status_are_sent_to_the_admin_login(client, reader, editor):
    for user in (reader, editor):
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
        assert client.get(reverse("admin:goals_activity_changelist")).status_code == 302


def test_a_process_owner_must_hold_the_role_for_the_processes_area(superuser):
    from processes.models import OWNER_NOT_PROCESS_OWNER, Process

    area, other = f.ProcessAreaFactory(), f.ProcessAreaFactory()
    owner = f.UserFactory()
    f.assign(owner, Role.PROCESS_OWNER, area=other)
    process = f.ProcessFactory(area=area)
    form = _admin_form(Process, superuser, process, {"owner": owner.pk})
    assert not form.is_valid()
    assert str(OWNER_NOT_PROCESS_OWNER) in form.errors["owner"]
    f.assign(owner, Role.PROCESS_OWNER, area=area)
    form = _admin_form(Process, superuser, process, {"owner": owner.pk})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("model", [JobAd, Application])
def test_ads_and_applications_cannot_be_deleted_in_the_admin(client, superuser, model):
    make_world(1)
    obj = model.objects.get()
    assert client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_opening_an_application_in_the_admin_is_logged(client, superuser):
    make_world(1)
    application = Application.objects.get()
    before = ApplicationView.objects.count()
    assert client.get(_url(Application, "change", application.pk)).status_code == 200
    assert ApplicationView.objects.count() == before + 1
    assert ApplicationView.objects.order_by("-pk").first().viewer == superuser
