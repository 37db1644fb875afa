"""URLs of the goal chain and the activities; the import's, the sub-optimisation pages', the
conflicts' and follow-up's are included from goals/importing/, goals/overlap/, goals/conflicts/
and goals/followup/urls.py."""

from django.urls import include, path

from goals.views import activities, browse

app_name = "goals"

urlpatterns = [
    path("mal/", browse.goal_list, name="goal_list"),
    path("mal/<int:pk>/", browse.goal_detail, name="goal_detail"),
    path("mal/nyckeltal/<int:pk>/varde/", browse.measurement_add, name="measurement_add"),
    path("aktiviteter/", browse.activity_list, name="activity_list"),
    path("aktiviteter/ny/", activities.activity_create, name="activity_create"),
    path("aktiviteter/validera/", activities.activity_validate, name="activity_validate"),
    path("aktiviteter/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("aktiviteter/<int:pk>/redigera/", activities.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/aterkalla/", activities.activity_withdraw, name="activity_withdraw"),
    # Importing activity plans from spreadsheets (goals/importing/urls.py).
    path("", include("goals.importing.urls")),
    # Sub-optimisation: activity suggestions, overlapping activities, counteraction, and gaps
    # (goals/overlap/urls.py).
    path("", include("goals.overlap.urls")),
    # Conflicts raised by the unit they hurt, and the list of both kinds (goals/conflicts/urls.py).
    path("", include("goals.conflicts.urls")),
    # Follow-up: reporting progress for a period, each unit's report (its to-do), and the
    # period report (goals/followup/urls.py).
    path("uppfoljning/", include("goals.followup.urls")),
]
