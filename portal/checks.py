"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def redis_is_configured(app_configs, **kwargs):
    # Without Redis every gunicorn worker keeps its own login rate-limit counters (an attacker gets
    # N times the attempts) and Celery runs tasks inside web requests: both are wrong in production.
    if settings.DEBUG or getattr(settings, "REDIS_URL", ""):
        return []
    return [
        Warning(
            "REDIS_URL is not set: login rate limits are per process and Celery tasks run inside web requests.",
            hint="Set REDIS_URL (docker-compose.yml does) so that the cache and the Celery broker are shared.",
            id="portal.W001",
        )
    ]
