"""Signing in with the municipal account, against an OpenID Connect provider started inside the
test run (oidc-provider-mock on 127.0.0.1): nothing here touches the network.

The browser's part is played by hand: Django's test client asks Riktning for the provider's
address, `requests` "approves" the sign-in at the provider, and the test client follows the
provider's redirect back to /oidc/callback/. Riktning itself talks to the provider (token,
JWKS, discovery) as it would in production."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import urlsplit

import oidc_provider_mock
import pytest
import requests
from axes.models import AccessAttempt
from django.core.cache import cache
from django.forms import modelform_factory
from django.urls import reverse
from werkzeug.serving import make_server

from tests import factories as f
from vaxjo_riktning.models import GroupRoleMapping, Role, RoleAssignment, User
from vaxjo_riktning.signin.forms import LOCAL_PASSWORDS_OFF
from vaxjo_riktning.signin.oidc import PROVIDER_FAILED

pytestmark = pytest.mark.django_db

TENANT = "9f1c2d3e-0000-4000-8000-000000000780"
EDITORS = "grp-editors-utbildning"
READERS = "grp-readers"


def _serve(**options) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(**options), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    yield from _serve()


@pytest.fixture(scope="module")
def other_provider() -> Iterator[str]:
    """Another provider with keys of its own: a token signed by it is not ours."""
    yield from _serve()


@pytest.fixture(scope="module")
def expiring_provider() -> Iterator[str]:
    """Issues ID tokens that expired two minutes before they were issued (beyond the leeway)."""
    yield from _serve(access_token_max_age=timedelta(minutes=-2))


def _configure(settings, issuer: str) -> None:
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = "riktning"
    settings.OIDC_RP_CLIENT_SECRET = "hemligt"
    settings.OIDC_TENANT_ID = TENANT
    settings.OIDC_USER_ID_CLAIM = "oid"
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.LOCAL_PASSWORDS = True
    cache.clear()  # the discovery document of another test's provider


@pytest.fixture
def oidc(settings, provider) -> str:
    _configure(settings, provider)
    return provider


def _claims(**overrides) -> dict:
    claims = {
        "oid": "0b7e1c44-1111-4222-8333-944455556666",
        "tid": TENANT,
        "given_name": "Karin",
        "family_name": "Lind",
        "name": "Karin Lind",
        "email": "karin.lind@vaxjo.se",
        "preferred_username": "karin.lind@vaxjo.se",
        "groups": [EDITORS],
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _sign_in(client, provider: str, claims: dict, sub: str = "karin"):
    """The whole round trip; returns Riktning's answer to the callback."""
    requests.put(f"{provider}/users/{sub}", json=claims, timeout=5).raise_for_status()
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    assert start.url.startswith(provider)
    assert "code_challenge=" in start.url  # PKCE
    approved = requests.post(start.url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert approved.status_code == 302
    back = urlsplit(approved.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback")
    return client.get(f"{back.path}?{back.query}")


@pytest.fixture
def editors_mapping() -> GroupRoleMapping:
    return GroupRoleMapping.objects.create(
        group_id=EDITORS, label="Redaktörer UF", role=Role.UNIT_EDITOR, unit=f.UnitFactory()
    )


def _refused(response, client) -> None:
    assert response.status_code == 302
    assert response.url == reverse("login")
    page = client.get(response.url)
    assert str(PROVIDER_FAILED) in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated


def test_the_first_sign_in_creates_the_user_with_name_e_mail_and_the_groups_role(
    client, oidc, editors_mapping
):
    response = _sign_in(client, oidc, _claims())

    assert response.status_code == 302
    assert response.url == reverse("overview")
    user = User.objects.get(external_id="0b7e1c44-1111-4222-8333-944455556666")
    assert (user.first_name, user.last_name, user.email) == ("Karin", "Lind", "karin.lind@vaxjo.se")
    assert user.username == "karin.lind@vaxjo.se"
    assert not user.has_usable_password()
    (assignment,) = user.role_assignments.all()
    assert (assignment.role, assignment.unit, assignment.from_directory) == (
        Role.UNIT_EDITOR,
        editors_mapping.unit,
        True,
    )
    assert client.get(reverse("overview")).status_code == 200


def test_the_role_goes_when_the_group_goes_and_a_role_given_by_hand_stays(
    client, oidc, editors_mapping
):
    _sign_in(client, oidc, _claims())
    user = User.objects.get(external_id=_claims()["oid"])
    RoleAssignment.objects.create(user=user, role=Role.READER)
    client.logout()

    _sign_in(client, oidc, _claims(groups=[], email="karin.lind2@vaxjo.se"))

    assert User.objects.count() == 1
    user.refresh_from_db()
    assert user.email == "karin.lind2@vaxjo.se"
    assert [(a.role, a.from_directory) for a in user.role_assignments.all()] == [
        (Role.READER, False)
    ]


def test_a_role_given_by_hand_is_not_taken_over_by_the_directory(client, oidc):
    GroupRoleMapping.objects.create(group_id=READERS, role=Role.READER)
    user = f.UserFactory(username="karin", external_id=_claims()["oid"])
    RoleAssignment.objects.create(user=user, role=Role.READER)

    _sign_in(client, oidc, _claims(groups=[READERS]))
    _sign_in(client, oidc, _claims(groups=[]))

    assert [(a.role, a.from_directory) for a in user.role_assignments.all()] == [
        (Role.READER, False)
    ]


def test_a_local_account_with_the_same_e_mail_is_not_taken_over(client, oidc):
    local = f.UserFactory(username="karin.lind@vaxjo.se", email="karin.lind@vaxjo.se")

    _sign_in(client, oidc, _claims())

    created = User.objects.get(external_id=_claims()["oid"])
    assert created.pk != local.pk
    assert created.username == "oidc-" + _claims()["oid"]


def test_a_token_for_another_tenant_is_refused_and_nothing_is_created(client, oidc, caplog):
    response = _sign_in(client, oidc, _claims(tid="another-tenant"))

    _refused(response, client)
    assert not User.objects.exists()
    assert "another tenant" in caplog.text


def test_refused_tokens_do_not_lock_the_address_for_the_next_person(client, oidc, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _refused(_sign_in(client, oidc, _claims(tid="another-tenant")), client)

    response = _sign_in(client, oidc, _claims())

    assert response.url == reverse("overview")
    assert not AccessAttempt.objects.exists()


def test_a_token_without_the_stable_id_is_refused(client, oidc, caplog):
    response = _sign_in(client, oidc, _claims(oid=None))

    _refused(response, client)
    assert not User.objects.exists()
    assert "'oid' claim" in caplog.text


def test_a_token_signed_with_another_providers_key_is_refused(
    client, settings, oidc, other_provider, caplog
):
    # Riktning trusts the other provider's keys: the real provider's signature no longer fits,
    # exactly as for a token whose content was changed after signing.
    settings.OIDC_OP_JWKS_ENDPOINT = f"{other_provider}/jwks"

    response = _sign_in(client, oidc, _claims())

    _refused(response, client)
    assert not User.objects.exists()
    assert "refused" in caplog.text


def test_an_expired_token_is_refused(client, settings, expiring_provider, caplog):
    _configure(settings, expiring_provider)

    response = _sign_in(client, expiring_provider, _claims())

    _refused(response, client)
    assert not User.objects.exists()
    assert "expired" in caplog.text


def test_a_provider_that_is_down_gives_a_message_and_the_local_form(client, settings):
    _configure(settings, "http://127.0.0.1:9")  # nothing listens on the discard port

    response = client.get(reverse("oidc_authentication_init"))

    _refused(response, client)
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' in page


def test_a_provider_answering_with_an_error_gives_a_message(client, oidc):
    response = client.get(reverse("oidc_authentication_callback") + "?error=access_denied&state=x")

    _refused(response, client)


def test_the_login_page_offers_the_municipal_account_first(client, oidc):
    page = client.get(reverse("login")).content.decode()

    assert reverse("oidc_authentication_init") in page
    assert page.index(reverse("oidc_authentication_init")) < page.index('name="password"')


def test_with_local_passwords_off_the_login_page_takes_no_password(client, settings, oidc):
    settings.LOCAL_PASSWORDS = False
    f.UserFactory(username="lokal", password="riktning-test-1")

    page = client.get(reverse("login")).content.decode()
    response = client.post(reverse("login"), {"username": "lokal", "password": "riktning-test-1"})

    assert 'name="password"' not in page
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOCAL_PASSWORDS_OFF]
    assert not response.wsgi_request.user.is_authenticated


def test_without_a_provider_the_municipal_account_is_not_offered(client):
    page = client.get(reverse("login")).content.decode()

    assert "/oidc/" not in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404


def test_a_mapping_whose_role_needs_a_unit_is_refused_beside_the_field():
    form_class = modelform_factory(
        GroupRoleMapping, fields=["group_id", "label", "role", "unit", "process_area"]
    )

    without_unit = form_class({"group_id": "g", "role": Role.UNIT_EDITOR})
    missing_unit = form_class({"group_id": "g", "role": Role.UNIT_EDITOR, "unit": 987654})
    unit_for_a_reader = form_class(
        {"group_id": "g", "role": Role.READER, "unit": f.UnitFactory().pk}
    )

    assert list(without_unit.errors) == ["unit"]
    assert list(missing_unit.errors) == ["unit"]
    assert list(unit_for_a_reader.errors) == ["unit"]


def test_an_administrator_through_the_provider_is_not_asked_for_a_code_of_ours(
    client, oidc, settings
):
    """The provider asks for its own second factor (Entra's MFA): a code of Riktning's after it
    would be a second second factor. With a password the same administrator is asked."""
    settings.SECOND_FACTOR_REQUIRED = True
    GroupRoleMapping.objects.create(group_id="grp-admins", label="Admins", role=Role.ADMINISTRATOR)
    response = _sign_in(client, oidc, _claims(groups=["grp-admins"]))
    assert response.url == reverse("overview")
    user = User.objects.get(external_id="0b7e1c44-1111-4222-8333-944455556666")
    assert user.is_administrator
    assert client.get(reverse("overview")).status_code == 200

    # The same person signed in by password (the admin's break-glass way in) is asked.
    client.logout()
    user.set_password("ett-långt-lösenord-för-nödfall")
    user.save()
    client.post(
        reverse("login"), {"username": user.username, "password": "ett-långt-lösenord-för-nödfall"}
    )
    answer = client.get(reverse("overview"))
    assert answer.status_code == 302
    assert answer.url.startswith(reverse("signin:enrol"))
