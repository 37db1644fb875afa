"""The activity import page: upload a CSV or Excel plan, check it, and import all of it or none.

The rules of the format live in goals/importing/ (reading.py reads the file, services.py checks
and saves the rows); this page takes the file, hands it over, and shows what came back: the
row errors as a table, or a redirect to the activity list.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_http_methods

from goals.importing import reading, services
from goals.importing.forms import ActivityImportForm
from goals.models import Goal
from vaxjo_riktning.models import Unit
from vaxjo_riktning.permissions import editable_unit_ids, may_write_activities
from vaxjo_riktning.spreadsheets import neutralise

IMPORTED = ngettext_lazy(
    "%(count)s activity imported; the overlap scan runs on it now.",
    "%(count)s activities imported; the overlap scan runs on them now.",
    "count",
)
CHECKED = ngettext_lazy(
    "The file is fine: %(count)s activity would be imported. Nothing was saved yet.",
    "The file is fine: %(count)s activities would be imported. Nothing was saved yet.",
    "count",
)
# A file with thousands of bad rows would make a page nobody reads; the first ones show the
# pattern, and the command reports them all.
ERRORS_SHOWN = 500
TEMPLATE_FILE_NAME = "riktning-aktiviteter-mall.csv"


def _template_csv(request: HttpRequest) -> HttpResponse:
    """The header and an example row, as Swedish Excel opens it: UTF-8 with a BOM, ";"."""
    editable = editable_unit_ids(request.user)
    units = Unit.objects.order_by("sort_order", "name")
    unit = (units.filter(pk__in=editable).first() if editable else None) or units.first()
    goal = Goal.objects.active().council_goals().order_by("sort_order", "code").first()
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in services.template_rows(unit=unit, goal=goal):
        writer.writerow([neutralise(value) for value in row])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILE_NAME}"'
    return response


def _render(request: HttpRequest, form: ActivityImportForm, **context: Any) -> HttpResponse:
    errors = context.get("errors", [])
    context.update(
        form=form,
        errors_shown=errors[:ERRORS_SHOWN],
        errors_hidden=max(0, len(errors) - ERRORS_SHOWN),
        error_count=len(errors),
        max_rows=number_format(reading.MAX_ROWS, force_grouping=True),
    )
    # 200 with errors too, so that htmx-boosted navigation would swap the page in as well.
    return render(request, "goals/activity_import.html", context)


@require_http_methods(["GET", "POST"])
def activity_import(request: HttpRequest) -> HttpResponse:
    if not may_write_activities(request.user):
        raise PermissionDenied
    if request.method == "GET":
        if request.GET.get("mall"):
            return _template_csv(request)
        return _render(request, ActivityImportForm())

    form = ActivityImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form)
    uploaded = form.cleaned_data["file"]
    dry_run = request.POST.get("action") == "check"
    result = services.importing_run(
        user=request.user, file_name=uploaded.name, content=uploaded.read(), dry_run=dry_run
    )
    # A refusal of the whole file belongs beside the file field; row errors go in the table.
    file_errors = [e for e in result.errors if e.line is None]
    row_errors = [e for e in result.errors if e.line is not None]
    for error in file_errors:
        form.add_error("file", error.message)
    if result.errors:
        return _render(request, form, errors=row_errors, file_name=uploaded.name)
    if dry_run:
        checked = CHECKED % {"count": result.row_count}
        return _render(request, ActivityImportForm(), checked=checked, file_name=uploaded.name)
    messages.success(request, IMPORTED % {"count": len(result.created_ids)})
    return redirect("goals:activity_list")
