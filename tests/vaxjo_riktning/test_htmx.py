"""The shared htmx and refusal helpers (vaxjo_riktning/htmx.py) that every app's views use."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from vaxjo_riktning.htmx import (
    add_service_errors,
    page_or_partial,
    redirect_to,
    targets,
    wants_fragment,
)


def request(**headers: str):
    made = RequestFactory().get("/", headers=headers)
    made.htmx = HtmxDetails(made)
    return made


def test_a_plain_htmx_request_gets_the_partial_a_boosted_link_the_page():
    plain, boosted, page = (
        request(HX_Request="true"),
        request(HX_Request="true", HX_Boosted="true"),
        request(),
    )
    assert wants_fragment(plain) and not wants_fragment(boosted) and not wants_fragment(page)
    assert page_or_partial(plain, "a.html", "form") == "a.html#form"
    assert page_or_partial(boosted, "a.html", "form") == "a.html"
    assert page_or_partial(page, "a.html", "form") == "a.html"


def test_targets_names_the_swapped_element():
    assert targets(request(HX_Request="true", HX_Target="board"), "board")
    assert not targets(request(HX_Request="true", HX_Target="other"), "board")
    assert not targets(request(), "board")


def test_htmx_is_redirected_by_the_browser_a_page_by_the_server():
    htmx = redirect_to(request(HX_Request="true"), "/next/")
    assert htmx.status_code == 200 and htmx["HX-Redirect"] == "/next/"
    page = redirect_to(request(), "/next/")
    assert page.status_code == 302 and page["Location"] == "/next/"


class TitleForm(forms.Form):
    title = forms.CharField()


def test_a_refusal_goes_beside_its_field_or_to_the_top():
    form = TitleForm({"title": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError({"title": "Taken.", "unknown": "Odd."}))
    add_service_errors(form, ValidationError("Stale."))
    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["Odd.", "Stale."]
