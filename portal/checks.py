"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

import os

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


@register(Tags.security, deploy=True)
def audit_anchor_key_is_configured(app_configs, **kwargs):
    # The daily anchor of the audit chain is signed with a key the database does not hold; without it the
    # anchor task refuses to run and a complete rewrite of the trail goes undetected.
    if settings.DEBUG or getattr(settings, "AUDIT_ANCHOR_KEY", ""):
        return []
    return [
        Warning(
            "AUDIT_ANCHOR_KEY is not set: the audit trail's head cannot be anchored outside the database.",
            hint="Set AUDIT_ANCHOR_KEY (a long random value kept outside the database) and AUDIT_AUDITOR_EMAIL.",
            id="portal.W002",
        )
    ]


@register(Tags.security, deploy=True)
def ballot_seal_key_is_configured(app_configs, **kwargs):
    # Without its own key the secret ballots are sealed with SECRET_KEY: rotating that key (after a leak, say)
    # would then make every open secret ballot look tampered with unless the old key stays as a fallback.
    if settings.DEBUG or os.environ.get("BALLOT_SEAL_KEY"):
        return []
    return [
        Warning(
            "BALLOT_SEAL_KEY is not set: secret ballots are sealed with SECRET_KEY, which then cannot rotate freely.",
            hint="Set BALLOT_SEAL_KEY (a long random value); list retired ones in BALLOT_SEAL_KEY_FALLBACKS.",
            id="portal.W003",
        )
    ]
