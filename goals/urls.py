"""URLs of the goal chain, the activities, and the sub-optimisation signals."""

from django.urls import path

from goals.views import activities, browse, exports, followup, imports, overlaps, signals

app_name = "goals"

urlpatterns = [
    path("mal/", browse.goal_list, name="goal_list"),
    path("mal/<int:pk>/", browse.goal_detail, name="goal_detail"),
    path("mal/nyckeltal/<int:pk>/varde/", browse.measurement_add, name="measurement_add"),
    path("aktiviteter/", browse.activity_list, name="activity_list"),
    path("aktiviteter/ny/", activities.activity_create, name="activity_create"),
    path("aktiviteter/validera/", activities.activity_validate, name="activity_validate"),
    path("aktiviteter/liknande/", overlaps.activity_suggestions, name="activity_suggestions"),
    path("aktiviteter/importera/", imports.activity_import, name="activity_import"),
    path("aktiviteter/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("aktiviteter/<int:pk>/redigera/", activities.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/aterkalla/", activities.activity_withdraw, name="activity_withdraw"),
    # Sub-optimisation: overlapping activities, counteraction, and gaps.
    path("overlappningar/", overlaps.overlap_list, name="overlap_list"),
    path("overlappningar/<int:pk>/", overlaps.overlap_detail, name="overlap_detail"),
    path("overlappningar/fall/<int:key>/", overlaps.overlap_case, name="overlap_case"),
    path("overlappningar/<int:pk>/beslut/", overlaps.overlap_decide, name="overlap_decide"),
    path("motverkan/", signals.counteraction_list, name="counteraction_list"),
    path("luckor/", signals.gap_list, name="gap_list"),
    # Follow-up: reporting progress for a period, and each unit's report (its to-do).
    path("uppfoljning/", followup.followup_overview, name="followup"),
    path("uppfoljning/<int:period_pk>/", followup.followup_overview, name="followup_period"),
    path(
        "uppfoljning/<int:period_pk>/periodrapport.xlsx",
        followup.period_report_excel,
        name="period_report_excel",
    ),
    path(
        "uppfoljning/<int:period_pk>/periodrapport/",
        exports.export_start,
        name="export_start",
    ),
    path("uppfoljning/rapporter/<int:pk>/", exports.export_job, name="export_job"),
    path(
        "uppfoljning/rapporter/<int:pk>/fil/",
        exports.export_job_download,
        name="export_job_download",
    ),
    path(
        "uppfoljning/<int:period_pk>/aktiviteter/<int:activity_pk>/",
        followup.activity_report_save,
        name="followup_activity_save",
    ),
    path(
        "uppfoljning/<int:period_pk>/mal/<int:goal_pk>/",
        followup.goal_assessment_save,
        name="followup_goal_save",
    ),
    path("uppfoljning/<int:period_pk>/<slug:slug>/", followup.unit_report, name="followup_unit"),
    path(
        "uppfoljning/<int:period_pk>/<slug:slug>/klar/",
        followup.unit_report_ready,
        name="followup_unit_ready",
    ),
    path(
        "uppfoljning/<int:period_pk>/<slug:slug>/skicka-tillbaka/",
        followup.unit_report_send_back,
        name="followup_unit_send_back",
    ),
]
