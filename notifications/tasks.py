import smtplib

from celery import shared_task

from notifications import services


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=10,
)
def send_email(email_id):
    services.send_queued_email(email_id=email_id)


@shared_task
def resend_failed():
    """Beat safety net: retry what the mail server refused after the task's own retries ran out."""
    from notifications.models import OutgoingEmail

    for email_id in OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).values_list("pk", flat=True):
        send_email.delay(email_id)
