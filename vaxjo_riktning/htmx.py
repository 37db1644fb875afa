"""What every view does the same way with htmx and with a service's refusal, written once.

htmx sends `HX-Request` (django-htmx reads it into `request.htmx`); a boosted link is a whole
page, so only a plain htmx request gets a fragment. A redirect after an htmx form post has to be
done by the browser (`HX-Redirect`), or htmx would swap the whole next page into the fragment.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page (not a boosted link, which is a page)."""
    return bool(request.htmx) and not request.htmx.boosted


def targets(request: HttpRequest, target: str) -> bool:
    """An htmx request that swaps the element with this id."""
    return bool(request.htmx) and request.htmx.target == target


def page_or_partial(request: HttpRequest, name: str, partial: str) -> str:
    """The template's name, or its named partial (django-template-partials) for a fragment."""
    return f"{name}#{partial}" if wants_fragment(request) else name


def redirect_to(request: HttpRequest, url: str) -> HttpResponse:
    """Go to `url` after a post: an ordinary redirect, or the browser's own for htmx."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Put a service's refusal beside the field it names, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
