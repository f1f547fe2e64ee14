"""Thin Celery tasks: primary keys in, a service call, idempotent, retried on transient errors."""

from celery import shared_task
from django.db import OperationalError

# reviews.services.decision schedules render_decision_letter; importing the package (not its names) keeps
# that cycle harmless: the names are looked up when a task runs.
from reviews import services


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=10, max_retries=5)
def render_decision_letter(decision_id: int) -> None:
    services.store_decision_letter(decision_id=decision_id)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=60, max_retries=3)
def send_reminders() -> int:
    """Daily (Celery beat): reviews open too long, applications ready for a decision."""
    return services.send_reminders()
