"""The public ads pages: anyone, signed in or not, reads the open ads and applies."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from recruitment import ratelimits, selectors, services
from recruitment.forms import ApplicationForm
from recruitment.models import AdCompetence, Application, JobAd
from recruitment.ratelimits import Limit
from vaxjo_riktning.clients import client_address
from vaxjo_riktning.middleware import declared_length, limit_request_body
from vaxjo_riktning.signin.audit import network_of

logger = logging.getLogger(__name__)

CLIENT_LIMIT_REACHED = _(
    "The application form has been sent many times from your connection in a short while. "
    "Wait %(wait)s and send it again. Nothing was saved; what you typed is still here."
)
ADDRESS_LIMIT_REACHED = _(
    "Several applications have been sent with this e-mail address in a short while. To protect "
    "the address from misuse, wait %(wait)s before sending another. Nothing was saved; what you "
    "typed is still here. If it is urgent, contact the person named in the ad."
)
APPLICATION_TOO_LARGE = _(
    "Your application was %(size)s, but a CV may be at most %(limit)s, so it was not read and "
    "nothing was saved. What you typed could not be kept either. Make the file smaller (saving "
    "it as PDF often helps) and fill in the form again."
)


def _data_handling_context() -> dict:
    return {"retention_months": settings.RECRUITMENT_RETENTION_MONTHS}


@login_not_required
@require_GET
def ad_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recruitment/public/ad_list.html",
        {"ads": selectors.public_ads(), **_data_handling_context()},
    )


def _already_sent(request: HttpRequest, ad_pk: int) -> bool:
    """The same form sent again (a double click, the back button): the first one counts."""
    try:
        token = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return False
    return Application.objects.filter(ad_id=ad_pk, submission_token=token).exists()


def _form_page(
    request: HttpRequest,
    ad: JobAd,
    sought: list[AdCompetence],
    form: ApplicationForm,
    *,
    refusal: str = "",
    cv_again: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        "ad": ad,
        "form": form,
        "required": [c for c in sought if c.kind == c.Kind.REQUIRED],
        "merits": [c for c in sought if c.kind != c.Kind.REQUIRED],
        # A refusal of the whole form (a limit), said above it; the form is not validated.
        "refusal": refusal,
        "cv_again": cv_again or form.file_needs_choosing_again,
        **_data_handling_context(),
    }
    return render(request, "recruitment/public/ad_detail.html", context, status=status)


def _refused(
    request: HttpRequest, ad: JobAd, sought: list[AdCompetence], message: str, limit: Limit
) -> HttpResponse:
    """429: the form comes back as it was typed (but the file, which no browser keeps), with
    the message above it; nothing was saved and no mail sent."""
    typed = request.POST.dict()
    typed.pop(ApplicationForm.HONEYPOT, None)
    form = ApplicationForm(initial=typed, ad=ad, sought=sought)
    response = _form_page(
        request,
        ad,
        sought,
        form,
        refusal=message,
        cv_again=bool(request.FILES.get("cv")),
        status=429,
    )
    response.headers["Retry-After"] = str(limit.window)
    return response


def _duration(seconds: int) -> str:
    if seconds < 2 * 60 * 60:
        minutes = max(round(seconds / 60), 1)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = round(seconds / 3600)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def application_max_bytes() -> int:
    return settings.RECRUITMENT_APPLICATION_MAX_BYTES


def application_too_large(request: HttpRequest, pk: int) -> HttpResponse:
    """413, answered by RequestBodyLimitMiddleware before the body is read: so nothing typed
    can come back, and the page says so. (Browsers with JavaScript stop a too large CV before
    sending: riktning.js, data-max-bytes.)"""
    ad = selectors.public_ad(pk)
    sought = list(ad.ad_competences.all())
    message = APPLICATION_TOO_LARGE % {
        "size": filesizeformat(declared_length(request)),
        "limit": filesizeformat(settings.RECRUITMENT_CV_MAX_BYTES),
    }
    form = ApplicationForm(ad=ad, sought=sought)
    return _form_page(request, ad, sought, form, refusal=message, status=413)


@login_not_required
@require_http_methods(["GET", "POST"])
@limit_request_body(application_max_bytes, too_large=application_too_large)
def ad_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The ad, and its application form while it takes applications.

    A POST is checked in this order: its declared size (before it is read, by the middleware);
    a form already saved (a double click) goes to the thanks page; the client's limit, which
    counts every POST; the honeypot; the form; the e-mail address's limit, which counts what is
    about to be saved. A limit answers 429 with the form as typed."""
    ad = selectors.public_ad(pk)
    sought = list(ad.ad_competences.all())
    if request.method != "POST":
        return _form_page(request, ad, sought, ApplicationForm(ad=ad, sought=sought))
    thanks = redirect("recruitment:public_ad_thanks", pk=ad.pk)
    if _already_sent(request, ad.pk):
        return thanks

    client, client_limit = ratelimits.client_key(request), ratelimits.per_client()
    if not ratelimits.hit(client_limit, client):
        logger.warning(
            "Application form: a client from %s over its limit (ad %s)",
            network_of(client_address(request)),
            ad.pk,
        )
        message = CLIENT_LIMIT_REACHED % {"wait": _duration(client_limit.window)}
        return _refused(request, ad, sought, message, client_limit)

    form = ApplicationForm(request.POST, request.FILES, ad=ad, sought=sought)
    if form.caught_in_honeypot:
        # Answered like a success, so a bot's author learns nothing to adapt to; a person never
        # sees the field, and browsers do not fill it (autocomplete off, a name autofill skips).
        logger.warning(
            "Application form: honeypot filled by a client from %s (ad %s)",
            network_of(client_address(request)),
            ad.pk,
        )
        return thanks
    if not form.is_valid():
        return _form_page(request, ad, sought, form)

    data = form.cleaned_data
    address, address_limit = ratelimits.address_key(data["email"]), ratelimits.per_address()
    if not ratelimits.hit(address_limit, address):
        logger.warning("Application form: an e-mail address over its limit (ad %s)", ad.pk)
        message = ADDRESS_LIMIT_REACHED % {"wait": _duration(address_limit.window)}
        return _refused(request, ad, sought, message, address_limit)
    try:
        submitted = services.application_submit(
            ad=ad,
            token=data["token"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            letter=data["letter"],
            cv=data["cv"],
            cv_checked=form.checked_cv,
            self_assessments=form.self_assessments(),
        )
    except ValidationError as error:
        ratelimits.release(address_limit, address)
        form.add_error(None, error)
        return _form_page(request, ad, sought, form)
    if not submitted.created:
        ratelimits.release(address_limit, address)
    return thanks


@login_not_required
@require_GET
def ad_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation: nothing of the applicant's is shown, the address is not a secret."""
    ad = selectors.public_ad(pk)
    return render(request, "recruitment/public/thanks.html", {"ad": ad, **_data_handling_context()})
