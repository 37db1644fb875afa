"""The process pages: the areas and their processes, the rollout matrix with its cells edited in
place, one process, the process owner's cockpit, and the rollout report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goals.models import Activity
from goals.permissions import get_activity_for_user
from processes import selectors, services
from processes.export import rollout_workbook
from processes.forms import CommentForm, ImplementationForm, ReassignForm
from processes.models import Process, ProcessArea
from processes.permissions import get_cell_for_user, implementation_editor_key
from vaxjo_riktning import fragments
from vaxjo_riktning.htmx import targets, wants_fragment
from vaxjo_riktning.permissions import owned_process_area_ids
from vaxjo_riktning.records import StaleVersion
from vaxjo_riktning.spreadsheets import XLSX_CONTENT_TYPE

CELL_TEMPLATE = "processes/rollout_cell.html"


@require_GET
def process_index(request: HttpRequest) -> HttpResponse:
    return render(request, "processes/process_index.html", {"areas": selectors.process_areas()})


@require_GET
def rollout(request: HttpRequest) -> HttpResponse:
    """The rollout matrix: processes against the top-level units; ?omrade=<slug> shows one area."""
    area = None
    slug = request.GET.get("omrade")
    if slug:
        area = ProcessArea.objects.filter(slug=slug).first()
    user = request.user
    units, state = selectors.rollout_page_columns()
    # The page below its breadcrumbs is kept in the cache as HTML (the template's {% cache %}
    # block) under the fingerprint of what it shows and of which cells the user may change; the
    # matrix and the areas are read only when it is not there.
    return render(
        request,
        "processes/rollout.html",
        {
            "matrix": SimpleLazyObject(
                lambda: selectors.rollout_matrix(user=user, area=area, units=units)
            ),
            "area": area,
            "areas": ProcessArea.objects.order_by("sort_order", "name"),
            "stages": selectors.STAGES,
            "fragments": {
                # (A group without units has no columns to read the fingerprint with: not kept.)
                "seconds": fragments.SECONDS if units else 0,
                "release": fragments.release(),
                "rollout": f"{state}:{implementation_editor_key(user)}",
            },
        },
    )


def _cell_response(
    request: HttpRequest,
    *,
    cell: selectors.RolloutCell,
    form: ImplementationForm | None = None,
    editing: bool = False,
    status: int = 200,
    conflict: bool = False,
) -> HttpResponse:
    context = {
        "cell": cell,
        "form": form,
        "editing": editing,
        "conflict": conflict,
        "changes": [] if wants_fragment(request) and not editing else None,
    }
    if wants_fragment(request):
        partial = "form" if editing else "display"
        return render(request, f"{CELL_TEMPLATE}#{partial}", context, status=status)
    context["changes"] = selectors.rollout_changes(process=cell.process, unit=cell.unit, limit=10)
    return render(request, CELL_TEMPLATE, context, status=status)


def _initial_form(cell: selectors.RolloutCell) -> ImplementationForm:
    return ImplementationForm(
        initial={
            "stage": cell.stage,
            "contact": cell.contact,
            "note": cell.note,
            "version": cell.version,
        },
        auto_id=f"cell-{cell.process.pk}-{cell.unit.pk}-%s",
    )


@require_http_methods(["GET", "POST"])
def rollout_cell(request: HttpRequest, process_slug: str, unit_slug: str) -> HttpResponse:
    """One cell. GET: the cell (its form for those who may change it; htmx asks for the form
    alone). POST: save it: 404 for a process or unit that does not exist, 403 for someone without
    the right, the form with its messages for bad input, 409 with the current value when someone
    else saved the cell in between, and the updated cell when it is saved."""
    if request.method == "GET":
        process, unit = get_cell_for_user(
            request.user, process_slug=process_slug, unit_slug=unit_slug
        )
        cell = selectors.rollout_cell(user=request.user, process=process, unit=unit)
        editing = cell.editable and request.GET.get("visa") != "cell"
        return _cell_response(
            request, cell=cell, form=_initial_form(cell) if editing else None, editing=editing
        )

    try:
        process, unit = get_cell_for_user(
            request.user, process_slug=process_slug, unit_slug=unit_slug, write=True
        )
    except PermissionDenied:
        if wants_fragment(request):
            return HttpResponseForbidden(str(services.NOT_ALLOWED_CELL))
        process, unit = get_cell_for_user(
            request.user, process_slug=process_slug, unit_slug=unit_slug
        )
        cell = selectors.rollout_cell(user=request.user, process=process, unit=unit)
        messages.error(request, services.NOT_ALLOWED_CELL)
        return _cell_response(request, cell=cell, status=403)

    form = ImplementationForm(request.POST, auto_id=f"cell-{process.pk}-{unit.pk}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.implementation_set(
                user=request.user,
                process=process,
                unit=unit,
                stage=data["stage"],
                contact=data["contact"],
                note=data["note"],
                version=data["version"],
            )
        except StaleVersion:
            cell = selectors.rollout_cell(user=request.user, process=process, unit=unit)
            # The form comes back with what the person typed, the current value beside it and
            # the current version, so a second save is a deliberate overwrite.
            form = ImplementationForm(
                {**request.POST.dict(), "version": cell.version},
                auto_id=f"cell-{process.pk}-{unit.pk}-%s",
            )
            form.is_valid()
            return _cell_response(
                request, cell=cell, form=form, editing=True, status=409, conflict=True
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            cell = selectors.rollout_cell(user=request.user, process=process, unit=unit)
            if wants_fragment(request):
                return _cell_response(request, cell=cell)
            messages.success(request, _("The rollout was saved."))
            return redirect(f"{_rollout_url()}?omrade={process.area.slug}#rad-{process.slug}")
    cell = selectors.rollout_cell(user=request.user, process=process, unit=unit)
    return _cell_response(request, cell=cell, form=form, editing=True)


def _rollout_url() -> str:
    return reverse("processes:rollout")


@require_GET
def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.process_page(slug=slug, user=request.user)
    return render(
        request,
        "processes/process_detail.html",
        {
            "page": page,
            "process": page.process,
            "fragments": {"seconds": fragments.SECONDS, "release": fragments.release()},
        },
    )


# --- The cockpit ----------------------------------------------------------------------------------


@require_GET
def cockpit(request: HttpRequest) -> HttpResponse:
    """The process owner's cockpit: every activity of the area's processes whichever unit runs
    it, the open overlaps among them first. A process owner sees their own area by default;
    anyone may look at any area (?omrade=<slug>), read-only."""
    areas = selectors.cockpit_areas(request.user)
    if not areas:
        return render(request, "processes/cockpit.html", {"cockpit": None})
    slug = request.GET.get("omrade")
    area = next((a for a in areas if a.slug == slug), None) if slug else areas[0]
    if area is None:
        area = areas[0]
    data = selectors.cockpit(
        user=request.user,
        area=area,
        areas=areas,
        process_slug=request.GET.get("process", ""),
        unit_slug=request.GET.get("enhet", ""),
        page=request.GET.get("page"),
    )
    template = "processes/cockpit.html"
    if targets(request, "cockpit-activities"):
        template += "#activities"
    return render(
        request,
        template,
        {"cockpit": data, "units": selectors.top_units(), "comment_form": CommentForm()},
    )


def _cockpit_row(
    request: HttpRequest,
    activity: Activity,
    *,
    form: ReassignForm | None = None,
    comment_form: CommentForm | None = None,
    saved: str = "",
) -> HttpResponse:
    """The activity's row of the cockpit, read again, in place of the one the form was in."""
    row, processes = selectors.cockpit_row(user=request.user, activity=activity)
    return render(
        request,
        "processes/cockpit.html#row",
        {
            "rows": [row],
            "processes": processes,
            "reassign_form": form,
            "comment_form": comment_form or CommentForm(),
            "saved": saved,
            "cockpit": {"owner": True},
        },
    )


