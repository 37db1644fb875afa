"""Placeholder: the activity import page is being written."""

from django.http import HttpResponse


def activity_import(request):
    return HttpResponse("import")
