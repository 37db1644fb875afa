"""Riktning's Celery app. Tasks live in each app's tasks.py; settings are the CELERY_* ones."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vaxjo_riktning.settings")

app = Celery("vaxjo_riktning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The worker tells /readyz/ and its health check that it lives (vaxjo_riktning/heartbeat.py).
app.steps["worker"].add("vaxjo_riktning.heartbeat:WorkerHeartbeat")
