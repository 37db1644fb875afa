"""Competence supply: the group's key positions with their succession plans, the competence gaps
they show, and naming successors (HR's process owner and administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruitment import permissions, selectors, services
from recruitment.forms import SuccessorForm
from recruitment.models import Position, Successor
from vaxjo_riktning.htmx import add_service_errors


@require_GET
def competence_supply(request: HttpRequest) -> HttpResponse:
    if not permissions.may_see_competence_supply(request.user):
        raise Http404("No such page.")
    rows = selectors.key_positions()
    context = {
        "rows": rows,
        # The overview's tile counts the same, by the same selector.
        "without_ready": selectors.key_positions_without_ready_successor_count(),
        "gaps": selectors.competence_gaps(),
        "Readiness": Successor.Readiness,
        "may_plan": permissions.may_plan_succession(request.user),
    }
    return render(request, "recruitment/competence_supply.html", context)


def _render_succession(
    request: HttpRequest,
    position: Position,
    *,
    add_form: SuccessorForm | None = None,
    bound: SuccessorForm | None = None,
) -> HttpResponse:
    may_plan = permissions.may_plan_succession(request.user)
    successors = list(position.successors.select_related("person").order_by("readiness", "pk"))
    # Each successor with the form that changes it (None for those who read the plan only); the
    # one just posted keeps what was typed and its messages.
    plan = [
        (
            successor,
            (
                bound
                if bound is not None and bound.instance.pk == successor.pk
                else SuccessorForm(instance=successor, prefix=f"s{successor.pk}")
            )
            if may_plan
            else None,
        )
        for successor in successors
    ]
    context = {
        "position": position,
        "successors": plan,
        "may_plan": may_plan,
        "add_form": add_form or (SuccessorForm(prefix="new") if may_plan else None),
        "history": selectors.succession_history(position),
    }
    status = 400 if (add_form is not None and add_form.errors) or bound is not None else 200
    return render(request, "recruitment/position_succession.html", context, status=status)


@require_http_methods(["GET", "POST"])
def position_succession(request: HttpRequest, pk: int) -> HttpResponse:
    """A key position's succession plan; POST names a new successor."""
    if request.method == "GET":
        return _render_succession(request, permissions.get_key_position_for_user(request.user, pk))
    position = permissions.get_key_position_for_user(request.user, pk, write=True)
    form = SuccessorForm(request.POST, prefix="new", instance=Successor(position=position))
    if form.is_valid():
        try:
            successor = services.successor_create(
                user=request.user,
                position=position,
                person=form.cleaned_data["person"],
                readiness=form.cleaned_data["readiness"],
                development_actions=form.cleaned_data["development_actions"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(person)s is named as a successor.") % {"person": successor.person}
            )
            return redirect("recruitment:position_succession", pk=position.pk)
    return _render_succession(request, position, add_form=form)


@require_POST
def successor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    successor = permissions.get_successor_for_user(request.user, pk, write=True)
    form = SuccessorForm(request.POST, instance=successor, prefix=f"s{successor.pk}")
    if form.is_valid():
        try:
            services.successor_update(
                user=request.user,
                successor=successor,
                readiness=form.cleaned_data["readiness"],
                development_actions=form.cleaned_data["development_actions"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The plan for %(person)s is saved.") % {"person": successor.person}
            )
            return redirect("recruitment:position_succession", pk=successor.position_id)
    return _render_succession(request, successor.position, bound=form)


@require_POST
def successor_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a successor off the plan; the history keeps that they were named, and by whom."""
    successor = permissions.get_successor_for_user(request.user, pk, write=True)
    person, position_pk = successor.person, successor.position_id
    services.successor_delete(user=request.user, successor=successor)
    messages.success(
        request, _("%(person)s is no longer named as a successor.") % {"person": person}
    )
    return redirect("recruitment:position_succession", pk=position_pk)
