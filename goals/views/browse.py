"""Placeholder: the goal list, goal page and activity list are being written."""

from django.http import HttpResponse


def goal_list(request):
    return HttpResponse("goal list")


def goal_detail(request, pk):
    return HttpResponse("goal")


def activity_list(request):
    return HttpResponse("activities")
