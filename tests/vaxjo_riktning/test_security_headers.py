"""Headers every response of Riktning carries: no browser or proxy keeps a copy of a page
(Cache-Control: no-store), and no page may use the camera, microphone, location and the like
(Permissions-Policy)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from vaxjo_riktning.middleware import NoStoreMiddleware

pytestmark = pytest.mark.django_db


def test_a_redirect_to_log_in_and_a_404_are_not_stored(client, reader):
    assert "no-store" in client.get(reverse("overview"))["Cache-Control"]
    client.force_login(reader)
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_a_view_that_chooses_its_own_caching_keeps_it():
    def view(request):
        response = HttpResponse("public")
        response["Cache-Control"] = "public, max-age=60"
        return response

    response = NoStoreMiddleware(view)(RequestFactory().get("/"))
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize(
    "feature",
    ["camera", "microphone", "geolocation", "payment", "usb", "serial", "display-capture"],
)
def test_no_page_may_use_the_devices_riktning_does_not_need(client, reader, feature):
    client.force_login(reader)
    policy = client.get(reverse("overview"))["Permissions-Policy"]
    assert f"{feature}=()" in [part.strip() for part in policy.split(",")]


def test_the_permissions_policy_is_sent_to_visitors_too(client):
    assert "camera=()" in client.get(reverse("login"))["Permissions-Policy"]


def test_hsts_is_sent_over_https(client, reader, settings):
    """Behind the proxy: it says the browser used HTTPS, and Django answers with HSTS. With the
    production values: with DEBUG on (make test's embedded database) the default age is 0."""
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client.force_login(reader)
    response = client.get(reverse("overview"), headers={"X-Forwarded-Proto": "https"}, secure=False)
    assert response["Strict-Transport-Security"] == (
        f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains"
    )
