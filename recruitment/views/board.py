"""The recruitment board: the ad's recruiter and hiring manager (and administrators) take the
applications through the stages, score them, leave notes and close the recruitment. Everyone
else gets 404: they are not told that an application or an ad's board exists."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruitment import exports, selectors, services
from recruitment.forms import (
    AdRolesForm,
    EraseApplicationForm,
    JobAdForm,
    LegalHoldForm,
    NoteForm,
    ScoreForm,
    StageForm,
    WithdrawAdForm,
)
from recruitment.history import object_history
from recruitment.models import ApplicationView, JobAd
from recruitment.permissions import (
    get_stewarded_ad_for_user,
    may_answer_applicant,
    may_steward_recruitments,
)
from vaxjo_riktning.htmx import add_service_errors, targets

BOARD_TARGET = "board"


def _managed_ad(request: HttpRequest, pk: int) -> JobAd:
    return get_object_or_404(
        JobAd.objects.managed_by(request.user).select_related(
            "position__unit", "recruiter", "hiring_manager", "withdrawn_by"
        ),
        pk=pk,
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The ads whose applications the signed-in user handles."""
    may_steward = may_steward_recruitments(request.user)
    context = {
        "ads": selectors.managed_ads(request.user),
        "may_create": services.may_create_ads(request.user),
        # HR's process owner names who handles each ad without seeing its applications.
        "stewarded_ads": selectors.stewarded_ads() if may_steward else [],
    }
    return render(request, "recruitment/home.html", context)


def _render_board(
    request: HttpRequest, ad: JobAd, *, error: str = "", partial: bool = False
) -> HttpResponse:
    context = {
        "board": selectors.board(ad),
        "ad": ad,
        "stage_choices": StageForm.base_fields["stage"].choices,
        "board_error": error,
    }
    if partial:
        return render(request, "recruitment/board.html#board", context)
    context["history"] = object_history(ad)
    context["withdraw_form"] = WithdrawAdForm()
    context["may_steward"] = may_steward_recruitments(request.user)
    return render(request, "recruitment/board.html", context)


@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    ad = _managed_ad(request, pk)
    partial = targets(request, BOARD_TARGET)
    return _render_board(request, ad, partial=partial)


@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an application to another stage; from the board (htmx) the board comes back."""
    application = selectors.application_for_user(request.user, pk)
    form = StageForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.application_move(
                user=request.user, application=application, stage=form.cleaned_data["stage"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose one of the stages.")
    if request.htmx:
        return _render_board(request, application.ad, error=error, partial=True)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The application was moved."))
    if request.POST.get("next") == "board":
        return redirect(application.ad.get_board_url())
    return redirect(application.get_absolute_url())


def _application_page(
    request: HttpRequest,
    application,
    *,
    score_form: ScoreForm | None = None,
    note_form: NoteForm | None = None,
    erase_form: EraseApplicationForm | None = None,
) -> HttpResponse:
    assessments = list(application.assessments.select_related("ad_competence__competence"))
    context = {
        "application": application,
        "ad": application.ad,
        "assessments": assessments,
        "score_form": score_form or ScoreForm(assessments=assessments),
        "note_form": note_form or NoteForm(),
        "stage_form": StageForm(initial={"stage": application.stage}),
        "notes": list(application.notes.select_related("author")),
        "duplicates": selectors.duplicates_of(application),
        "views": list(application.views.select_related("viewer")[:20]),
        "history": object_history(application),
        "may_answer_applicant": may_answer_applicant(request.user, application.ad),
        "erase_form": erase_form or EraseApplicationForm(),
    }
    return render(request, "recruitment/application_detail.html", context)


@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(request.user, pk)
    services.application_viewed(
        user=request.user, application=application, what=ApplicationView.What.APPLICATION
    )
    return _application_page(request, application)


@require_POST
def application_score(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(request.user, pk)
    assessments = list(application.assessments.select_related("ad_competence__competence"))
    form = ScoreForm(request.POST, assessments=assessments)
    if form.is_valid():
        try:
            services.application_score(
                user=request.user, application=application, scores=form.scores()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The scores were saved."))
            return redirect(application.get_absolute_url())
    return _application_page(request, application, score_form=form)


@require_POST
def application_note(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_user(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                user=request.user, application=application, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The note was saved."))
            return redirect(application.get_absolute_url() + "#notes")
    return _application_page(request, application, note_form=form)


@require_GET
def application_cv(request: HttpRequest, pk: int) -> FileResponse:
    """The CV, to the ad's recruiter and hiring manager only, as a download (never shown inline
    in the browser), and logged."""
    application = selectors.application_for_user(request.user, pk)
    if not application.cv.name:
        raise Http404("No CV.")
    try:
        handle = application.cv.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The CV file is missing.") from exc
    services.application_viewed(
        user=request.user, application=application, what=ApplicationView.What.CV
    )
    extension = application.cv.name.rsplit(".", 1)[-1]
    filename = f"cv-{application.pk}.{extension}"
    content_type = application.cv_content_type or mimetypes.guess_type(filename)[0]
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- The applicant's rights: export (GDPR art. 15) and erasure on request (art. 17) ----------


def _application_for_answering(request: HttpRequest, pk: int):
    """404 for whoever may not see the application; 403 for the hiring manager, who sees it but
    does not answer the applicant's requests."""
    application = selectors.application_for_user(request.user, pk)
    if not may_answer_applicant(request.user, application.ad):
        raise PermissionDenied
    return application


