"""Celery tasks of the group itself: thin wrappers around the model's own rules."""

from __future__ import annotations

from celery import shared_task

from vaxjo_riktning.models import Unit


@shared_task
def unit_tree_rebuild_task() -> int:
    """Recompute every unit's top unit; returns how many units changed.

    Unit.save() keeps the tree right, but a bulk QuerySet.update() of parents, an import or a
    data migration does not call save(); this puts the overview's rows right again afterwards.
    Idempotent: a second run changes nothing.
    """
    return Unit.rebuild_top_units()
