"""One activity's page, and the forms that create, change and withdraw activities."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from goals import services
from goals.conflicts.permissions import can_flag_activity
from goals.conflicts.selectors import conflicts_for_activity
from goals.forms import (
    ActivityForm,
    ContributionFormSet,
    WithdrawForm,
    show_unchecked,
    with_one_more_row,
)
from goals.history import activity_history
from goals.models import Activity, Contribution
from goals.overlap.scan import suggestions_for_activity
from goals.permissions import get_activity_for_user
from vaxjo_riktning.htmx import add_service_errors, page_or_partial, redirect_to
from vaxjo_riktning.permissions import can_edit_activity, may_write_activities

FORMSET_PREFIX = "contributions"
# The name of the form's "Add a goal" button: a post with it adds a goal row and saves nothing.
ADD_GOAL = "add_goal"


def _adds_a_goal(request: HttpRequest) -> bool:
    return request.method == "POST" and ADD_GOAL in request.POST


def _bind(
    request: HttpRequest, activity: Activity | None
) -> tuple[ActivityForm, ContributionFormSet]:
    instance = activity if activity is not None else Activity()
    data = request.POST if request.method == "POST" else None
    if data is not None and _adds_a_goal(request):
        data = with_one_more_row(data, prefix=FORMSET_PREFIX)
    form = ActivityForm(data, instance=instance, user=request.user)
    formset = ContributionFormSet(data, instance=instance, prefix=FORMSET_PREFIX)
    return form, formset


def _render_with_a_new_row(
    request: HttpRequest,
    *,
    form: ActivityForm,
    formset: ContributionFormSet,
    activity: Activity | None,
    title: str,
) -> HttpResponse:
    """The form again as typed, with the empty goal row "Add a goal" asked for. Works without
    JavaScript (a whole page) and with htmx (the form); either way focus goes to the new row's
    goal, by the browser or by htmx (autofocus)."""
    show_unchecked(form)
    show_unchecked(formset)
    if formset.forms and not formset.forms[-1].instance.pk:
        formset.forms[-1].fields["goal"].widget.attrs["autofocus"] = True
    return _render_form(request, form=form, formset=formset, activity=activity, title=title)


def _render_form(
    request: HttpRequest,
    *,
    form: ActivityForm,
    formset: ContributionFormSet,
    activity: Activity | None,
    title: str,
) -> HttpResponse:
    context = {
        "form": form,
        "formset": formset,
        "activity": activity,
        "page_title": title,
        "cancel_url": activity.get_absolute_url() if activity else None,
    }
    # Status 200 with errors too: htmx 2 swaps only successful responses by default.
    return render(request, page_or_partial(request, "goals/activity_form.html", "form"), context)


def _save_data(form: ActivityForm, formset: ContributionFormSet) -> dict[str, Any]:
    cleaned = form.cleaned_data
    return {
        "data": {name: cleaned.get(name) for name in services.ACTIVITY_FIELDS},
        "contributions": formset.wanted_contributions(),
        "cooperating_units": cleaned.get("cooperating_units", []),
    }


@require_http_methods(["GET"])
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request, pk)
    contributions = list(activity.contributions.select_related("goal"))
    context = {
        "activity": activity,
        "supports": [c for c in contributions if c.effect == Contribution.Effect.SUPPORTS],
        "counteracts": [c for c in contributions if c.effect == Contribution.Effect.COUNTERACTS],
        "cooperating_units": list(activity.cooperating_units.order_by("sort_order", "name")),
        "history": activity_history(activity),
        "can_edit": can_edit_activity(request.user, activity),
        # Alike activities of other units and the decisions about them: one query.
        "overlaps": [(s, s.other(activity)) for s in suggestions_for_activity(activity)],
        # The process owners' comments for the unit (processes app): one query.
        "process_comments": list(activity.process_comments.select_related("author")),
        # Conflicts other units raised about it (one query), and whether this user may raise one.
        "conflicts": conflicts_for_activity(activity_id=activity.pk),
        "can_flag": can_flag_activity(request.user, activity),
    }
    return render(request, "goals/activity_detail.html", context)


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    if not may_write_activities(request.user):
        raise PermissionDenied
    form, formset = _bind(request, None)
    if request.method == "GET":
        slug = request.GET.get("enhet")
        if slug:
            unit = form.fields["owner_unit"].queryset.filter(slug=slug).first()
            if unit is not None:
                form.initial["owner_unit"] = unit.pk
        return _render_form(
            request, form=form, formset=formset, activity=None, title=_("New activity")
        )
    if _adds_a_goal(request):
        return _render_with_a_new_row(
            request, form=form, formset=formset, activity=None, title=_("New activity")
        )

    if form.is_valid() and formset.is_valid():
        data = _save_data(form, formset)
        try:
            activity = services.activity_create(user=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was created."))
            _say_if_without_goal(request, data["contributions"])
            return redirect_to(request, activity.get_absolute_url())
    return _render_form(request, form=form, formset=formset, activity=None, title=_("New activity"))


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request, pk, write=True)
    if activity.is_withdrawn:
        messages.error(request, services.ACTIVITY_WITHDRAWN)
        return redirect_to(request, activity.get_absolute_url())
    title = _("Edit activity")
    # The form works on its own copy: a refused save must not leave changed values on the
    # object that heads the page.
    form, formset = _bind(request, Activity.objects.get(pk=activity.pk))
    if _adds_a_goal(request):
        return _render_with_a_new_row(
            request, form=form, formset=formset, activity=activity, title=title
        )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = _save_data(form, formset)
        try:
            activity = services.activity_update(
                user=request.user,
                activity=activity,
                version=form.cleaned_data.get("version") or 0,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            _say_if_without_goal(request, data["contributions"])
            return redirect_to(request, activity.get_absolute_url())
    return _render_form(request, form=form, formset=formset, activity=activity, title=title)


def _say_if_without_goal(request: HttpRequest, contributions: list[Any]) -> None:
    """An activity may be saved before its goal is decided; the editor is told where it is
    then listed, so that the missing link is a choice and not an oversight."""
    if not contributions:
        messages.warning(
            request,
            _(
                "The activity has no goal. It is listed among the activities without a goal "
                "until one is linked."
            ),
        )


def _find_field(form: ActivityForm, formset: ContributionFormSet, name: str) -> BoundField | None:
    if name in form.fields:
        return form[name]
    for row in formset.forms:
        for bound in row:
            if bound.html_name == name:
                return bound
    return None


@require_http_methods(["POST"])
def activity_validate(request: HttpRequest) -> HttpResponse:
    """Validate the whole form as the person types and answer with one field's error list (empty
    when it is valid). Only the errors are swapped in, so nothing the person typed meanwhile is
    overwritten. Never saves."""
    activity_pk = request.POST.get("_activity")
    if activity_pk:
        if not activity_pk.isdigit():
            return HttpResponseBadRequest()
        activity = get_activity_for_user(request, int(activity_pk), write=True)
        activity = Activity.objects.get(pk=activity.pk)
    elif may_write_activities(request.user):
        activity = None
    else:
        raise PermissionDenied
    form, formset = _bind(request, activity)
    field = _find_field(form, formset, request.POST.get("_field", ""))
    if field is None:
        return HttpResponseBadRequest()
    form.is_valid()
    formset.is_valid()
    html = render_to_string("includes/field_errors.html", {"field": field}, request=request)
    return HttpResponse(html)


@require_http_methods(["GET", "POST"])
def activity_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request, pk, write=True)
    if activity.is_withdrawn:
        messages.info(request, services.ALREADY_WITHDRAWN)
        return redirect_to(request, activity.get_absolute_url())
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.activity_withdraw(
                user=request.user, activity=activity, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was withdrawn."))
            return redirect_to(request, activity.get_absolute_url())
    return render(
        request,
        page_or_partial(request, "goals/activity_withdraw.html", "form"),
        {"activity": activity, "form": form},
    )
