"""The public ads pages: anyone, signed in or not, reads the open ads and applies."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from recruitment import selectors, services
from recruitment.forms import ApplicationForm
from recruitment.models import Application


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


@login_not_required
@require_http_methods(["GET", "POST"])
def ad_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The ad, and its application form while it takes applications."""
    ad = selectors.public_ad(pk)
    sought = list(ad.ad_competences.all())
    if request.method == "POST":
        if _already_sent(request, ad.pk):
            return redirect("recruitment:public_ad_thanks", pk=ad.pk)
        form = ApplicationForm(request.POST, request.FILES, ad=ad, sought=sought)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.application_submit(
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
                form.add_error(None, error)
            else:
                return redirect("recruitment:public_ad_thanks", pk=ad.pk)
    else:
        form = ApplicationForm(ad=ad, sought=sought)
    context = {
        "ad": ad,
        "form": form,
        "required": [c for c in sought if c.kind == c.Kind.REQUIRED],
        "merits": [c for c in sought if c.kind != c.Kind.REQUIRED],
        **_data_handling_context(),
    }
    return render(request, "recruitment/public/ad_detail.html", context)


@login_not_required
@require_GET
def ad_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation: nothing of the applicant's is shown, the address is not a secret."""
    ad = selectors.public_ad(pk)
    return render(request, "recruitment/public/thanks.html", {"ad": ad, **_data_handling_context()})
