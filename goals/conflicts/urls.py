"""Conflict routes: included by goals/urls.py at the site's root without a namespace of their
own, so their names stay goals:conflict_list and so on."""

from django.urls import path

from goals.conflicts import views

urlpatterns = [
    path("konflikter/", views.conflict_list, name="conflict_list"),
    path("konflikter/<int:pk>/", views.conflict_detail, name="conflict_detail"),
    path("konflikter/<int:pk>/beslut/", views.conflict_decide, name="conflict_decide"),
    path("konflikter/<int:pk>/bekrafta/", views.conflict_confirm, name="conflict_confirm"),
    path("konflikter/<int:pk>/aterkalla/", views.conflict_withdraw, name="conflict_withdraw"),
    # Raised from the activity's page: "this works against our goal".
    path(
        "aktiviteter/<int:pk>/motverkar-vart-mal/",
        views.conflict_raise,
        name="conflict_raise",
    ),
]
