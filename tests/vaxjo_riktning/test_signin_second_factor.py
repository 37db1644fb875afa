"""Administrators and staff pass a second factor after their password, through the real pages:
with no authenticator app yet they are sent to enrol one (a QR code drawn on the page, and the
key as text), a wrong code is refused beside the field, a right one lets them in and into the
admin; readers and editors are never asked, and the whole thing switches off by environment."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories as f
from tests.signin import totp_code, totp_device
from vaxjo_riktning.models import Role
from vaxjo_riktning.signin.views import ENROL_KEY_SESSION

pytestmark = pytest.mark.django_db

VERIFY = reverse("signin:verify")
ENROL = reverse("signin:enrol")


@pytest.fixture
def anonymous(settings) -> Client:
    """A browser that has not signed in, reading English (conftest's client signs in with
    force_login, which passes the second factor)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _sign_in(client: Client, username: str, next_url: str = "") -> str:
    data = {"username": username, "password": f.PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("login"), data)
    assert response.status_code == 302
    return response.url


def _follow(client: Client, url: str):
    return client.get(url)


def test_an_administrator_without_an_app_is_sent_to_enrol_one(anonymous, administrator):
    landing = _sign_in(anonymous, "admin")
    response = anonymous.get(landing)
    assert response.status_code == 302
    assert response.url == f"{ENROL}?next=/"
    page = anonymous.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    # The QR code is drawn on the page as SVG, with the key beside it for typing in.
    assert "<svg" in html and 'role="img"' in html
    key = anonymous.session[ENROL_KEY_SESSION]
    assert re.search(r'<code class="totp-key" id="totp-key">[A-Z2-7 ]{32,}</code>', html)
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    # Nothing else opens meanwhile: neither the app nor the admin.
    for url in (reverse("overview"), reverse("goals:activity_list"), "/admin/"):
        assert anonymous.get(url).url.startswith(ENROL), url
    # Reloading keeps the key the app may have scanned already.
    anonymous.get(ENROL)
    assert anonymous.session[ENROL_KEY_SESSION] == key
    assert not TOTPDevice.objects.exists()


def test_a_right_code_enrols_the_app_and_lets_the_administrator_in(anonymous, administrator):
    _sign_in(anonymous, "admin")
    anonymous.get(ENROL)
    key = anonymous.session[ENROL_KEY_SESSION]
    code = totp_code(TOTPDevice(user=administrator), key=key)
    response = anonymous.post(ENROL, {"otp_token": code[:3] + " " + code[3:], "next": "/admin/"})
    assert response.status_code == 302
    assert response.url == "/admin/"
    device = TOTPDevice.objects.get(user=administrator)
    assert device.confirmed and device.key == key
    assert ENROL_KEY_SESSION not in anonymous.session
    assert anonymous.get("/admin/").status_code == 200
    assert anonymous.get(reverse("overview")).status_code == 200
    # The enrolment's code cannot be used again for the next sign-in.
    anonymous.logout()
    _sign_in(anonymous, "admin")
    assert anonymous.post(VERIFY, {"otp_token": code}).status_code == 200


