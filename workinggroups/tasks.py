from celery import shared_task
from django.db import OperationalError

from workinggroups import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=5, max_retries=5)
def close_due_ballots():
    """Beat, every minute: open the ballots that are due to open, close (and count) those due to close."""
    opened, closed = services.process_due_ballots()
    return {"opened": opened, "closed": closed}
