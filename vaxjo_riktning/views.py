"""Placeholder: the overview and unit pages are being written."""

from django.http import HttpResponse


def overview(request):
    return HttpResponse("overview")


def unit_list(request):
    return HttpResponse("units")


def unit_detail(request, slug):
    return HttpResponse("unit")
