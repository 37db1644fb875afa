"""Follow-up's pages: the group's progress in a period; a unit's report, its to-do (status
reports and assessments saved as they are typed, marked ready, sent back); and the period report,
one board's Excel at once or any report as a background job whose page shows its progress and
hands out the file. Their routes are in urls.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from goals.followup import history, rules, selectors, services
from goals.followup.export_jobs import KEEP_DAYS, export_job_create
from goals.followup.forms import (
    ActivityReportForm,
    ExportForm,
    GoalAssessmentForm,
    SavingReportForm,
    SendBackForm,
)
from goals.followup.models import ActivityReport, ExportJob, GoalAssessment, ReportingPeriod
from goals.followup.workbook import period_report_workbook
from goals.models import Activity, CoordinationSaving, Goal
from vaxjo_riktning.htmx import add_service_errors, page_or_partial, redirect_to, targets
from vaxjo_riktning.models import Unit
from vaxjo_riktning.records import StaleVersion
from vaxjo_riktning.spreadsheets import XLSX_CONTENT_TYPE


def _unit_url(period: ReportingPeriod, unit: Unit, *, anchor: str = "", page: str = "") -> str:
    url = reverse("goals:followup_unit", kwargs={"period_pk": period.pk, "slug": unit.slug})
    if page.isdigit():
        url += f"?page={page}"
    return url + (f"#{anchor}" if anchor else "")


# --- The group's progress -------------------------------------------------------------------------


@require_GET
def followup_overview(request: HttpRequest, period_pk: int | None = None) -> HttpResponse:
    """Reporting progress across the group for a period (the current one unless chosen), each
    council goal's colour rolled up from its activities, and the way to the user's own to-do."""
    periods = selectors.period_choices()
    chosen = request.GET.get("period", "")
    if period_pk is None and chosen.isdigit():
        period_pk = int(chosen)
    if period_pk is None:
        period = selectors.current_period(periods)
    else:
        period = next((p for p in periods if p.pk == period_pk), None) or get_object_or_404(
            ReportingPeriod, pk=period_pk
        )
        if period not in periods:
            periods.append(period)
    context: dict[str, Any] = {
        "periods": periods,
        "period": period,
        "my_units": list(selectors.units_for_user(request.user)),
        "may_manage": rules.may_manage_periods(request.user),
    }
    if period is not None:
        previous = selectors.previous_period(period, periods)
        summary = selectors.period_summary(period, previous)
        context.update(progress=summary.progress, rollups=summary.rollups, previous=previous)
    return render(request, "goals/followup/overview.html", context)


# --- A unit's report ------------------------------------------------------------------------------


def _get_period_and_unit(period_pk: int, slug: str) -> tuple[ReportingPeriod, Unit]:
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    unit = get_object_or_404(Unit, slug=slug)
    return period, unit


def _unit_page(
    request: HttpRequest,
    period: ReportingPeriod,
    unit: Unit,
    *,
    bound: dict[str, Form] | None = None,
    send_back_form: SendBackForm | None = None,
    ready_error: str = "",
) -> HttpResponse:
    only_missing = request.GET.get("visa") == "saknas"
    todo = selectors.unit_todo(
        period=period,
        unit=unit,
        user=request.user,
        page_number=request.GET.get("page"),
        only_missing=only_missing,
    )
    bound = bound or {}
    editable = period.is_open and not todo.is_ready
    for row in todo.activity_rows:
        key = f"a{row.activity.pk}"
        row.form = bound.get(key) or ActivityReportForm(report=row.report, prefix=key)
        row.editable = editable and row.may_write
    for row in todo.goal_rows:
        key = f"g{row.goal.pk}"
        row.form = bound.get(key) or GoalAssessmentForm(assessment=row.assessment, prefix=key)
        row.editable = editable and row.may_write
    for row in todo.saving_rows:
        key = f"s{row.saving.pk}"
        row.form = bound.get(key) or SavingReportForm(saving=row.saving, prefix=key)
        row.editable = editable and row.may_write
    user = request.user
    context = {
        "todo": todo,
        "period": period,
        "unit": unit,
        "may_mark_ready": period.is_open and not todo.is_ready and rules.may_mark_ready(user, unit),
        "may_send_back": period.is_open and todo.is_ready and rules.may_send_back(user),
        "send_back_form": send_back_form or SendBackForm(),
        "ready_error": ready_error,
        "history": history.unit_history(period=period, unit=unit),
    }
    template = "goals/followup/unit_report.html"
    if targets(request, "todo-activities"):
        template += "#activities"
    return render(request, template, context)


@require_GET
def unit_report(request: HttpRequest, period_pk: int, slug: str) -> HttpResponse:
    period, unit = _get_period_and_unit(period_pk, slug)
    if unit.top_unit_id and unit.top_unit_id != unit.pk:
        # Departments report within their administration or company.
        top = Unit.objects.get(pk=unit.top_unit_id)
        return redirect(_unit_url(period, top))
    return _unit_page(request, period, unit)


def _row_response(
    request: HttpRequest,
    *,
    form: Form,
    kind: str,
    pk: int,
    saved: ActivityReport | GoalAssessment | CoordinationSaving | None,
    conflict: bool = False,
) -> HttpResponse:
    """What an autosave answers: the row's save status, and out of band its field errors and
    the new version. The fields themselves are never swapped, so typing goes on undisturbed."""
    return render(
        request,
        "goals/followup/unit_report.html#save_status",
        {"form": form, "kind": kind, "pk": pk, "saved": saved, "conflict": conflict},
    )


def _save_row(
    request: HttpRequest,
    *,
    period: ReportingPeriod,
    form: Form,
    kind: str,
    pk: int,
    owner_unit: Unit,
    save: Callable[[dict[str, Any]], ActivityReport | GoalAssessment | CoordinationSaving],
    saved_message: str,
    anchor: str,
    page: str = "",
) -> HttpResponse:
    """What saving a row of the unit's report does, for an activity's status report and a
    goal's assessment alike: the service's refusals go beside the fields (a colleague's newer
    save is shown as a conflict), an autosave gets the row's status, and a plain post (no
    JavaScript) the whole page again."""
    saved, conflict = None, False
    if form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            conflict = isinstance(error, StaleVersion)
            add_service_errors(form, error)
    if request.htmx:
        return _row_response(request, form=form, kind=kind, pk=pk, saved=saved, conflict=conflict)
    top = Unit.objects.get(pk=owner_unit.top_unit_id or owner_unit.pk)
    if saved is not None:
        messages.success(request, saved_message)
        return redirect(_unit_url(period, top, anchor=anchor, page=page))
    return _unit_page(request, period, top, bound={f"{kind}{pk}": form})


@require_POST
def activity_report_save(request: HttpRequest, period_pk: int, activity_pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user).select_related("owner_unit", "process"),
        pk=activity_pk,
    )
    if not rules.may_report_activity(request.user, activity):
        raise PermissionDenied
    form = ActivityReportForm(request.POST, prefix=f"a{activity.pk}")
    return _save_row(
        request,
        period=period,
        form=form,
        kind="a",
        pk=activity.pk,
        owner_unit=activity.owner_unit,
        save=lambda data: services.activity_report_save(
            user=request.user,
            period=period,
            activity=activity,
            version=data["version"],
            progress=data["progress"],
            status=data["status"],
            comment=data["comment"],
        ),
        saved_message=_("The status report was saved."),
        anchor=f"activity-{activity.pk}",
        # Back to the page of the list the row is on (the form's action carries it).
        page=request.GET.get("page", ""),
    )


@require_POST
def goal_assessment_save(request: HttpRequest, period_pk: int, goal_pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    goal = get_object_or_404(Goal.objects.select_related("owner_unit"), pk=goal_pk)
    if goal.owner_unit is None:
        raise Http404  # nobody assesses a goal without an owning unit
    if not rules.may_assess_goal(request.user, goal):
        raise PermissionDenied
    form = GoalAssessmentForm(request.POST, prefix=f"g{goal.pk}")
    return _save_row(
        request,
        period=period,
        form=form,
        kind="g",
        pk=goal.pk,
        owner_unit=goal.owner_unit,
        save=lambda data: services.goal_assessment_save(
            user=request.user,
            period=period,
            goal=goal,
            version=data["version"],
            assessment=data["assessment"],
            analysis=data["analysis"],
        ),
        saved_message=_("The assessment was saved."),
        anchor=f"goal-{goal.pk}",
    )


@require_POST
def saving_report_save(request: HttpRequest, period_pk: int, saving_pk: int) -> HttpResponse:
    """What a coordination saving realised, from the reporting unit's year-end report."""
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    saving = get_object_or_404(
        CoordinationSaving.objects.select_related("reporting_unit"), pk=saving_pk
    )
    if not rules.may_mark_ready(request.user, saving.reporting_unit):
        raise PermissionDenied
    if not period.covers_year_end:
        raise Http404
    form = SavingReportForm(request.POST, prefix=f"s{saving.pk}")
    return _save_row(
        request,
        period=period,
        form=form,
        kind="s",
        pk=saving.pk,
        owner_unit=saving.reporting_unit,
        save=lambda data: services.saving_report(
            user=request.user,
            period=period,
            saving=saving,
            version=data["version"],
            realised_sek=data["realised"],
            comment=data["comment"],
        ),
        saved_message=_("The realised saving was saved."),
        anchor=f"saving-{saving.pk}",
    )


