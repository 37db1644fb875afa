"""Signing in with the municipal account in a real browser, against an OpenID Connect provider
started inside the test run (oidc-provider-mock on 127.0.0.1): the login page's button, the
provider's page, back to Riktning signed in with the role a directory group gives; at the next
sign-in without the group the role is gone; a token for another tenant, and one whose signature
does not fit (as after tampering), are refused with the Swedish message on the login page.
Nothing touches the network."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import Page, expect

from tests import factories as f
from tests.vaxjo_riktning.test_signin_oidc import EDITORS, _claims, _configure, _serve
from vaxjo_riktning.models import GroupRoleMapping, Role, RoleAssignment, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def provider():
    yield from _serve()


@pytest.fixture(scope="module")
def other_provider():
    """Another provider with keys of its own."""
    yield from _serve()


@pytest.fixture
def oidc(settings, provider) -> str:
    """The live server speaks plain HTTP: production's secure-only cookies would not be sent."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    _configure(settings, provider)
    return provider


def _sign_in(page: Page, live_server, provider: str, claims: dict, sub: str = "karin") -> None:
    requests.put(f"{provider}/users/{sub}", json=claims, timeout=5).raise_for_status()
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    page.wait_for_url(f"{provider}/**")
    page.fill('input[name="sub"][type="text"]', sub)
    page.get_by_role("button", name="Authorize").click()


def test_a_group_gives_a_role_at_the_first_sign_in_and_takes_it_at_the_next(
    page: Page, live_server, oidc
):
    unit = f.UnitFactory(name="Utbildningsförvaltningen")
    GroupRoleMapping.objects.create(
        group_id=EDITORS, label="Redaktörer UF", role=Role.UNIT_EDITOR, unit=unit
    )
    _sign_in(page, live_server, oidc, _claims())
    expect(page.locator("h1")).to_have_text("Översikt")
    expect(page.locator("header")).to_contain_text("Karin Lind")
    user = User.objects.get(email="karin.lind@vaxjo.se")
    assert RoleAssignment.objects.filter(user=user, role=Role.UNIT_EDITOR, unit=unit).exists()

    _sign_in(page, live_server, oidc, _claims(groups=[]))
    expect(page.locator("h1")).to_have_text("Översikt")
    assert not RoleAssignment.objects.filter(user=user, role=Role.UNIT_EDITOR).exists()


def test_a_token_for_another_tenant_is_refused_on_the_login_page(page: Page, live_server, oidc):
    _sign_in(page, live_server, oidc, _claims(tid="00000000-0000-4000-8000-000000000000"))
    expect(page).to_have_url(f"{live_server.url}/konto/logga-in/")
    expect(page.locator("main")).to_contain_text("Inloggningen med kommunens konto fungerade inte")
    assert not User.objects.filter(email="karin.lind@vaxjo.se").exists()


def test_a_token_whose_signature_does_not_fit_is_refused_on_the_login_page(
    page: Page, live_server, oidc, other_provider, settings
):
    # Riktning trusts the other provider's keys: the real provider's signature no longer fits,
    # exactly as for a token whose content was changed after signing.
    settings.OIDC_OP_JWKS_ENDPOINT = f"{other_provider}/jwks"
    _sign_in(page, live_server, oidc, _claims())
    expect(page).to_have_url(f"{live_server.url}/konto/logga-in/")
    expect(page.locator("main")).to_contain_text("Inloggningen med kommunens konto fungerade inte")
    assert not User.objects.filter(email="karin.lind@vaxjo.se").exists()
