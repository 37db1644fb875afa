"""The conflict pages: the list of conflicts of both kinds, raising one from an activity's page,
one conflict with its decision, the sides' confirmations and its history, and withdrawing it.
Their routes are in urls.py; who may do what is in permissions.py, and services.py saves."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goals.conflicts import permissions, selectors, services
from goals.conflicts.forms import (
    ConflictDecisionForm,
    ConflictFilterForm,
    ConflictRaiseForm,
    ConflictWithdrawForm,
)
from goals.conflicts.history import conflict_history
from goals.conflicts.models import Conflict
from goals.permissions import get_activity_for_user
from vaxjo_riktning.htmx import add_service_errors, page_or_partial, redirect_to, targets
from vaxjo_riktning.permissions import may_write_activities

RESULTS_TARGET = "conflict-results"


@require_GET
def conflict_list(request: HttpRequest) -> HttpResponse:
    """Both kinds of conflict, the largest money at stake first.
    ?status=<status>&typ=<kind>&unit=<slug>&goal=<pk>&page=<n>; htmx asks for the results."""
    state = selectors.list_state()
    form = ConflictFilterForm(request.GET or None, choices_state=state.choices)
    filters = form.filters() if form.is_bound else selectors.ConflictFilter()
    listing = selectors.conflict_page(filters=filters, page=request.GET.get("page"), state=state)
    template = "goals/conflict_list.html"
    if targets(request, RESULTS_TARGET):
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "page_obj": listing.page, "summary": listing.summary},
    )


@require_http_methods(["GET", "POST"])
def conflict_raise(request: HttpRequest, pk: int) -> HttpResponse:
    """The hurt unit flags the activity (pk) as working against one of its goals."""
    activity = get_activity_for_user(request, pk)
    if not may_write_activities(request.user):
        raise PermissionDenied
    form = ConflictRaiseForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conflict = services.conflict_raise(
                user=request.user,
                activity=activity,
                goal=data["goal"],
                reason=data["reason"],
                due_on=data.get("due_on"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The conflict was raised. The other unit and the chief executive see it now."),
            )
            return redirect_to(request, conflict.get_absolute_url())
    # Status 200 with errors too: htmx 2 swaps only successful responses by default.
    return render(
        request,
        page_or_partial(request, "goals/conflict_raise.html", "form"),
        {"activity": activity, "form": form},
    )


def _detail_context(
    request: HttpRequest, conflict: Conflict, form: ConflictDecisionForm | None = None
) -> dict[str, object]:
    user = request.user
    unsettled = not conflict.is_withdrawn and not conflict.is_settled
    is_open = unsettled and conflict.outcome == Conflict.Outcome.OPEN
    can_decide = unsettled and permissions.can_decide_conflict(user)
    if can_decide and form is None:
        form = ConflictDecisionForm(conflict=conflict)
    return {
        "conflict": conflict,
        "activity": conflict.activity,
        "decision_form": form if can_decide else None,
        "confirm_owner": (
            is_open
            and conflict.owner_agreed_at is None
            and permissions.can_confirm_for_owner(user, conflict)
        ),
        "confirm_hurt": (
            is_open
            and conflict.hurt_agreed_at is None
            and permissions.can_confirm_for_hurt(user, conflict)
        ),
        "can_withdraw": unsettled and permissions.can_withdraw_conflict(user, conflict),
        "history": conflict_history(conflict),
    }


@require_GET
def conflict_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = permissions.get_conflict_for_user(request, pk)
    return render(request, "goals/conflict_detail.html", _detail_context(request, conflict))


@require_POST
def conflict_decide(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = permissions.get_conflict_for_user(request, pk)
    if not permissions.can_decide_conflict(request.user):
        raise PermissionDenied
    form = ConflictDecisionForm(request.POST, conflict=conflict)
    if form.is_valid():
        try:
            services.conflict_decide(
                user=request.user,
                conflict=conflict,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision was saved."))
            return redirect_to(request, conflict.get_absolute_url())
    return render(request, "goals/conflict_detail.html", _detail_context(request, conflict, form))


@require_POST
def conflict_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """One side confirms that the conflict is resolved by a change (side=owner or hurt)."""
    conflict = permissions.get_conflict_for_user(request, pk)
    side = request.POST.get("side", "")
    if side not in (services.OWNER_SIDE, services.HURT_SIDE):
        raise PermissionDenied
    try:
        conflict = services.conflict_confirm_resolved(
            user=request.user, conflict=conflict, side=side
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if conflict.outcome == Conflict.Outcome.RESOLVED:
            messages.success(request, _("Both units agree: the conflict is resolved."))
        else:
            messages.success(
                request, _("Your side's confirmation was saved. The other side confirms next.")
            )
    return redirect_to(request, conflict.get_absolute_url())


@require_http_methods(["GET", "POST"])
def conflict_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    conflict = permissions.get_conflict_for_user(request, pk)
    if not permissions.can_withdraw_conflict(request.user, conflict):
        raise PermissionDenied
    if conflict.is_withdrawn or conflict.is_settled:
        messages.info(
            request, services.IS_WITHDRAWN if conflict.is_withdrawn else services.ALREADY_SETTLED
        )
        return redirect_to(request, conflict.get_absolute_url())
    form = ConflictWithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.conflict_withdraw(
                user=request.user, conflict=conflict, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The conflict was withdrawn."))
            return redirect_to(request, conflict.get_absolute_url())
    return render(
        request,
        page_or_partial(request, "goals/conflict_withdraw.html", "form"),
        {"conflict": conflict, "form": form},
    )
