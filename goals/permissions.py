"""Per-object access for goals and activities: 404 for what the user may not see, 403 for what
they may see but not change."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from goals.models import Activity
from vaxjo_riktning.permissions import can_edit_activity


def get_activity_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Activity:
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user).select_related(
            "owner_unit", "process__area", "process__owner"
        ),
        pk=pk,
    )
    if write and not can_edit_activity(request.user, activity):
        raise PermissionDenied
    return activity
