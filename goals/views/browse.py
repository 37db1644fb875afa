"""Pages of the goals app: the goal chain, one goal (and its values by hand), the activity list."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from goals import selectors
from goals.filters import ActivityFilter
from goals.measurements import MeasurementForm, measurement_record
from goals.models import Activity, Indicator
from goals.overlap import selectors as overlap_selectors
from vaxjo_riktning import fragments
from vaxjo_riktning.htmx import targets
from vaxjo_riktning.paging import KnownCountPaginator
from vaxjo_riktning.permissions import can_record_measurements


@require_GET
def goal_list(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("visa") == "alla"
    template = "goals/goal_list.html"
    if targets(request, "goal-tree"):
        template += "#tree"
    # The tree's HTML is kept in the cache under the fingerprint of what it shows (the
    # template's {% cache %}); the tree is worked out only when it is not there.
    return render(
        request,
        template,
        {
            "tree": SimpleLazyObject(lambda: selectors.goal_tree(include_withdrawn=show_all)),
            "show_all": show_all,
            "fragment": {
                "seconds": fragments.SECONDS,
                "key": selectors.goal_tree_state(),
                "release": fragments.release(),
            },
        },
    )


def _render_goal_page(
    request: HttpRequest, pk: int, *, bound: MeasurementForm | None = None, bound_pk: int = 0
) -> HttpResponse:
    page = selectors.goal_page(pk=pk)
    # Counteraction made explicit: how many supporting activities belong to other units than
    # those counteracting the goal (one query; see goals.overlap.selectors).
    support_elsewhere = overlap_selectors.goal_support_elsewhere(goal=page.goal)
    may_record = can_record_measurements(request.user, page.goal.owner_unit_id)
    if may_record:
        for indicator in page.indicators:
            indicator.value_form = (
                bound
                if indicator.pk == bound_pk and bound is not None
                else MeasurementForm(prefix=f"m{indicator.pk}")
            )
    template = "goals/goal_detail.html"
    if targets(request, "goal-activities"):
        template += "#activities"
    return render(
        request,
        template,
        {
            "page": page,
            "goal": page.goal,
            "support_elsewhere": support_elsewhere,
            "may_record": may_record,
        },
    )


@require_GET
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_goal_page(request, pk)


@require_POST
def measurement_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter an indicator's value for a year by hand (the goal's unit's editors, admins)."""
    indicator = get_object_or_404(Indicator.objects.select_related("goal"), pk=pk)
    if not can_record_measurements(request.user, indicator.goal.owner_unit_id):
        raise PermissionDenied
    form = MeasurementForm(request.POST, prefix=f"m{indicator.pk}")
    if not form.is_valid():
        # The page comes back with what was typed and the message beside the field.
        return _render_goal_page(request, indicator.goal_id, bound=form, bound_pk=indicator.pk)
    measurement_record(
        user=request.user,
        indicator=indicator,
        year=form.cleaned_data["year"],
        value=form.cleaned_data["value"],
    )
    messages.success(
        request,
        _("The value for %(year)s was saved.") % {"year": form.cleaned_data["year"]},
    )
    return redirect(f"{indicator.goal.get_absolute_url()}#indicator-{indicator.pk}")


def _unfiltered(activity_filter: ActivityFilter) -> bool:
    """Whether the list shows every active activity: no filter, or none that validated with a
    value (a filter whose value does not validate is left out)."""
    if not activity_filter.is_bound:
        return True
    activity_filter.form.is_valid()
    return not any(value not in (None, "") for value in activity_filter.form.cleaned_data.values())


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    queryset = selectors.activity_table_queryset(Activity.objects.visible_to(request.user))
    activity_filter = ActivityFilter(request.GET or None, queryset=queryset)
    # Unbound, the FilterSet would skip filter_queryset and show withdrawn activities too.
    activities = activity_filter.qs if activity_filter.is_bound else queryset.active()
    # Every active activity, unfiltered (the list as it opens, and its pages): the number is
    # the sum of the units' kept counts (goals.UnitActivityCount, a few hundred rows) rather
    # than a count of 100,000 rows (6 ms in the profile of the largest group).
    count = selectors.active_activity_count() if _unfiltered(activity_filter) else None
    # get_page clamps a page number that is not a number or is out of range.
    page_obj = KnownCountPaginator(
        activities.order_by("title", "pk"), settings.PAGE_SIZE, count=count
    ).get_page(request.GET.get("page"))
    template = "goals/activity_list.html"
    if targets(request, "activity-results"):
        template += "#results"
    return render(
        request,
        template,
        {"filter": activity_filter, "form": activity_filter.form, "page_obj": page_obj},
    )
