"""The sub-optimisation pages' routes: included by goals/urls.py at the site's root without a
namespace of their own, so their paths and names stay /overlappningar/…, goals:overlap_list and
so on."""

from django.urls import path

from goals.overlap import views

urlpatterns = [
    # Activities like the one being typed, for the activity form's panel.
    path("aktiviteter/liknande/", views.activity_suggestions, name="activity_suggestions"),
    # Overlapping activities: the review queue, one pair and its decision, and a case.
    path("overlappningar/", views.overlap_list, name="overlap_list"),
    path("overlappningar/<int:pk>/", views.overlap_detail, name="overlap_detail"),
    path("overlappningar/fall/<int:key>/", views.overlap_case, name="overlap_case"),
    path("overlappningar/<int:pk>/beslut/", views.overlap_decide, name="overlap_decide"),
    # Counteraction between units, and gaps.
    path("motverkan/", views.counteraction_list, name="counteraction_list"),
    path("luckor/", views.gap_list, name="gap_list"),
]
