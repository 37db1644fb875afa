"""The chief executive's overview and the unit pages: read-only, for every signed-in user; and
the accessibility statement, for anyone."""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from goals.followup import selectors as followup_selectors
from processes import selectors as process_selectors
from recruitment import selectors as recruitment_selectors
from vaxjo_riktning import act_on, fragments, health, selectors
from vaxjo_riktning.clients import client_address
from vaxjo_riktning.htmx import targets
from vaxjo_riktning.models import AccessibilityStatement
from vaxjo_riktning.permissions import may_write_activities

CELL_TARGET = "cell-activities"
# ?visa=kronor: the matrix shows the kronor of each cell's activities instead of how many they
# are. Any other value shows the counts, the default.
SHOW = "visa"
SHOW_KRONOR = "kronor"
# The toggle's id: its links come back to it, so the page opens where the person clicked.
MATRIX_VIEW_ID = "matrix-view"
# A unit page's page of the other units' activities it co-operates on (?page= pages its own).
COOPERATION_PAGE = "samarbeten"


@dataclass
class MatrixView:
    """One choice of the toggle above the matrix: a link to the overview showing it."""

    label: str
    url: str
    current: bool


def _matrix_views(*, kronor: bool, unit_slug: str | None, goal_pk: str | None) -> list[MatrixView]:
    """Show counts / show kronor, each keeping the cell that is open."""
    cell = {"enhet": unit_slug, "mal": goal_pk} if unit_slug and goal_pk else {}

    def url(**show: str) -> str:
        query = urlencode({**cell, **show})
        return f"{reverse('overview')}{'?' + query if query else ''}#{MATRIX_VIEW_ID}"

    return [
        MatrixView(label=_("Show counts"), url=url(), current=not kronor),
        MatrixView(label=_("Show kronor"), url=url(**{SHOW: SHOW_KRONOR}), current=kronor),
    ]


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The matrix of top-level units against council goals. ?enhet=<slug>&mal=<pk> also shows
    that cell's activities, duplicate cases and conflicts below it; htmx asks for that alone.
    ?visa=kronor shows kronor in the matrix instead of counts."""
    unit_slug, goal_pk = request.GET.get("enhet"), request.GET.get("mal")
    cell = None
    if unit_slug is not None or goal_pk is not None:
        cell = selectors.overview_cell(unit_slug=unit_slug or "", goal_pk=goal_pk or "")
    if targets(request, CELL_TARGET):
        return render(request, "vaxjo_riktning/overview.html#cell", {"cell": cell})
    kronor = request.GET.get(SHOW) == SHOW_KRONOR
    state = selectors.overview_state()
    numbers = selectors.overview_numbers(state)

    # The matrix, the act-on list, the follow-up and the heat map are kept in the cache as HTML
    # under the fingerprints of what they show (the template's {% cache %} blocks). Their data
    # is handed over lazily: it is read only when a block is not in the cache, so a visit after
    # nothing changed reads neither the matrix nor the rollout.
    money = SimpleLazyObject(lambda: act_on.cached_money_at_stake(state.act_on))

    @functools.cache
    def followup() -> followup_selectors.OverviewFollowUp | None:
        return followup_selectors.overview_followup(state.followup)

    return render(
        request,
        "vaxjo_riktning/overview.html",
        {
            "numbers": numbers,
            "matrix": SimpleLazyObject(lambda: selectors.overview_matrix_marked(state, money)),
            "kronor": kronor,
            "matrix_views": _matrix_views(kronor=kronor, unit_slug=unit_slug, goal_pk=goal_pk),
            "matrix_view_id": MATRIX_VIEW_ID,
            "cell": cell,
            "signals": numbers.signals,
            "act_on": SimpleLazyObject(
                lambda: act_on.ActOn(
                    money=money,
                    followup=followup(),
                    goals_without_activity=numbers.signals.goals_without_activity,
                )
            ),
            # Called by the template (None before any period is opened).
            "followup": followup,
            "rollout": SimpleLazyObject(process_selectors.rollout_matrix),
            "fragments": {
                "seconds": fragments.SECONDS,
                "release": fragments.release(),
                "act_on": f"{state.marks}:{state.followup}",
                "matrix": state.marks,
                "followup": state.followup,
                "heatmap": state.rollout,
            },
            "key_positions_without_successor": recruitment_selectors.overview_tile_count,
        },
    )


@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "vaxjo_riktning/unit_list.html", {"tree": selectors.unit_tree()})


@require_GET
def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.unit_page(
        slug=slug,
        page=request.GET.get("page"),
        cooperation_page=request.GET.get(COOPERATION_PAGE),
    )
    template = "vaxjo_riktning/unit_detail.html"
    if targets(request, "unit-activities"):
        template += "#activities"
    elif targets(request, "unit-cooperations"):
        template += "#cooperations"
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


# --- Health, for the load balancer and compose's health checks ----------------------------------


@login_not_required
@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tillgänglighetsredogörelse) in DIGG's model. Public, like the
    job ads it is linked from: the law asks for it to be reachable without an account."""
    statement = AccessibilityStatement.current()
    return render(
        request,
        "vaxjo_riktning/accessibility_statement.html",
        {
            "statement": statement,
            "shortcomings": statement.shortcomings(request.LANGUAGE_CODE),
        },
    )


def _may_read_health(request: HttpRequest) -> bool:
    """Without signing in from this machine and the private networks (compose's, the load
    balancer's); from elsewhere only signed in. The answers hold no personal data either way."""
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return request.user.is_authenticated
    return address.is_loopback or address.is_private or request.user.is_authenticated


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers: nothing else is asked (a liveness check)."""
    if not _may_read_health(request):
        return JsonResponse({"status": "forbidden"}, status=403)
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """Whether this process can serve (a readiness check): the database answers and every
    migration is applied; 503 with what is not. Redis, the worker's and beat's heartbeats and
    the outbox are reported beside ("degraded" when one is not ok), without deciding."""
    if not _may_read_health(request):
        return JsonResponse({"status": "forbidden"}, status=403)
    checks = health.readiness()
    ready = all(checks[name]["ok"] for name in health.DECIDING)
    if not ready:
        status = "not ready"
    elif all(check["ok"] for check in checks.values()):
        status = "ready"
    else:
        status = "degraded"
    return JsonResponse({"status": status, "checks": checks}, status=200 if ready else 503)
