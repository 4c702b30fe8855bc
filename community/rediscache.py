"""The shared cache, which the portal can do without: while Redis cannot be reached it behaves
as an empty cache that keeps nothing, so pages are built afresh, rate limits and the one-time
form tokens let the request through, and nobody sees a server error; each miss is logged.
When Redis is back the same connection pool reconnects by itself (django-redis calls this
IGNORE_EXCEPTIONS; Django's own Redis backend raises instead)."""

import contextlib
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)  # not a wrong command or a wrong value type


@contextlib.contextmanager
def _unless_unreachable(operation: str):
    try:
        yield
    except UNREACHABLE as error:
        logger.warning("shared cache unreachable, %s skipped: %s", operation, error)


class ForgivingRedisCache(RedisCache):
    def add(self, key, value, timeout=None, version=None):
        with _unless_unreachable("add"):
            return super().add(key, value, timeout, version)
        return True  # an empty cache takes every new key

    def get(self, key, default=None, version=None):
        with _unless_unreachable("get"):
            return super().get(key, default, version)
        return default

    def set(self, key, value, timeout=None, version=None):
        with _unless_unreachable("set"):
            super().set(key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        with _unless_unreachable("touch"):
            return super().touch(key, timeout, version)
        return False

    def delete(self, key, version=None):
        with _unless_unreachable("delete"):
            return super().delete(key, version)
        return False

    def get_many(self, keys, version=None):
        with _unless_unreachable("get_many"):
            return super().get_many(keys, version)
        return {}

    def has_key(self, key, version=None):
        with _unless_unreachable("has_key"):
            return super().has_key(key, version)
        return False

    def incr(self, key, delta=1, version=None):
        with _unless_unreachable("incr"):
            return super().incr(key, delta, version)
        raise ValueError(f"Key '{key}' not found.")  # what Django says of a missing key

    def set_many(self, data, timeout=None, version=None):
        with _unless_unreachable("set_many"):
            return super().set_many(data, timeout, version)
        return list(data)  # the keys not kept

    def delete_many(self, keys, version=None):
        with _unless_unreachable("delete_many"):
            super().delete_many(keys, version)

    def clear(self):
        with _unless_unreachable("clear"):
            return super().clear()
        return False
