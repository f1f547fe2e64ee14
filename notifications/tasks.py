import smtplib
from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from notifications import services


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=10,
)
def send_email(email_id):
    services.send_queued_email(email_id=email_id)


# An e-mail still queued after this long lost its task (the broker was down when it was enqueued).
STALE_QUEUED_AFTER = timedelta(minutes=15)


@shared_task
def resend_failed():
    """Beat safety net: send again what the mail server refused after the task's own retries ran out,
    and what never reached a worker. Sending is idempotent, so a duplicate task sends nothing twice."""
    from notifications.models import OutgoingEmail

    unsent = OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.FAILED)
        | Q(status=OutgoingEmail.Status.QUEUED, created_at__lt=timezone.now() - STALE_QUEUED_AFTER)
    )
    for email_id in unsent.values_list("pk", flat=True):
        send_email.delay(email_id)