@require_POST
def unit_report_ready(request: HttpRequest, period_pk: int, slug: str) -> HttpResponse:
    period, unit = _get_period_and_unit(period_pk, slug)
    if not rules.may_mark_ready(request.user, unit):
        raise PermissionDenied
    try:
        services.unit_report_mark_ready(user=request.user, period=period, unit=unit)
    except ValidationError as error:
        return _unit_page(request, period, unit, ready_error=" ".join(error.messages))
    messages.success(request, _("The report is marked ready. Thank you!"))
    return redirect_to(request, _unit_url(period, unit))


@require_POST
def unit_report_send_back(request: HttpRequest, period_pk: int, slug: str) -> HttpResponse:
    period, unit = _get_period_and_unit(period_pk, slug)
    if not rules.may_send_back(request.user):
        raise PermissionDenied
    form = SendBackForm(request.POST)
    if form.is_valid():
        try:
            services.unit_report_send_back(
                user=request.user, period=period, unit=unit, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report was sent back to the unit."))
            return redirect_to(request, _unit_url(period, unit))
    return _unit_page(request, period, unit, send_back_form=form)


# --- The period report: one board's Excel at once, any report as a background job -----------------
# A job and its file belong to the person who asked and to administrators; anyone else gets 404.


@require_GET
def period_report_excel(request: HttpRequest, period_pk: int) -> HttpResponse:
    """One unit's period report as Excel (?enhet=slug: the unit and its departments), at once.
    Reports are public to every signed-in user, like the goals they are about. The whole group's
    report is too large for a request: without a unit, this leads to the form that builds it in
    the background (export_start below)."""
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    if not request.GET.get("enhet"):
        return redirect(reverse("goals:followup_period", args=[period.pk]) + "#period-report")
    unit = get_object_or_404(Unit, slug=request.GET["enhet"])
    content = period_report_workbook(period=period, unit=unit)
    name = f"periodrapport-{period.pk}-{unit.slug}.xlsx"
    response = HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def export_start(request: HttpRequest, period_pk: int) -> HttpResponse:
    """Start building the period report asked for; its page shows how far it has come."""
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("goals:followup_period", args=[period.pk]) + "#period-report")
    job = export_job_create(
        user=request.user,
        period=period,
        unit=form.cleaned_data["enhet"],
        format=form.cleaned_data["format"],
        language=get_language() or "sv",
    )
    return redirect("goals:export_job", pk=job.pk)


def _job_for_user(request: HttpRequest, pk: int) -> ExportJob:
    return get_object_or_404(
        ExportJob.objects.visible_to(request.user).select_related("period", "unit"), pk=pk
    )


@require_GET
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page: its state and progress, and the file once it is built. While it is
    built, htmx asks for the status part every two seconds."""
    job = _job_for_user(request, pk)
    template = page_or_partial(request, "goals/followup/export_job.html", "status")
    return render(request, template, {"job": job, "keep_days": KEEP_DAYS})


@require_GET
def export_job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_for_user(request, pk)
    if job.state != ExportJob.State.DONE or not job.file.name:
        raise Http404("The report is not ready.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The report's file is gone.") from exc
    content_type = {
        ExportJob.Format.PDF: "application/pdf",
        ExportJob.Format.XLSX: XLSX_CONTENT_TYPE,
    }[job.format]
    response = FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
