"""Placeholder: the counteraction and gap lists are being written."""

from django.http import HttpResponse


def counteraction_list(request):
    return HttpResponse("counteraction")


def gap_list(request):
    return HttpResponse("gaps")
