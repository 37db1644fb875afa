"""The period report built in the background: start it, watch its progress (htmx polls the
status while it is built), and download the file. A job and its file belong to the person who
asked and to administrators; anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from goals.followup.exports import KEEP_DAYS, export_job_create
from goals.followup.forms import ExportForm
from goals.followup.models import ExportJob, ReportingPeriod
from processes.export import XLSX_CONTENT_TYPE
from vaxjo_riktning.htmx import page_or_partial


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
