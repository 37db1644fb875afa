"""The processes that analyse text load the Swedish word forms as they start, not on a user's
first save: gunicorn's workers when they import vaxjo_riktning.wsgi, the Celery worker before it
forks its pool (vaxjo_riktning/celery.py)."""

from __future__ import annotations

import pytest
from celery.signals import worker_init

from goals.overlap import text
from vaxjo_riktning import celery

pytestmark = pytest.mark.skipif(
    not text.DICTIONARY.available(), reason="Debian's Swedish hunspell dictionary is missing"
)


@pytest.fixture
def unloaded(monkeypatch):
    dictionary = text._Dictionary()
    monkeypatch.setattr(text, "DICTIONARY", dictionary)
    return dictionary


def test_the_celery_worker_loads_the_word_forms_before_it_forks(unloaded):
    assert unloaded._dictionary is None
    receivers = [receiver() for _, receiver in worker_init.receivers]
    assert celery.load_word_forms in receivers
    celery.load_word_forms(sender=None)
    assert unloaded._dictionary is not None


def test_the_web_worker_loads_them_as_it_imports_the_application(unloaded, settings):
    import importlib
    import secrets
    import sys

    settings.SECRET_KEY = secrets.token_urlsafe(50)  # the module refuses a weak one
    sys.modules.pop("vaxjo_riktning.wsgi", None)
    importlib.import_module("vaxjo_riktning.wsgi")
    assert unloaded._dictionary is not None
