"""With Redis away the pages keep working: the cache answers as an empty one (reads miss, writes
are skipped) and says so once a minute in the log, not once a request."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import RedisError

from vaxjo_riktning.cache import ResilientRedisCache

pytestmark = pytest.mark.django_db

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture
def redis_away(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "vaxjo_riktning.cache.ResilientRedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    ResilientRedisCache._warned_at = 0.0


def test_the_cached_pages_answer_while_redis_is_away(client, chief, redis_away, caplog):
    client.force_login(chief)
    with caplog.at_level(logging.WARNING, logger="riktning.cache"):
        for url in (reverse("overview"), reverse("goals:followup"), reverse("goals:overlap_list")):
            assert client.get(url).status_code == 200
    warnings = [r for r in caplog.records if r.name == "riktning.cache"]
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()


def test_reads_miss_writes_are_skipped_and_counters_still_raise(redis_away):
    cache.set("riktning:test", 1, None)
    assert cache.get("riktning:test", "missing") == "missing"
    assert cache.get_or_set("riktning:test", lambda: 42) == 42
    assert cache.add("riktning:test", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(RedisError):
        cache.incr("riktning:counter")
