import socket

from django.core.cache import caches
from django.test import override_settings
from django.utils.module_loading import import_string


def test_healthz_reports_each_dependency(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["broker"] in {"ok", "eager"}


def free_loopback_port():
    """A port the kernel just handed out and took back: nothing listens there, so connections are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_503_when_the_cache_is_unreachable(client, db, settings):
    dead_location = f"redis://127.0.0.1:{free_loopback_port()}/0"
    dead_redis = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": dead_location}}

    # override_settings sends setting_changed, on which Django closes the cache connections and rebuilds
    # `caches` from the new CACHES, on entry and again on exit: the dead Redis is used here and nowhere else.
    with override_settings(CACHES=dead_redis):
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("error", "ok", "error")
    assert body["broker"] in {"ok", "eager"}
    restored = caches["default"]
    assert isinstance(restored, import_string(settings.CACHES["default"]["BACKEND"]))
    assert dead_location not in getattr(restored, "_servers", [])
    assert client.get("/healthz").status_code == 200
