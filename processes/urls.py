"""URLs of the group-wide processes: the areas, the rollout matrix, a process, the cockpit and
the rollout report."""

from django.urls import path

from processes import views

app_name = "processes"

urlpatterns = [
    path("processer/", views.process_index, name="process_index"),
    path("processer/utrullning/", views.rollout, name="rollout"),
    path(
        "processer/utrullning/<slug:process_slug>/<slug:unit_slug>/",
        views.rollout_cell,
        name="rollout_cell",
    ),
    path("processer/cockpit/", views.cockpit, name="cockpit"),
    path(
        "processer/aktiviteter/<int:pk>/process/",
        views.activity_reassign,
        name="activity_reassign",
    ),
    path(
        "processer/aktiviteter/<int:pk>/kommentar/",
        views.activity_comment,
        name="activity_comment",
    ),
    path("processer/omraden/<slug:slug>/rapport/", views.area_report, name="area_report"),
    path(
        "processer/omraden/<slug:slug>/rapport.xlsx",
        views.area_report_xlsx,
        name="area_report_xlsx",
    ),
    path("processer/<slug:slug>/", views.process_detail, name="process_detail"),
]
