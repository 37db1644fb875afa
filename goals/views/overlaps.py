"""Placeholder: suggestions while typing and the overlap review queue are being written."""

from django.http import HttpResponse


def activity_suggestions(request):
    return HttpResponse("")


def overlap_list(request):
    return HttpResponse("overlaps")


def overlap_detail(request, pk):
    return HttpResponse("overlap")


def overlap_decide(request, pk):
    return HttpResponse("decide")
