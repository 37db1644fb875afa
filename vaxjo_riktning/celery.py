"""Riktning's Celery app. Tasks live in each app's tasks.py; settings are the CELERY_* ones."""

import os

from celery import Celery
from celery.signals import task_failure, task_postrun, task_prerun, worker_init

from vaxjo_riktning import tasklog

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaxjo_riktning.settings")

app = Celery("vaxjo_riktning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The worker tells /readyz/ and its health check that it lives (vaxjo_riktning/heartbeat.py).
app.steps["worker"].add("vaxjo_riktning.heartbeat:WorkerHeartbeat")

# One log line per task (vaxjo_riktning/tasklog.py), in the worker and for eager calls alike.
task_prerun.connect(tasklog.task_started, dispatch_uid="riktning_task_started")
task_failure.connect(tasklog.task_failed, dispatch_uid="riktning_task_failed")
task_postrun.connect(tasklog.task_finished, dispatch_uid="riktning_task_finished")


def load_word_forms(**_kwargs) -> None:
    """Before the worker forks its pool, so that each process shares them: the incremental scan
    after a save analyses text with the Swedish word forms (about 3 s to load)."""
    from goals.overlap.text import DICTIONARY

    DICTIONARY.load()


worker_init.connect(load_word_forms, dispatch_uid="riktning_load_word_forms")
