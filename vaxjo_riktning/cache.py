"""The cache when Redis is away: pages keep working.

Riktning keeps worked-out pages and fingerprints in the cache (the overview, the follow-up, the
review queue). With Redis stopped, Django's RedisCache raises on every read and write, and every
page that caches answers 500. ResilientRedisCache answers as an empty cache instead: a read
misses, a write is skipped, and one warning is logged a minute, not one a request. Counters
(incr, decr) still raise: a rate limit must know that it did not count, and keeps its own count
meanwhile (recruitment/ratelimits.py).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("riktning.cache")

# At most one warning this often, per process.
WARN_EVERY_SECONDS = 60


class ResilientRedisCache(RedisCache):
    _warned_at = 0.0

    def _unavailable(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._warned_at >= WARN_EVERY_SECONDS:
            ResilientRedisCache._warned_at = now
            logger.warning(
                "The cache (Redis) is unavailable; pages are worked out without it (%s: %s)",
                operation,
                error,
            )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._unavailable("get", error)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict:
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self._unavailable("get_many", error)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except RedisError as error:
            self._unavailable("has_key", error)
            return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._unavailable("set", error)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self._unavailable("add", error)
            return False

    def set_many(
        self, data: dict, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list:
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            self._unavailable("set_many", error)
            return list(data)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            self._unavailable("touch", error)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except RedisError as error:
            self._unavailable("delete", error)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError as error:
            self._unavailable("delete_many", error)

    def clear(self) -> None:
        try:
            super().clear()
        except RedisError as error:
            self._unavailable("clear", error)
