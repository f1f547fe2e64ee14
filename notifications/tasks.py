import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from notifications import services
from notifications.models import OutgoingEmail

logger = logging.getLogger(__name__)

# What the mail server or the network may get over by itself: retried with a growing delay.
TRANSIENT_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=10,
)
def send_email(self, email_id: int) -> None:
    try:
        services.send_queued_email(email_id=email_id)
    except TRANSIENT_ERRORS as error:
        attempt = self.request.retries + 1
        if self.request.retries >= self.max_retries:
            # resend_failed (beat) tries again later; the operator should look at the mail server now.
            logger.error("E-mail %s not delivered after %s attempts, giving up: %s", email_id, attempt, error)
        else:
            logger.warning("E-mail %s not delivered (attempt %s), retrying: %s", email_id, attempt, error)
        raise


# An e-mail still queued after this long lost its task (the broker was down when it was enqueued).
STALE_QUEUED_AFTER = timedelta(minutes=15)


@shared_task
def resend_failed() -> None:
    """Beat safety net: send again what the mail server refused after the task's own retries ran out,
    and what never reached a worker. Sending is idempotent, so a duplicate task sends nothing twice."""
    unsent = OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.FAILED)
        | Q(status=OutgoingEmail.Status.QUEUED, created_at__lt=timezone.now() - STALE_QUEUED_AFTER)
    )
    email_ids = list(unsent.values_list("pk", flat=True))
    if email_ids:
        logger.warning("Sending %s unsent e-mails again", len(email_ids))
    for email_id in email_ids:
        send_email.delay(email_id)
