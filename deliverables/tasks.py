"""Thin Celery tasks: primary keys in, the services do the work; idempotent and retried on transient errors."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from deliverables import services

TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=10, retry_backoff_max=600, max_retries=5)
def render_adopted_pdf(vote_id):
    services.store_adopted_pdf(vote_id=vote_id)


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=10, max_retries=3)
def close_due_rounds():
    return services.process_due_rounds()


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=10, max_retries=3)
def send_closing_reminders():
    return services.send_closing_reminders()
