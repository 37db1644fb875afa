"""The sub-optimisation signals: counteraction between units, and gaps. Read-only, for every
signed-in user (LoginRequiredMiddleware sends everyone else to log in)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from goals import selectors_signals as signals
from goals.forms_signals import CounteractionFilterForm, GapFilterForm, GapKind
from vaxjo_riktning.htmx import targets

COUNTERACTION_TARGET = "counteraction-results"
GAP_TARGET = "gap-results"


@require_GET
def counteraction_list(request: HttpRequest) -> HttpResponse:
    """Activities that counteract a goal other units' activities support, with both sides.
    ?unit=<slug>&goal=<pk>&process=<slug>&page=<n>; htmx asks for the results alone."""
    form = CounteractionFilterForm(request.GET or None)
    values = form.valid_values() if form.is_bound else {}
    page_obj = signals.counteraction_page(
        unit=values.get("unit"),
        goal=values.get("goal"),
        process=values.get("process"),
        page=request.GET.get("page"),
    )
    template = "goals/counteraction_list.html"
    if targets(request, COUNTERACTION_TARGET):
        template += "#results"
    return render(request, template, {"form": form, "page_obj": page_obj})


@require_GET
def gap_list(request: HttpRequest) -> HttpResponse:
    """Goals without activity, council goals a unit does nothing for, activities without goal.
    ?typ=<kind>&unit=<slug>&goal=<pk>&page=<n> (the page of activities without goal)."""
    form = GapFilterForm(request.GET or None)
    values = form.valid_values() if form.is_bound else {}
    kind = values.get("typ") or GapKind.ALL
    unit, goal = values.get("unit"), values.get("goal")
    context = {"form": form, "kind": kind, "kinds": GapKind}
    if kind in (GapKind.ALL, GapKind.GOALS):
        context["goal_gaps"] = signals.goal_gaps(unit=unit, goal=goal)
    if kind in (GapKind.ALL, GapKind.UNITS):
        context["unit_gaps"] = signals.unit_gaps(unit=unit, goal=goal)
    if kind in (GapKind.ALL, GapKind.ACTIVITIES):
        context["activities_page"] = signals.activities_without_goal_page(
            unit=unit, page=request.GET.get("page")
        )
    template = "goals/gap_list.html"
    if targets(request, GAP_TARGET):
        template += "#results"
    return render(request, template, context)
