"""Read-only pages of the goals app: the goal chain, one goal, and the filterable activity list."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from goals import selectors, selectors_signals
from goals.filters import ActivityFilter
from goals.models import Activity


@require_GET
def goal_list(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("visa") == "alla"
    tree = selectors.goal_tree(include_withdrawn=show_all)
    template = "goals/goal_list.html"
    if request.htmx and request.htmx.target == "goal-tree":
        template += "#tree"
    return render(request, template, {"tree": tree, "show_all": show_all})


@require_GET
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.goal_page(pk=pk)
    # Counteraction made explicit: how many supporting activities belong to other units than
    # those counteracting the goal (one query; see goals.selectors_signals).
    support_elsewhere = selectors_signals.goal_support_elsewhere(goal=page.goal)
    template = "goals/goal_detail.html"
    if request.htmx and request.htmx.target == "goal-activities":
        template += "#activities"
    return render(
        request,
        template,
        {"page": page, "goal": page.goal, "support_elsewhere": support_elsewhere},
    )


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    queryset = selectors.activity_table_queryset(Activity.objects.visible_to(request.user))
    activity_filter = ActivityFilter(request.GET or None, queryset=queryset)
    # Unbound, the FilterSet would skip filter_queryset and show withdrawn activities too.
    activities = activity_filter.qs if activity_filter.is_bound else queryset.active()
    # get_page clamps a page number that is not a number or is out of range.
    page_obj = Paginator(activities.order_by("title", "pk"), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    template = "goals/activity_list.html"
    if request.htmx and request.htmx.target == "activity-results":
        template += "#results"
    return render(
        request,
        template,
        {"filter": activity_filter, "form": activity_filter.form, "page_obj": page_obj},
    )
