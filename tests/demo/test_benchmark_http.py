"""`manage.py benchmark --http`: the pages, the suggestions and the floor timed through gunicorn
serving the test's own database, with the query counts still read in-process."""

from __future__ import annotations

import io
import json
import re
import secrets
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db(transaction=True)


def own_redis_database(url: str) -> str:
    """Redis database 13 of the same server: the cold overview clears the whole cache, which
    must not be the broker that another test's Celery worker reads."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/13"))


def test_pages_through_gunicorn(redis_url, settings, tmp_path):
    planted = tmp_path / "planted.json"
    call_command(
        "generate_group",
        units=6,
        goals=12,
        activities=60,
        planted_duplicates=2,
        planted_file=planted,
        stdout=io.StringIO(),
    )
    cache_url = own_redis_database(redis_url)
    # gunicorn runs with DEBUG off, whose checks refuse a short key; the sessions the benchmark
    # makes here are signed with the key it is given.
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.REDIS_URL = cache_url
    settings.CACHES = {
        "default": {"BACKEND": "vaxjo_riktning.cache.ResilientRedisCache", "LOCATION": cache_url}
    }
    # As in production: collected into a folder of the test's own, served by hashed name.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    out = io.StringIO()
    call_command(
        "benchmark",
        "--http",
        "--repeat",
        "2",
        "--skip-scan",
        "--skip-reports",
        "--json",
        "--recall-sample",
        "2",
        planted_file=planted,
        stdout=out,
        stderr=io.StringIO(),
    )
    report = json.loads(out.getvalue())

    assert report["served_by"] == "gunicorn, 2 workers"
    assert re.fullmatch(r"/static/css/riktning\.[0-9a-f]{12}\.css", report["floor"]["url"])
    floor = report["floor"]["median_ms"]
    assert floor > 0
    assert {"overview", "overview, nothing cached", "rollout matrix"} <= set(report["pages"])
    timed = {**report["pages"], "suggestions (endpoint)": report["suggestions"]["endpoint"]}
    for name, page in timed.items():
        # gunicorn answered each page (a non-200 stops the command), and the in-process request
        # beside it counted the queries.
        assert page["queries"] > 0, name
        assert page["floor_ratio"] == round(page["p95_ms"] / floor, 1)
    assert report["pages"]["overview"]["floor_ratio_target"] == 10
    assert report["pages"]["goal list"]["floor_ratio_target"] == 30
    assert report["suggestions"]["endpoint"]["floor_ratio_target"] == 25
    # gunicorn is stopped when the command ends.
    with pytest.raises(requests.ConnectionError):
        requests.get(report["server"] + "/healthz/", timeout=2)


def test_http_needs_production_settings(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("benchmark", "--http", stdout=io.StringIO(), stderr=io.StringIO())
    settings.DEBUG = False
    settings.REDIS_URL = ""
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("benchmark", "--http", stdout=io.StringIO(), stderr=io.StringIO())
