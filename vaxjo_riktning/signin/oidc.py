"""Signing in with the municipal account: OpenID Connect's authorization code flow with PKCE
(mozilla-django-oidc), against Microsoft Entra ID or any other provider.

The provider's endpoints come from its discovery document (OIDC_ISSUER +
/.well-known/openid-configuration), read when someone first signs in, not at start-up: Riktning
starts, and local passwords keep working, while the provider is down. Explicit OIDC_OP_*
settings win over discovery.

Who the person is comes from the ID token alone, verified against the provider's keys (RS256,
JWKS), its issuer, our client id as audience and its expiry: Entra's userinfo endpoint does not
give `oid`, `tid` or the groups. A user is found by the token's stable id (User.external_id),
never by e-mail: an address can be reused, or typed into a local account by someone else.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from vaxjo_riktning.signin.middleware import second_factor_exempt
from vaxjo_riktning.signin.services import directory_roles_apply

logger = logging.getLogger("riktning.signin")

PROVIDER_FAILED = _(
    "Signing in with the municipal account did not work: the sign-in service did not answer or "
    "refused. Try again in a while, or contact the IT support."
)

# Discovery keys for the endpoints, and the settings that name one explicitly instead.
_ENDPOINTS = {
    "authorization_endpoint": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "OIDC_OP_TOKEN_ENDPOINT",
    "jwks_uri": "OIDC_OP_JWKS_ENDPOINT",
    "issuer": "OIDC_OP_ISSUER",
}


def provider_endpoint(name: str) -> str:
    """One of the provider's endpoints (or its issuer): the explicit setting, else discovery,
    kept an hour in the cache. Raises requests.RequestException or ValueError when the provider
    does not answer or answers nonsense."""
    explicit = getattr(settings, _ENDPOINTS[name], "")
    if explicit:
        return explicit
    key = "riktning:oidc-discovery:" + settings.OIDC_ISSUER
    document = cache.get(key)
    if document is None:
        url = settings.OIDC_ISSUER.rstrip("/") + "/.well-known/openid-configuration"
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        if not all(isinstance(document.get(k), str) for k in _ENDPOINTS):
            raise ValueError(f"The discovery document at {url} lacks an endpoint.")
        cache.set(key, document, 60 * 60)
    return document[name]


class MunicipalAccountBackend(OIDCAuthenticationBackend):
    """Finds or creates the user from a verified ID token and gives them the roles their
    directory groups map to. Refuses (None, and a log line) on anything unexpected."""

    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Django builds the backend for every authenticate(), local passwords too: nothing here
        # may reach the provider. The endpoints are read when needed (the properties below).
        self.UserModel = get_user_model()

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:  # noqa: N802 (the name mozilla-django-oidc reads)
        return settings.OIDC_RP_CLIENT_ID

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:  # noqa: N802
        return settings.OIDC_RP_CLIENT_SECRET

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # noqa: N802
        return provider_endpoint("token_endpoint")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:  # noqa: N802
        return provider_endpoint("jwks_uri")

    def authenticate(self, request: HttpRequest | None, **kwargs: Any):
        # Only the callback passes a nonce; a password form never reaches the provider.
        if not settings.OIDC_ENABLED or request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException, ValueError, KeyError) as error:
            logger.warning("Sign-in with the municipal account refused: %s", error)
            return None

    def retrieve_matching_jwk(self, token: str) -> jwt.PyJWK:
        """The provider's RSA signing key the token names by `kid` (Entra always names one);
        a token naming none is accepted only from a provider with a single key."""
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [
            key
            for key in response.json().get("keys", [])
            if key.get("kty") == "RSA" and key.get("use", "sig") == "sig"
        ]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single key in the provider's JWKS fits the token.")
        return jwt.PyJWK(keys[0], algorithm=self.OIDC_RP_SIGN_ALGO)

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The signature, and also the issuer, the audience (our client id) and the expiry,
        which mozilla-django-oidc leaves unchecked or optional."""
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=provider_endpoint("issuer"),
                options={"require": ["exp", "iat", "iss", "aud"]},
                leeway=60,
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]):
        """The verified ID token's claims (see the module's docstring)."""
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        user_id = claims.get(settings.OIDC_USER_ID_CLAIM)
        if not isinstance(user_id, str) or not user_id:
            logger.warning("ID token without its %r claim refused.", settings.OIDC_USER_ID_CLAIM)
            return False
        if settings.OIDC_TENANT_ID and claims.get("tid") != settings.OIDC_TENANT_ID:
            logger.warning("ID token for another tenant (%r) refused.", claims.get("tid"))
            return False
        if settings.OIDC_GROUPS_CLAIM in claims.get("_claim_names", {}):
            # Entra leaves the groups out when a person is in too many of them ("overage"):
            # signing in would take away every role from a group.
            logger.warning("ID token without its groups (overage) refused.")
            return False
        groups = claims.get(settings.OIDC_GROUPS_CLAIM, [])
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            logger.warning("ID token with a malformed groups claim refused.")
            return False
        return True

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("Claims verification failed")
        external_id = claims[settings.OIDC_USER_ID_CLAIM]
        with transaction.atomic():
            user = self.UserModel.objects.filter(external_id=external_id).first()
            if user is None:
                user = self.UserModel(external_id=external_id, username=self._username(claims))
                user.set_unusable_password()
            given, family = claims.get("given_name"), claims.get("family_name")
            if isinstance(given, str) or isinstance(family, str):
                user.first_name, user.last_name = (given or "")[:150], (family or "")[:150]
            elif isinstance(claims.get("name"), str):
                user.first_name, _sep, user.last_name = claims["name"].partition(" ")
                user.first_name, user.last_name = user.first_name[:150], user.last_name[:150]
            if isinstance(claims.get("email"), str):
                user.email = claims["email"][:254]
            first_sign_in = user.pk is None
            user.save()
            if first_sign_in:
                logger.info("First sign-in with the municipal account: user %s.", user.pk)
            directory_roles_apply(user=user, groups=claims.get(settings.OIDC_GROUPS_CLAIM, []))
        return user

    def _username(self, claims: dict[str, Any]) -> str:
        """The person's sign-in name at the provider when it is free, else the stable id: a
        local account of the same name stays someone else's."""
        for claim in ("preferred_username", "email"):
            name = claims.get(claim)
            if (
                isinstance(name, str)
                and 0 < len(name) <= 150
                and not self.UserModel.objects.filter(username__iexact=name).exists()
            ):
                return name
        return "oidc-" + claims[settings.OIDC_USER_ID_CLAIM][:145]


def _failure(request: HttpRequest) -> HttpResponse:
    messages.error(request, PROVIDER_FAILED)
    return HttpResponseRedirect(reverse("login"))


class SignInRequestView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider, with state, nonce and a PKCE challenge."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_endpoint("authorization_endpoint")
        except (requests.RequestException, ValueError) as error:
            logger.warning("The sign-in service's discovery failed: %s", error)
            return _failure(request)
        return super().get(request)


class SignInCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back: signs in, or the login page with a message."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # a state this browser never asked for
            logger.warning("Sign-in with the municipal account refused: %s", error)
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        if self.request.GET.get("error"):
            logger.warning(
                "The sign-in service answered with an error: %s %s",
                self.request.GET.get("error"),
                self.request.GET.get("error_description", ""),
            )
        return _failure(self.request)


urlpatterns = [
    path(
        "callback/",
        second_factor_exempt(login_not_required(SignInCallbackView.as_view())),
        name="oidc_authentication_callback",
    ),
    path(
        "authenticate/",
        second_factor_exempt(login_not_required(SignInRequestView.as_view())),
        name="oidc_authentication_init",
    ),
]
