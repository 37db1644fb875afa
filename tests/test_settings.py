"""Settings follow the environment: what a deployment gets from what it sets.

Each case imports the settings in a fresh Python process with only the variables given, so the
test run's own environment cannot leak in. DATABASE_URL always points at a port where nothing
listens: importing the settings and setting Django up must not need the database (and must not
start the embedded one).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from vaxjo_riktning.checks import secret_key_problem

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
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": settings.SECURE_HSTS_PRELOAD,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SILENCED_SYSTEM_CHECKS": settings.SILENCED_SYSTEM_CHECKS,
    "SESSION_COOKIE_AGE": settings.SESSION_COOKIE_AGE,
    "SESSION_IDLE_REFRESH_SECONDS": settings.SESSION_IDLE_REFRESH_SECONDS,
}))
"""


# What an operator sets: a key of 50+ random characters, debug off, the host the app answers to.
STRONG_KEY = secrets.token_urlsafe(50)
DEPLOYED = {
    "DATABASE_URL": NOWHERE,
    "SECRET_KEY": STRONG_KEY,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "riktning.vaxjo.se",
    "EMAIL_HOST": "smtp.vaxjo.se",
}


def run_settings(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run Python (the settings probe, or `args`) in a process with exactly this environment."""
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "vaxjo_riktning.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, *(args or ("-c", PROBE))],
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


# --- Deployment hardening: what `check --deploy` asks for, and a key nobody can guess ----------


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return run_settings(env, "manage.py", *args)


def test_check_deploy_finds_nothing_to_warn_about_in_production() -> None:
    # --fail-level WARNING: a warning fails the command, not only an error.
    result = manage(DEPLOYED, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_still_warns_when_hsts_is_switched_off() -> None:
    """The check above can fail: only the two documented choices are silenced, nothing else."""
    result = manage({**DEPLOYED, "SECURE_HSTS_SECONDS": "0"}, "check", "--deploy")
    assert "security.W004" in result.stderr


def test_check_deploy_passes_with_the_app_itself_redirecting_to_https() -> None:
    env = {**DEPLOYED, "SECURE_SSL_REDIRECT": "1", "SECURE_HSTS_PRELOAD": "1"}
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    # Nothing is silenced when the choice it stands for was not made.
    assert settings_with(**env)["SILENCED_SYSTEM_CHECKS"] == []


def test_https_defaults_behind_a_proxy_that_terminates_tls() -> None:
    settings = settings_with(**DEPLOYED)
    assert settings["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SECURE_HSTS_PRELOAD"] is False
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert sorted(settings["SILENCED_SYSTEM_CHECKS"]) == ["security.W008", "security.W021"]


def test_the_https_settings_follow_the_environment() -> None:
    settings = settings_with(
        **DEPLOYED,
        SECURE_HSTS_SECONDS="300",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_SSL_REDIRECT="1",
    )
    assert settings["SECURE_HSTS_SECONDS"] == 300
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SILENCED_SYSTEM_CHECKS"] == ["security.W021"]


def test_a_developer_gets_no_hsts_for_localhost() -> None:
    assert settings_with(DATABASE_URL=NOWHERE, DEBUG="1")["SECURE_HSTS_SECONDS"] == 0


def test_sessions_end_after_two_idle_hours_not_fourteen_days() -> None:
    settings = settings_with(**DEPLOYED)
    assert settings["SESSION_COOKIE_AGE"] == 2 * 60 * 60
    assert 0 < settings["SESSION_IDLE_REFRESH_SECONDS"] <= 5 * 60
    shorter = settings_with(**DEPLOYED, SESSION_IDLE_MINUTES="30")
    assert shorter["SESSION_COOKIE_AGE"] == 30 * 60
    assert shorter["SESSION_IDLE_REFRESH_SECONDS"] == 3 * 60


@pytest.mark.parametrize(
    "key",
    [
        "x",
        "settings-test-only",
        "a" * 49 + "b",  # long enough, but five distinct characters are the least
        "ab" * 40,
        "django-insecure-" + "k3vQ9x_Zr2LmT8wYb5NcJ1hGf7DpS4aE6uHo0iKe",  # startproject's
    ],
)
def test_a_weak_key_is_a_problem(key: str) -> None:
    assert secret_key_problem(key)


def test_a_random_key_of_fifty_characters_is_not() -> None:
    assert secret_key_problem(secrets.token_urlsafe(38)[:50]) is None


def test_management_commands_refuse_to_run_with_a_short_key() -> None:
    result = manage({**DEPLOYED, "SECRET_KEY": "x"}, "check")
    assert result.returncode != 0
    assert "riktning.E001" in result.stderr
    assert "SECRET_KEY is too short" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr  # how to make a good one


def test_the_web_process_refuses_to_start_with_a_short_key() -> None:
    """gunicorn runs no system checks: the WSGI module itself refuses."""
    result = run_settings({**DEPLOYED, "SECRET_KEY": "x"}, "-c", "import vaxjo_riktning.wsgi")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is too short" in result.stderr
    strong = run_settings(DEPLOYED, "-c", "import vaxjo_riktning.wsgi")
    assert strong.returncode == 0, strong.stderr


def test_a_developer_may_run_with_any_key() -> None:
    result = manage({"DATABASE_URL": NOWHERE, "DEBUG": "1", "SECRET_KEY": "x"}, "check")
    assert result.returncode == 0, result.stderr


# --- Mail: somewhere, or nowhere on purpose --------------------------------------------------


def test_production_refuses_to_start_when_mail_would_go_to_the_log() -> None:
    nowhere = {k: v for k, v in DEPLOYED.items() if k != "EMAIL_HOST"}
    result = manage({**nowhere, "EMAIL_HOST": "", "EMAIL_BACKEND": ""}, "check")
    assert result.returncode != 0
    assert "riktning.E002" in result.stderr
    assert "EMAIL_HOST is not set" in result.stderr


def test_a_backend_chosen_on_purpose_starts_without_a_mail_server() -> None:
    nowhere = {k: v for k, v in DEPLOYED.items() if k != "EMAIL_HOST"}
    dummy = {**nowhere, "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
    result = manage(dummy, "check")
    assert result.returncode == 0, result.stderr
    assert settings_with(**dummy)["EMAIL_BACKEND"] == dummy["EMAIL_BACKEND"]
    # An empty EMAIL_BACKEND, as compose passes when none is given, is no choice.
    assert settings_with(**nowhere, EMAIL_BACKEND="")["EMAIL_BACKEND"].endswith(
        "console.EmailBackend"
    )
