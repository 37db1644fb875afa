"""Riktning's URLs. Paths are Swedish: they are what users see and share."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from vaxjo_riktning import views
from vaxjo_riktning.signin.forms import SignInForm
from vaxjo_riktning.signin.middleware import second_factor_exempt

# The error page, or a Swedish 503 while the database is away (vaxjo_riktning/unavailable.py).
handler500 = "vaxjo_riktning.unavailable.server_error"

urlpatterns = [
    path("", views.overview, name="overview"),
    # Health, for the load balancer and compose: answered before sign-in and the second factor.
    path("healthz/", second_factor_exempt(views.healthz), name="healthz"),
    path("readyz/", second_factor_exempt(views.readyz), name="readyz"),
    # Public, like the job ads: the accessibility statement the law asks for.
    path("tillganglighet/", views.accessibility_statement, name="accessibility_statement"),
    path("enheter/", views.unit_list, name="unit_list"),
    path("enheter/<slug:slug>/", views.unit_detail, name="unit_detail"),
    path("", include("goals.urls")),
    path("", include("processes.urls")),
    path("", include("recruitment.urls")),
    path("admin/", admin.site.urls),
    # Signing in and out, and the language switch, answer before the second factor too.
    path(
        "konto/logga-in/",
        second_factor_exempt(auth_views.LoginView.as_view(authentication_form=SignInForm)),
        name="login",
    ),
    path(
        "konto/logga-ut/",
        second_factor_exempt(auth_views.LogoutView.as_view()),
        name="logout",
    ),
    path("konto/", include("vaxjo_riktning.signin.urls")),
    # The municipal account's sign-in: /oidc/authenticate/ and the provider's /oidc/callback/.
    path("oidc/", include("vaxjo_riktning.signin.oidc")),
    # The language switch works on the login page too.
    path(
        "i18n/setlang/",
        second_factor_exempt(login_not_required(set_language)),
        name="set_language",
    ),
]
