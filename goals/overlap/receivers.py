"""An activity's analysed text is written with the activity, in the same transaction, whatever
wrote it (the app's services, the admin, a script): the live search finds it at once. Bulk
writes that send no signal (imports' bulk_create, the demo, the synthetic group) are analysed by
the overlap scan that follows them, which redoes any document whose text has changed."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from goals.models import Activity
from goals.overlap import documents


@receiver(post_save, sender=Activity, dispatch_uid="overlap_document_on_save")
def analyse_saved_activity(sender, instance: Activity, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the rows may not be complete yet
        return
    documents.refresh([instance.pk])
