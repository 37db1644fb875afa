"""The sub-optimisation pages, read by everyone signed in (transparency is the point): overlapping
activities (suggestions while an editor types, the review queue of suspected pairs, a case of
three or more units, one pair side by side and the decision about it), and the lists of
counteraction between units and of gaps. Their routes are in urls.py.

Only those goals.overlap.scan.can_decide_overlap allows (the chief executive, administrators, and
process owners for pairs in their area) see and use the decision form; the decision and a merge
are saved by services.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goals.models import Activity, Contribution, OverlapDecisionEvent, OverlapSuggestion
from goals.overlap import cases, selectors, services
from goals.overlap import scan as overlap
from goals.overlap import search as similarity
from goals.overlap.forms import (
    CaseDecisionForm,
    CounteractionFilterForm,
    GapFilterForm,
    GapKind,
    OverlapDecisionForm,
    OverlapFilterForm,
)
from goals.savings import selectors as savings_selectors
from goals.savings import services as savings
from vaxjo_riktning import fragments
from vaxjo_riktning.htmx import add_service_errors, targets
from vaxjo_riktning.paging import KnownCountPaginator
from vaxjo_riktning.permissions import (
    can_edit_activity,
    editable_unit_ids,
    may_write_activities,
)

Decision = OverlapSuggestion.Decision

# What a pair row shows of both activities, read with the suggestion in one query.
PAIR_RELATED = (
    "activity_a__owner_unit",
    "activity_a__process__area",
    "activity_b__owner_unit",
    "activity_b__process__area",
    "decided_by",
)

SUGGESTION_LIMIT = 8


# -- As-you-type suggestions -------------------------------------------------------------------


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_http_methods(["GET", "POST"])
def activity_suggestions(request: HttpRequest) -> HttpResponse:
    """Activities of other units that look like the one being typed, as a fragment for the
    activity form's panel. Always 200, so htmx swaps the message in whatever happens."""
    if not may_write_activities(request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    title = data.get("title", "")
    description = data.get("description", "")
    context: dict[str, object] = {"matches": [], "message": None}
    if len(title) + len(description) > similarity.MAX_TEXT_LENGTH:
        # Refused before any work is done.
        context["message"] = similarity.TEXT_TOO_LONG
    else:
        try:
            context["matches"] = similarity.similar_activities(
                title=title,
                description=description,
                # The chosen owner unit's own activities are left out (the id is enough), and
                # so are those of every unit the editor writes for: before a unit is chosen,
                # their own department is not "another unit".
                unit=_int_or_none(data.get("owner_unit")),
                exclude_unit_ids=editable_unit_ids(request.user),
                exclude_activity_id=_int_or_none(data.get("_activity")),
                limit=SUGGESTION_LIMIT,
            )
        except (ValueError, ValidationError):
            context["message"] = similarity.TEXT_TOO_LONG
        context["short"] = not context["matches"] and len(title.split()) < 2
    return render(request, "goals/includes/suggestions.html", context)


# -- The review queue ----------------------------------------------------------------------------


@dataclass
class PairRow:
    suggestion: OverlapSuggestion
    can_decide: bool


@require_GET
def overlap_list(request: HttpRequest) -> HttpResponse:
    form = OverlapFilterForm(request.GET or {"decision": Decision.OPEN})
    # The unfiltered queue keeps its pages of pairs in the cache: the decider's password hash
    # is not read, let alone kept there.
    suggestions = form.filter(
        OverlapSuggestion.objects.select_related(*PAIR_RELATED).defer("decided_by__password")
    )
    open_cases: list[cases.Case] | SimpleLazyObject = []
    count: int | None = None
    open_overlaps: Callable[[], int] | int = selectors.open_overlap_count
    # The unfiltered queue's table of cases is kept in the cache as HTML under this state, and
    # its pages of pairs as rows.
    cases_state = ""
    if (form.cleaned_data.get("decision") or Decision.OPEN) == Decision.OPEN:
        # Three or more units running the same work are one case, decided once; their pairs
        # are not listed again below.
        if form.is_unfiltered():
            cases_state = cases.queue_state()
            queue = cases.cached_queue(cases_state)
            # Read only when the table is not in the cache.
            open_cases = SimpleLazyObject(cases.open_cases)
            count, open_overlaps = queue.pairs, queue.open_total
            suggestions = suggestions.filter(cases.outside_cases())
        else:
            open_cases = cases.open_cases(pairs=suggestions)
            keys = cases.case_keys_with_several_pairs(suggestions)
            suggestions = suggestions.filter(cases.outside(keys))
    paginator = KnownCountPaginator(
        suggestions.order_by("-score", "pk"), settings.PAGE_SIZE, count=count
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    pairs = cases.cached_page(page_obj, cases_state) if cases_state else page_obj.object_list
    page_obj.object_list = [
        PairRow(suggestion, overlap.can_decide_overlap(request.user, suggestion))
        for suggestion in pairs
    ]
    template = "goals/overlap_list.html"
    if targets(request, "overlap-results"):
        template += "#results"
    return render(
        request,
        template,
        {
            "form": form,
            "page_obj": page_obj,
            "cases": open_cases,
            "cases_fragment": {
                "seconds": fragments.SECONDS,
                "state": cases_state,
                "release": fragments.release() if cases_state else "",
            },
            # Called by the template, so an htmx request for the results alone pays no query.
            "open_overlaps": open_overlaps,
            "savings": savings_selectors.totals,
            "next_url": request.get_full_path(),
        },
    )


# -- A case: the same work in three or more units -----------------------------------------------


@require_http_methods(["GET", "POST"])
def overlap_case(request: HttpRequest, key: int) -> HttpResponse:
    """Every activity of one case side by side, with the pairs that join them and why, and, for
    those who may decide every pair, one decision for all of them."""
    case = cases.get_case(key)
    if case is None:
        raise Http404
    may_decide = cases.can_decide_case(request.user, case)
    form = CaseDecisionForm(request.POST or None, units=savings.involved_units(case.activities))
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                decided = cases.case_decide(
                    user=request.user,
                    case=case,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"].strip(),
                    saving=form.saving_to_record(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The decision was saved for the case's %(count)s pair.",
                        "The decision was saved for the case's %(count)s pairs.",
                        decided,
                    )
                    % {"count": decided},
                )
                return redirect("goals:overlap_list")
    return render(
        request,
        "goals/overlap_case.html",
        {"case": case, "form": form if may_decide else None},
    )


# -- One pair and its decision -------------------------------------------------------------------


def _get_suggestion(pk: int) -> OverlapSuggestion:
    return get_object_or_404(
        OverlapSuggestion.objects.select_related(
            *PAIR_RELATED,
            "activity_a__owner_unit__top_unit",
            "activity_b__owner_unit__top_unit",
            "saving__reporting_unit",
            "saving__decided_by",
            "saving__realised_period",
        ),
        pk=pk,
    )


def _safe_next(request: HttpRequest, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@dataclass
class Side:
    """One activity of the pair with its goal links, marking the goals both share."""

    activity: Activity
    contributions: list[Contribution]
    can_edit: bool


def _detail_context(
    request: HttpRequest, suggestion: OverlapSuggestion, form: OverlapDecisionForm | None = None
) -> dict[str, object]:
    a, b = suggestion.activity_a, suggestion.activity_b
    contributions = list(
        Contribution.objects.filter(activity_id__in=[a.pk, b.pk])
        .select_related("goal")
        .order_by("goal__sort_order", "goal__code", "goal__title")
    )
    goals_of = {a.pk: set(), b.pk: set()}
    for c in contributions:
        goals_of[c.activity_id].add(c.goal_id)
    shared = goals_of[a.pk] & goals_of[b.pk]
    for c in contributions:
        c.shared = c.goal_id in shared
    sides = [
        Side(
            side,
            [c for c in contributions if c.activity_id == side.pk],
            can_edit_activity(request.user, side),
        )
        for side in (a, b)
    ]
    can_decide = overlap.can_decide_overlap(request.user, suggestion)
    if can_decide and form is None:
        next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"))
        form = OverlapDecisionForm(
            initial={
                "decision": suggestion.decision if suggestion.decision != Decision.OPEN else None,
                "note": suggestion.note,
                "next": next_url or "",
            },
            suggestion=suggestion,
            may_merge=services.may_merge(request.user, suggestion),
        )
    return {
        "suggestion": suggestion,
        "sides": sides,
        "can_decide": can_decide,
        "form": form if can_decide else None,
        "history": _decision_events(suggestion),
        "back_url": _safe_next(request, request.GET.get("next") or request.POST.get("next")),
    }


def _decision_events(suggestion: OverlapSuggestion) -> list:
    """Every recorded state of the pair's decision, newest first (pghistory's event table)."""
    return list(
        OverlapDecisionEvent.objects.filter(pgh_obj_id=suggestion.pk)
        .select_related("decided_by")
        .order_by("-pgh_created_at", "-pgh_id")
    )


@require_GET
def overlap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _get_suggestion(pk)
    return render(request, "goals/overlap_detail.html", _detail_context(request, suggestion))


@require_POST
def overlap_decide(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _get_suggestion(pk)
    if not overlap.can_decide_overlap(request.user, suggestion):
        raise PermissionDenied
    saved = None
    form = OverlapDecisionForm(
        request.POST, suggestion=suggestion, may_merge=services.may_merge(request.user, suggestion)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.overlap_decide_and_merge(
                user=request.user,
                suggestion=suggestion,
                decision=data["decision"],
                note=data["note"].strip(),
                keep_id=data.get("merge_into") or None,
                saving=form.saving_to_record(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if data.get("merge_into"):
                saved = _("The decision was saved and the activities merged.")
            else:
                saved = _("The decision was saved.")
            if not request.htmx:
                messages.success(request, saved)
                detail_url = reverse("goals:overlap_detail", kwargs={"pk": pk})
                return redirect(_safe_next(request, data.get("next")) or detail_url)
            # Read the pair again: the fragment shows the decision as stored.
            suggestion, form = _get_suggestion(pk), None
    context = _detail_context(request, suggestion, form)
    context["saved"] = saved
    # Status 200 with errors too: htmx 2 swaps only successful responses by default.
    template = "goals/overlap_detail.html"
    if request.htmx:
        template += "#decision"
    return render(request, template, context)


# -- Counteraction and gaps ----------------------------------------------------------------------
# Read-only lists of the other sub-optimisation signals (definitions in selectors.py).

COUNTERACTION_TARGET = "counteraction-results"
GAP_TARGET = "gap-results"


@require_GET
def counteraction_list(request: HttpRequest) -> HttpResponse:
    """Activities that counteract a goal other units' activities support, with both sides.
    ?unit=<slug>&goal=<pk>&process=<slug>&page=<n>; htmx asks for the results alone."""
    form = CounteractionFilterForm(request.GET or None)
    values = form.valid_values() if form.is_bound else {}
    page_obj = selectors.counteraction_page(
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
        context["goal_gaps"] = selectors.goal_gaps(unit=unit, goal=goal)
    if kind in (GapKind.ALL, GapKind.UNITS):
        context["unit_gaps"] = selectors.unit_gaps(unit=unit, goal=goal)
    if kind in (GapKind.ALL, GapKind.ACTIVITIES):
        context["activities_page"] = selectors.activities_without_goal_page(
            unit=unit, page=request.GET.get("page")
        )
    template = "goals/gap_list.html"
    if targets(request, GAP_TARGET):
        template += "#results"
    return render(request, template, context)
