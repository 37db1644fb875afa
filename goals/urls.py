"""URLs of the goal chain and the activities."""

from django.urls import path

from goals.views import activities, browse

app_name = "goals"

urlpatterns = [
    path("mal/", browse.goal_list, name="goal_list"),
    path("mal/<int:pk>/", browse.goal_detail, name="goal_detail"),
    path("aktiviteter/", browse.activity_list, name="activity_list"),
    path("aktiviteter/ny/", activities.activity_create, name="activity_create"),
    path("aktiviteter/validera/", activities.activity_validate, name="activity_validate"),
    path("aktiviteter/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("aktiviteter/<int:pk>/redigera/", activities.activity_edit, name="activity_edit"),
    path("aktiviteter/<int:pk>/aterkalla/", activities.activity_withdraw, name="activity_withdraw"),
]
