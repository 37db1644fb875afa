"""Competence supply: the group's key positions with their succession plans, and the competence
gaps they show."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from recruitment import selectors
from recruitment.models import Successor


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
    }
    return render(request, "recruitment/competence_supply.html", context)
