"""What must hold before a production process serves anyone.

Django's `check --deploy` only warns about a weak SECRET_KEY (security.W009), and only when
someone runs it. A short or guessable key lets anyone who guesses it forge session cookies and
password-reset links, so Riktning refuses to start with one when DEBUG is off:

- `manage.py runserver`, `migrate` and every other command that runs the system checks stop on
  the error below (riktning.E001); in docker-compose.yml nothing else starts when `migrate` fails;
- gunicorn, which runs no system checks, loads vaxjo_riktning.wsgi, which calls
  `refuse_weak_secret_key()`.

The Celery worker and beat sign nothing (mail links carry no tokens), so they are not stopped.

Mail, too, must go somewhere in production (riktning.E002): without EMAIL_HOST or an
EMAIL_BACKEND chosen on purpose, `migrate` stops, and in docker-compose.yml nothing starts.

Importing the settings does not refuse: the tests, mypy and the image build (collectstatic,
compilemessages) load them with a throwaway key and serve nobody.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_KEY_LENGTH = 50
# Django's own rule for a key that is not random (security.W009): at least five distinct
# characters, and not the placeholder that `startproject` writes.
MIN_SECRET_KEY_DISTINCT_CHARACTERS = 5
HOW_TO_MAKE_ONE = "Make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def secret_key_problem(key: str) -> str | None:
    """Why `key` is too weak for production, or None when it will do."""
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return (
            f"SECRET_KEY is too short: {len(key)} characters, where production needs at least "
            f"{MIN_SECRET_KEY_LENGTH} random ones."
        )
    if len(set(key)) < MIN_SECRET_KEY_DISTINCT_CHARACTERS or key.startswith("django-insecure-"):
        return "SECRET_KEY is not random: production needs a key nobody can guess."
    return None


@register(Tags.security)
def check_secret_key(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    problem = secret_key_problem(settings.SECRET_KEY)
    if problem is None:
        return []
    return [Error(problem, hint=HOW_TO_MAKE_ONE, id="riktning.E001")]


def refuse_weak_secret_key() -> None:
    """Stop a production process from starting with a weak SECRET_KEY."""
    if settings.DEBUG:
        return
    problem = secret_key_problem(settings.SECRET_KEY)
    if problem is not None:
        raise ImproperlyConfigured(f"{problem} {HOW_TO_MAKE_ONE}")


MAIL_NOWHERE = (
    "EMAIL_HOST is not set: every mail, applicants' confirmations with their names and addresses "
    "among them, would be printed to the log, and nobody would get one."
)
MAIL_HOW = (
    "Set EMAIL_HOST to the municipality's mail server, or set EMAIL_BACKEND on purpose "
    "(django.core.mail.backends.dummy.EmailBackend sends nothing)."
)


@register()
def check_mail_goes_somewhere(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """In production, mail needs a server or a backend chosen on purpose (riktning.E002). In
    docker-compose.yml `migrate` runs this check, and web, worker and beat start only after it."""
    if settings.DEBUG or settings.EMAIL_HOST_GIVEN or settings.EMAIL_BACKEND_CHOSEN:
        return []
    return [Error(MAIL_NOWHERE, hint=MAIL_HOW, id="riktning.E002")]
