"""The second factor's pages, under /konto/ beside the login page."""

from django.urls import path

from vaxjo_riktning.signin import views

app_name = "signin"

urlpatterns = [
    path("engangskod/", views.verify, name="verify"),
    path("engangskod/aktivera/", views.enrol, name="enrol"),
]
