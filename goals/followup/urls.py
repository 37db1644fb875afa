"""Follow-up's routes, under /uppfoljning/: included by goals/urls.py without a namespace of
their own, so their names stay goals:followup, goals:export_job and so on."""

from django.urls import path

from goals.followup import views

urlpatterns = [
    # Reporting progress for a period.
    path("", views.followup_overview, name="followup"),
    path("<int:period_pk>/", views.followup_overview, name="followup_period"),
    # The period report: one board's Excel at once, or a job built in the background.
    path(
        "<int:period_pk>/periodrapport.xlsx",
        views.period_report_excel,
        name="period_report_excel",
    ),
    path("<int:period_pk>/periodrapport/", views.export_start, name="export_start"),
    path("rapporter/<int:pk>/", views.export_job, name="export_job"),
    path("rapporter/<int:pk>/fil/", views.export_job_download, name="export_job_download"),
    # Saving one row of a unit's report as it is typed.
    path(
        "<int:period_pk>/aktiviteter/<int:activity_pk>/",
        views.activity_report_save,
        name="followup_activity_save",
    ),
    path(
        "<int:period_pk>/mal/<int:goal_pk>/", views.goal_assessment_save, name="followup_goal_save"
    ),
    path(
        "<int:period_pk>/samordningsvinster/<int:saving_pk>/",
        views.saving_report_save,
        name="followup_saving_save",
    ),
    # A unit's report (its to-do): after periodrapport/ above, which its slug would also match.
    path("<int:period_pk>/<slug:slug>/", views.unit_report, name="followup_unit"),
    path("<int:period_pk>/<slug:slug>/klar/", views.unit_report_ready, name="followup_unit_ready"),
    path(
        "<int:period_pk>/<slug:slug>/skicka-tillbaka/",
        views.unit_report_send_back,
        name="followup_unit_send_back",
    ),
]
