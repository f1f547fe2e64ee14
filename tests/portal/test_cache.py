"""With Redis down (a real Redis URL on a port where nothing listens), pages and logins keep working."""

import pytest
from django.core.cache import cache

from tests import factories

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
