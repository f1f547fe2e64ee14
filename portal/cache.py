"""A Redis cache that keeps the site up when Redis is down.

The cache holds allauth's login rate limits. With Redis unreachable, every call falls back to a cache in
this process's memory (limits still count, per process) and a warning is logged, instead of answering 500.
After a failure Redis is left alone for a few seconds, so a down Redis costs one timeout, not one per call.
`/healthz` asks `redis_reachable()` and reports the cache as an error meanwhile.
"""

import logging
import time
import uuid

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from common import table_versions

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
RETRY_AFTER_SECONDS = 5.0


def _resilient(name):
    def method(self, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
            except REDIS_DOWN as error:
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                self._was_down = True
                logger.warning("Redis cache unreachable (%s); using this process's memory for now", error)
            else:
                if self._was_down:
                    self._back_up()
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class ReusedClients(RedisCacheClient):
    """One `redis.Redis` per connection pool. Django builds a new one for every cache call, and each builds its
    table of some 170 reply handlers: a signed-in request, three cache calls, spent 0.5 ms on them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            # A redis.Redis is safe to share between threads: each command takes a connection from the pool.
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
        self._fallback = LocMemCache(f"fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0
        self._was_down = False

    def _back_up(self) -> None:
        """Redis answers again. Writes this process made meanwhile moved their tables' versions in its own
        memory only, so the pages kept in Redis from before may be stale: all of them are forgotten at once
        (common.table_versions.EVERYTHING)."""
        self._was_down = False
        try:
            super().set(table_versions.PREFIX + table_versions.EVERYTHING, uuid.uuid4().hex, None)
        except REDIS_DOWN:
            self._was_down = True
            return
        logger.warning("Redis cache reachable again; pages kept before the outage are forgotten")

    def shared(self) -> bool:
        """Whether calls go to Redis, which every worker shares (not to this process's memory meanwhile)."""
        return time.monotonic() >= self._down_until

    def redis_reachable(self) -> bool:
        try:
            return bool(self._cache.get_client(write=True).ping())
        except REDIS_DOWN:
            return False

    add = _resilient("add")
    get = _resilient("get")
    set = _resilient("set")
    touch = _resilient("touch")
    delete = _resilient("delete")
    get_many = _resilient("get_many")
    has_key = _resilient("has_key")
    incr = _resilient("incr")
    set_many = _resilient("set_many")
    delete_many = _resilient("delete_many")
    clear = _resilient("clear")
