"""Celery tasks of the goal chain: thin wrappers that load rows and call a service."""

from __future__ import annotations

from celery import shared_task

from goals.models import Activity
from goals.services import activity_notify_cooperating_units


@shared_task
def activity_notify_cooperating_units_task(activity_id: int, unit_ids: list[int]) -> int:
    """Tell the editors of newly named co-operating units; returns how many mails were sent."""
    activity = Activity.objects.select_related("owner_unit").filter(pk=activity_id).first()
    if activity is None:  # gone before the worker got to it: nothing to tell
        return 0
    return activity_notify_cooperating_units(activity=activity, unit_ids=unit_ids)
