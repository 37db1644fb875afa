"""Competence supply: the group's key positions with their succession plans, the competence gaps
they show, and naming successors (HR's process owner and administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruitment import selectors
from recruitment.forms import SUCCESSOR_TWICE, SuccessorForm
from recruitment.models import Position, Successor


@require_GET
def competence_supply(request: HttpRequest) -> HttpResponse:
    if not selectors.may_see_competence_supply(request.user):
        raise Http404("No such page.")
    rows = selectors.key_positions()
    context = {
        "rows": rows,
        "without_ready": sum(1 for row in rows if not row.has_ready_successor),
        "gaps": selectors.competence_gaps(),
        "Readiness": Successor.Readiness,
        "may_plan": selectors.may_plan_succession(request.user),
    }
    return render(request, "recruitment/competence_supply.html", context)


def _key_position(request: HttpRequest, pk: int) -> Position:
    """The key position, for those who may see succession plans (404 for everyone else)."""
    if not selectors.may_see_competence_supply(request.user):
        raise Http404("No such page.")
    return get_object_or_404(
        Position.objects.select_related("unit", "holder").filter(is_key=True), pk=pk
    )


def _render_succession(
    request: HttpRequest,
    position: Position,
    *,
    add_form: SuccessorForm | None = None,
    bound: SuccessorForm | None = None,
) -> HttpResponse:
    may_plan = selectors.may_plan_succession(request.user)
    successors = list(position.successors.select_related("person").order_by("readiness", "pk"))
    if may_plan:
        for successor in successors:
            successor.form = (
                bound
                if bound is not None and bound.instance.pk == successor.pk
                else SuccessorForm(instance=successor, prefix=f"s{successor.pk}")
            )
    context = {
        "position": position,
        "successors": successors,
        "may_plan": may_plan,
        "add_form": add_form or (SuccessorForm(prefix="new") if may_plan else None),
        "history": selectors.succession_history(position),
    }
    status = 400 if (add_form is not None and add_form.errors) or bound is not None else 200
    return render(request, "recruitment/position_succession.html", context, status=status)


@require_http_methods(["GET", "POST"])
def position_succession(request: HttpRequest, pk: int) -> HttpResponse:
    """A key position's succession plan; POST names a new successor."""
    position = _key_position(request, pk)
    if request.method == "GET":
        return _render_succession(request, position)
    if not selectors.may_plan_succession(request.user):
        raise PermissionDenied
    form = SuccessorForm(request.POST, prefix="new", instance=Successor(position=position))
    if not form.is_valid():
        return _render_succession(request, position, add_form=form)
    try:
        with transaction.atomic():
            successor = form.save()
    except IntegrityError:  # the same person named at the same moment by a second request
        form.add_error("person", SUCCESSOR_TWICE)
        return _render_succession(request, position, add_form=form)
    messages.success(
        request, _("%(person)s is named as a successor.") % {"person": successor.person}
    )
    return redirect("recruitment:position_succession", pk=position.pk)


def _successor(request: HttpRequest, pk: int) -> Successor:
    """A successor on a key position's plan, for those who may change it: 404 for whoever may
    not see the plan, 403 for those who read it only."""
    if not selectors.may_see_competence_supply(request.user):
        raise Http404("No such page.")
    successor = get_object_or_404(
        Successor.objects.select_related("position__unit", "position__holder", "person").filter(
            position__is_key=True
        ),
        pk=pk,
    )
    if not selectors.may_plan_succession(request.user):
        raise PermissionDenied
    return successor


@require_POST
def successor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    successor = _successor(request, pk)
    form = SuccessorForm(request.POST, instance=successor, prefix=f"s{successor.pk}")
    if not form.is_valid():
        return _render_succession(request, successor.position, bound=form)
    form.save()
    messages.success(request, _("The plan for %(person)s is saved.") % {"person": successor.person})
    return redirect("recruitment:position_succession", pk=successor.position_id)


@require_POST
def successor_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a successor off the plan; the history keeps that they were named, and by whom."""
    successor = _successor(request, pk)
    person, position_pk = successor.person, successor.position_id
    successor.delete()
    messages.success(
        request, _("%(person)s is no longer named as a successor.") % {"person": person}
    )
    return redirect("recruitment:position_succession", pk=position_pk)
