"""What must hold before a production process serves anyone.

Django's `check --deploy` only warns about a weak SECRET_KEY (security.W009), and only when
someone runs it. A short or guessable key lets anyone who guesses it forge session cookies and
password-reset links, so Riktning refuses to start with one when DEBUG is off:

- `manage.py runserver`, `migrate` and every other command that runs the system checks stop on
  the error below (riktning.E001); in docker-compose.yml nothing else starts when `migrate` fails;
- gunicorn, which runs no system checks, loads vaxjo_riktning.wsgi, which calls
  `refuse_weak_secret_key()`.

The Celery worker and beat sign nothing (mail links carry no tokens), so they are not stopped.

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