def test_a_wrong_code_does_not_enrol(anonymous, administrator):
    _sign_in(anonymous, "admin")
    anonymous.get(ENROL)
    response = anonymous.post(ENROL, {"otp_token": "000000"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "That code is not right" in html
    assert 'aria-invalid="true"' in html and "id_otp_token_error" in html
    assert not TOTPDevice.objects.exists()


def test_an_enrolled_administrator_is_asked_for_a_code(anonymous, administrator):
    device = totp_device(administrator)
    landing = _sign_in(anonymous, "admin", next_url="/aktiviteter/")
    response = anonymous.get(landing)
    assert response.url == f"{VERIFY}?next=/aktiviteter/"
    page = anonymous.get(response.url)
    assert 'autocomplete="one-time-code"' in page.content.decode()

    wrong = anonymous.post(VERIFY, {"otp_token": "123 45x", "next": "/aktiviteter/"})
    assert "Enter the 6 digits" in wrong.content.decode()
    code = totp_code(device)
    bad = f"{(int(code) + 1) % 1_000_000:06d}"
    wrong = anonymous.post(VERIFY, {"otp_token": bad, "next": "/aktiviteter/"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert anonymous.get(reverse("overview")).status_code == 302

    # django-otp makes a device wait after a wrong code: the next try comes a moment later.
    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.save()
    response = anonymous.post(VERIFY, {"otp_token": totp_code(device), "next": "/aktiviteter/"})
    assert response.status_code == 302
    assert response.url == "/aktiviteter/"
    assert anonymous.get(reverse("goals:activity_list")).status_code == 200


def test_wrong_codes_in_a_row_make_the_next_try_wait(anonymous, administrator):
    device = totp_device(administrator)
    _sign_in(anonymous, "admin")
    anonymous.post(VERIFY, {"otp_token": "000000"})
    # Even the right code is refused while the device waits.
    response = anonymous.post(VERIFY, {"otp_token": totp_code(device)})
    assert "Too many wrong codes in a row" in response.content.decode()
    assert anonymous.get(reverse("overview")).status_code == 302


def test_a_password_alone_cannot_replace_an_enrolled_app(anonymous, administrator):
    device = totp_device(administrator)
    _sign_in(anonymous, "admin")
    response = anonymous.get(ENROL)
    assert response.url.startswith(VERIFY)
    response = anonymous.post(ENROL, {"otp_token": "000000"})
    assert response.url.startswith(VERIFY)
    assert list(TOTPDevice.objects.all()) == [device]


def test_staff_without_the_administrator_role_pass_it_too(anonymous, reader):
    reader.is_staff = True
    reader.save()
    landing = _sign_in(anonymous, "lasare")
    assert anonymous.get(landing).url.startswith(ENROL)


def test_the_admin_login_leads_to_the_second_factor(anonymous, administrator):
    totp_device(administrator)
    response = anonymous.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": f.PASSWORD}
    )
    assert response.url == "/admin/"
    response = anonymous.get("/admin/")
    assert response.url == f"{VERIFY}?next=/admin/"


@pytest.mark.parametrize("role", ["reader", "editor", "chief", "process_owner", "recruiter"])
def test_other_roles_are_never_asked(anonymous, request, role):
    user = request.getfixturevalue(role)
    landing = _sign_in(anonymous, user.username)
    assert anonymous.get(landing).status_code == 200
    # The code's pages send them on.
    assert anonymous.get(VERIFY).url == reverse("overview")
    assert anonymous.get(ENROL).url == reverse("overview")
    assert not TOTPDevice.objects.exists()


def test_an_administrator_is_asked_from_the_next_request_when_given_the_role(anonymous, reader):
    _sign_in(anonymous, "lasare")
    assert anonymous.get(reverse("overview")).status_code == 200
    f.assign(reader, Role.ADMINISTRATOR)
    assert anonymous.get(reverse("overview")).url.startswith(ENROL)


def test_htmx_requests_are_sent_to_the_code_as_a_whole_page(anonymous, administrator):
    totp_device(administrator)
    _sign_in(anonymous, "admin")
    response = anonymous.get(reverse("goals:activity_list"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(VERIFY)


def test_the_second_factor_switches_off(anonymous, administrator, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    landing = _sign_in(anonymous, "admin")
    assert anonymous.get(landing).status_code == 200
    assert anonymous.get("/admin/").status_code == 200


def test_an_off_site_next_is_not_followed(anonymous, administrator):
    device = totp_device(administrator)
    _sign_in(anonymous, "admin")
    response = anonymous.post(
        VERIFY, {"otp_token": totp_code(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("overview")


def test_an_administrator_resets_a_lost_second_factor(client, administrator, anonymous):
    colleague = f.UserFactory(username="admin2", is_staff=True)
    f.assign(colleague, Role.ADMINISTRATOR)
    totp_device(colleague)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:vaxjo_riktning_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [colleague.pk]},
        follow=True,
    )
    assert "1 authenticator app removed" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    landing = _sign_in(anonymous, "admin2")
    assert anonymous.get(landing).url.startswith(ENROL)


def test_the_code_pages_answer_only_get_and_post(anonymous, administrator):
    _sign_in(anonymous, "admin")
    assert anonymous.put(VERIFY).status_code == 405
    assert anonymous.delete(ENROL).status_code == 405
