"""The activity import's page, under /aktiviteter/ beside the activities it adds."""

from django.urls import path

from goals.importing import views

urlpatterns = [
    path("aktiviteter/importera/", views.activity_import, name="activity_import"),
]