@require_POST
def activity_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an activity to another process of the owner's own area."""
    activity = get_activity_for_user(request, pk, write=True)
    owned = owned_process_area_ids(request.user)
    processes = (
        Process.objects.all()
        if request.user.is_administrator
        else Process.objects.filter(area_id__in=owned)
    )
    form = ReassignForm(request.POST, processes=processes)
    if form.is_valid():
        try:
            services.activity_reassign_process(
                user=request.user,
                activity=activity,
                process=form.cleaned_data["process"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            saved = _("Moved to %(process)s.") % {"process": form.cleaned_data["process"].name}
            if wants_fragment(request):
                return _cockpit_row(request, activity, saved=saved)
            messages.success(request, saved)
            return redirect(activity.get_absolute_url())
    if wants_fragment(request):
        return _cockpit_row(request, activity, form=form)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(activity.get_absolute_url())


@require_POST
def activity_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A process owner's comment on an activity of their process area, for its unit to read."""
    activity = get_activity_for_user(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.activity_comment_create(
                user=request.user, activity=activity, text=form.cleaned_data["text"]
            )
        except PermissionDenied:
            if wants_fragment(request):
                return HttpResponseForbidden(str(services.NOT_ALLOWED_ACTIVITY))
            raise
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            saved = _("Your comment was saved; the unit sees it on the activity's page.")
            if wants_fragment(request):
                return _cockpit_row(request, activity, saved=saved)
            messages.success(request, saved)
            return redirect(activity.get_absolute_url())
    if wants_fragment(request):
        return _cockpit_row(request, activity, comment_form=form)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(activity.get_absolute_url())


# --- The report -----------------------------------------------------------------------------------


@require_GET
def area_report(request: HttpRequest, slug: str) -> HttpResponse:
    area, matrix, owners = selectors.area_report(slug=slug)
    return render(
        request,
        "processes/area_report.html",
        {"area": area, "matrix": matrix, "owners": owners, "stages": selectors.STAGES},
    )


@require_GET
def area_report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    area, matrix, owners = selectors.area_report(slug=slug)
    content = rollout_workbook(area=area, matrix=matrix, owners=owners)
    response = HttpResponse(
        content,
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="utrullning-{area.slug}.xlsx"'
    return response
