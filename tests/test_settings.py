"""Settings follow the environment: what a deployment gets from what it sets.

Each case imports the settings in a fresh Python process with only the variables given, so the
test run's own environment cannot leak in. DATABASE_URL always points at a port where nothing
listens: importing the settings and setting Django up must not need the database (and must not
start the embedded one).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOWHERE = "postgres://riktning@127.0.0.1:9/riktning"
PRODUCTION = {"DATABASE_URL": NOWHERE, "SECRET_KEY": "settings-test-only"}

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from vaxjo_riktning.celery import app
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    "LANGUAGES": [code for code, _ in settings.LANGUAGES],
    "CELERY_TASK_ALWAYS_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    "celery_task_always_eager": app.conf.task_always_eager,
    "celery_task_eager_propagates": app.conf.task_eager_propagates,
    "celery_broker_url": app.conf.broker_url,
    "celery_task_time_limit": app.conf.task_time_limit,
    "CACHES": settings.CACHES,
    "EMAIL_BACKEND": settings.EMAIL_BACKEND,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "STATICFILES_BACKEND": settings.STORAGES["staticfiles"]["BACKEND"],
    "CSP": settings.CONTENT_SECURITY_POLICY,
    "PASSWORD_HASHERS": settings.PASSWORD_HASHERS,
}))
"""


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "vaxjo_riktning.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@cache
def _settings(items: tuple[tuple[str, str], ...]) -> dict:
    result = run_settings(dict(items))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def settings_with(**env: str) -> dict:
    """The settings a process gets with exactly this environment (cached per environment)."""
    return _settings(tuple(sorted(env.items())))


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = run_settings({"DATABASE_URL": NOWHERE})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_debug_runs_without_a_secret_key() -> None:
    assert settings_with(DATABASE_URL=NOWHERE, DEBUG="1")["DEBUG"] is True


def test_an_external_database_means_production_defaults() -> None:
    settings = settings_with(**PRODUCTION)
    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["STATICFILES_BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_production_hashes_passwords_slowly_as_django_does() -> None:
    """The tests' MD5 (tests/conftest.py) is theirs alone."""
    hashers = settings_with(**PRODUCTION)["PASSWORD_HASHERS"]
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert not any("MD5" in hasher for hasher in hashers)


def test_without_redis_tasks_run_in_process_and_mail_goes_to_the_console() -> None:
    settings = settings_with(**PRODUCTION)
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is True
    assert settings["CELERY_BROKER_URL"] == "memory://"
    # What the Celery app itself does, not only what settings say.
    assert settings["celery_task_always_eager"] is True
    assert settings["celery_task_eager_propagates"] is True
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert "redis" not in json.dumps(settings["CACHES"]).lower()


def test_with_redis_tasks_go_to_redis_as_the_broker() -> None:
    redis_url = "redis://redis.example:6379/3"
    settings = settings_with(**PRODUCTION, REDIS_URL=redis_url)
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is False
    assert settings["CELERY_BROKER_URL"] == redis_url
    assert settings["celery_task_always_eager"] is False
    assert settings["celery_broker_url"] == redis_url
    assert settings["celery_task_time_limit"] > 0
    assert settings["CACHES"]["default"]["LOCATION"] == redis_url


def test_an_email_host_sends_mail_by_smtp() -> None:
    settings = settings_with(**PRODUCTION, EMAIL_HOST="smtp.example.se")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_swedish_is_the_default_language_and_english_the_other() -> None:
    settings = settings_with(**PRODUCTION)
    assert settings["LANGUAGE_CODE"] == "sv"
    assert settings["LANGUAGES"] == ["sv", "en"]


def test_the_content_security_policy_allows_only_the_app_itself() -> None:
    directives = settings_with(**PRODUCTION)["CSP"]["DIRECTIVES"]
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    for name, sources in directives.items():
        # No host, no scheme wildcard and no unsafe-inline/eval: nothing from a CDN.
        assert set(sources) <= {"'self'", "'none'", "data:"}, f"{name} allows {sources}"
