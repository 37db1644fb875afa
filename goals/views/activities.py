"""Placeholder: the activity page and its forms are being written."""

from django.http import HttpResponse


def activity_detail(request, pk):
    return HttpResponse("activity")


def activity_create(request):
    return HttpResponse("new")


def activity_validate(request):
    return HttpResponse("validate")


def activity_edit(request, pk):
    return HttpResponse("edit")


def activity_withdraw(request, pk):
    return HttpResponse("withdraw")
