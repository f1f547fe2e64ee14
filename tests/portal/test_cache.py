"""With Redis down (a real Redis URL on a port where nothing listens), pages and logins keep working."""

import os

import pytest
from django.core.cache import cache

from common import table_versions
from portal.cache import ResilientRedisCache
from tests import factories
from tests.conftest import free_loopback_port

pytestmark = pytest.mark.django_db


def test_login_with_redis_down_logs_in(client, redis_down, caplog):
    user = factories.UserFactory()

    response = client.post("/accounts/login/", {"login": user.email, "password": factories.PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Redis cache unreachable" in caplog.text


def test_login_rate_limit_with_redis_down_still_counts_in_memory(client, redis_down):
    user = factories.UserFactory(email="target@example.eu")
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-password"})

    response = client.post("/accounts/login/", {"login": user.email, "password": factories.PASSWORD})

    assert "Too many failed login attempts" in response.content.decode()


def test_pages_with_redis_down_answer(client, redis_down, applicant):
    assert client.get("/").status_code == 200
    client.force_login(applicant)
    assert client.get("/applications/").status_code == 200


def test_healthz_with_redis_down_reports_the_cache(client, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert (response.json()["cache"], response.json()["database"]) == ("error", "ok")


def test_cache_with_redis_down_answers_from_memory(redis_down):
    cache.set("k", "v")
    assert cache.get("k") == "v"
    assert cache.add("n", 1) and cache.incr("n") == 2


@pytest.mark.redis
def test_redis_back_after_an_outage_forgets_every_kept_page():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: runs in CI's PostgreSQL + Redis pass")
    live_url = os.environ["REDIS_URL"]
    everything = table_versions.PREFIX + table_versions.EVERYTHING
    witness = ResilientRedisCache(live_url, {})
    witness.set(everything, "before the outage", None)
    worker = ResilientRedisCache(f"redis://127.0.0.1:{free_loopback_port()}/0", {})
    worker.set("written-during-the-outage", 1)  # Redis unreachable: kept in this process's memory
    # The network heals: the same cache reaches Redis again (and is no longer waiting to retry).
    worker._servers = [live_url]
    del worker.__dict__["_cache"]
    worker._down_until = 0.0
    worker.get("anything")
    assert witness.get(everything) != "before the outage"
