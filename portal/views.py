from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from alliances.selectors import open_alliances
from common.page_cache import personal_page, public_page
from portal.celery import app
from portal.home import sections_for


@require_safe
@public_page
@personal_page
def home(request):
    """The public front page; signed in, the person's own home: what needs them now, per role."""
    if request.user.is_authenticated:
        return render(request, "portal/dashboard.html", {"sections": sections_for(request.user)})
    return render(request, "home.html", {"alliances": open_alliances()})


@never_cache
@require_safe
def healthz(request):
    """The state of the database, the cache and the broker, for the load balancer and compose health checks."""
    checks = {"database": _check_database(), "cache": _check_cache(), "broker": _check_broker()}
    healthy = all(state in {"ok", "eager"} for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "error"
    return "ok"


def _check_cache():
    # The resilient Redis cache answers from memory while Redis is down: ask it whether Redis answers.
    reachable = getattr(cache, "redis_reachable", None)
    if reachable is not None:
        return "ok" if reachable() else "error"
    try:
        cache.set("healthz", "1", 5)
        return "ok" if cache.get("healthz") == "1" else "error"
    except Exception:
        return "error"


def _check_broker():
    if app.conf.task_always_eager:
        return "eager"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "error"
    return "ok"
