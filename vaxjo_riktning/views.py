"""The chief executive's overview and the unit pages: read-only, for every signed-in user."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from goals.followup import selectors as followup_selectors
from processes import selectors as process_selectors
from recruitment import selectors as recruitment_selectors
from vaxjo_riktning import act_on, selectors
from vaxjo_riktning.htmx import targets
from vaxjo_riktning.permissions import may_write_activities

CELL_TARGET = "cell-activities"


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The matrix of top-level units against council goals. ?enhet=<slug>&mal=<pk> also shows
    that cell's activities, duplicate cases and conflicts below it; htmx asks for that alone."""
    unit_slug, goal_pk = request.GET.get("enhet"), request.GET.get("mal")
    cell = None
    if unit_slug is not None or goal_pk is not None:
        cell = selectors.overview_cell(unit_slug=unit_slug or "", goal_pk=goal_pk or "")
    if targets(request, CELL_TARGET):
        return render(request, "vaxjo_riktning/overview.html#cell", {"cell": cell})
    overview = selectors.overview()
    followup = followup_selectors.overview_followup()
    return render(
        request,
        "vaxjo_riktning/overview.html",
        {
            "matrix": overview.matrix,
            "cell": cell,
            "signals": overview.signals,
            "act_on": act_on.ActOn(
                money=overview.money,
                followup=followup,
                goals_without_activity=overview.signals.goals_without_activity,
            ),
            "followup": followup,
            "rollout": process_selectors.rollout_matrix(),
            "key_positions_without_successor": recruitment_selectors.overview_tile_count,
        },
    )


@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "vaxjo_riktning/unit_list.html", {"tree": selectors.unit_tree()})


@require_GET
def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.unit_page(slug=slug, page=request.GET.get("page"))
    template = "vaxjo_riktning/unit_detail.html"
    if targets(request, "unit-activities"):
        template += "#activities"
    return render(
        request,
        template,
        {
            "page": page,
            "unit": page.unit,
            "may_create": may_write_activities(request.user),
            "rollout": process_selectors.unit_rollout(unit=page.unit, user=request.user),
        },
    )
