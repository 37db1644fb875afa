"""Riktning's Celery app. Tasks live in each app's tasks.py; settings are the CELERY_* ones."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaxjo_riktning.settings")

app = Celery("vaxjo_riktning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