@require_GET
def application_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on the applicant as one ZIP download, logged as an export."""
    application = _application_for_answering(request, pk)
    content = exports.application_export(user=request.user, application=application)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ansokan-{application.pk}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def application_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase the applicant's data at their request, with a reason; refused under legal hold."""
    application = _application_for_answering(request, pk)
    form = EraseApplicationForm(request.POST)
    if form.is_valid():
        try:
            services.application_erase(
                user=request.user, application=application, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The applicant's personal data was erased."))
            return redirect(application.get_absolute_url())
    return _application_page(request, application, erase_form=form)


# --- The ad ------------------------------------------------------------------------------------


@require_POST
def ad_close(request: HttpRequest, pk: int) -> HttpResponse:
    ad = _managed_ad(request, pk)
    try:
        services.ad_close(user=request.user, ad=ad)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The recruitment was closed."))
    return redirect(ad.get_board_url())


@require_http_methods(["GET", "POST"])
def ad_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    ad = _managed_ad(request, pk)
    if ad.is_withdrawn:
        messages.info(request, services.AD_WITHDRAWN)
        return redirect(ad.get_board_url())
    form = WithdrawAdForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.ad_withdraw(user=request.user, ad=ad, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The ad was withdrawn."))
            return redirect(ad.get_board_url())
    return render(request, "recruitment/ad_withdraw.html", {"ad": ad, "form": form})


def _render_stewardship(
    request: HttpRequest,
    ad: JobAd,
    *,
    roles_form: AdRolesForm | None = None,
    hold_form: LegalHoldForm | None = None,
) -> HttpResponse:
    context = {
        "ad": ad,
        "roles_form": roles_form or AdRolesForm(instance=ad),
        "hold_form": hold_form or LegalHoldForm(initial={"hold": ad.legal_hold}),
        "history": object_history(ad),
    }
    return render(request, "recruitment/ad_roles.html", context)


@require_http_methods(["GET", "POST"])
def ad_roles(request: HttpRequest, pk: int) -> HttpResponse:
    """HR's process owner (or an administrator) names the ad's recruiter and hiring manager.
    The page shows the ad's history but none of its applications."""
    ad = get_stewarded_ad_for_user(request.user, pk)
    if request.method != "POST":
        return _render_stewardship(request, ad)
    form = AdRolesForm(request.POST, instance=ad)
    if form.is_valid():
        try:
            services.ad_assign_roles(
                user=request.user,
                ad=ad,
                recruiter=form.cleaned_data["recruiter"],
                hiring_manager=form.cleaned_data["hiring_manager"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The recruiter and hiring manager were saved."))
            return redirect("recruitment:ad_roles", pk=ad.pk)
    ad.refresh_from_db()
    return _render_stewardship(request, ad, roles_form=form)


@require_POST
def ad_legal_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """HR's process owner (or an administrator) sets or lifts the legal hold, with a reason."""
    ad = get_stewarded_ad_for_user(request.user, pk)
    form = LegalHoldForm(request.POST)
    if form.is_valid():
        try:
            services.ad_set_legal_hold(
                user=request.user,
                ad=ad,
                hold=form.cleaned_data["hold"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The recruitment is on legal hold.")
                if form.cleaned_data["hold"]
                else _("The legal hold was lifted."),
            )
            return redirect("recruitment:ad_roles", pk=ad.pk)
    return _render_stewardship(request, ad, hold_form=form)


def _render_ad_form(request: HttpRequest, form: JobAdForm, ad: JobAd | None) -> HttpResponse:
    return render(request, "recruitment/ad_form.html", {"form": form, "ad": ad})


def _ad_data(form: JobAdForm) -> dict:
    data = {
        "data": {name: form.cleaned_data.get(name) for name in services.AD_FIELDS},
        "sought": form.sought(),
        "publish": form.cleaned_data["publish"],
    }
    if not form.instance.pk:  # who handles it: named with a new ad, later by HR (ad_roles)
        data["recruiter"] = form.cleaned_data.get("recruiter")
        data["hiring_manager"] = form.cleaned_data.get("hiring_manager")
    return data


@require_http_methods(["GET", "POST"])
def ad_create(request: HttpRequest) -> HttpResponse:
    """A recruiter writes a new ad; they become its recruiter."""
    if not services.may_create_ads(request.user):
        raise Http404("No such page.")
    form = JobAdForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            ad = services.ad_save(user=request.user, ad=None, **_ad_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The ad was saved."))
            return redirect(ad.get_board_url())
    return _render_ad_form(request, form, None)


@require_http_methods(["GET", "POST"])
def ad_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ad = _managed_ad(request, pk)
    if ad.is_withdrawn:
        messages.error(request, services.AD_WITHDRAWN)
        return redirect(ad.get_board_url())
    # The form works on its own copy: a refused save leaves the page's ad as it was.
    form = JobAdForm(request.POST or None, instance=JobAd.objects.get(pk=ad.pk), user=request.user)
    if form.is_valid():
        try:
            services.ad_save(user=request.user, ad=ad, **_ad_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(ad.get_board_url())
    return _render_ad_form(request, form, ad)
