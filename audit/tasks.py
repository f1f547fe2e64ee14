import smtplib

from celery import shared_task

from audit import services


@shared_task
def anchor_head():
    """Daily (beat): sign the audit chain's head, keep it outside the database and e-mail it to the auditor."""
    anchor = services.write_anchor()
    if anchor is not None:
        send_anchor.delay_on_commit(anchor.pk)


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=10,
)
def send_anchor(anchor_id):
    services.send_anchor(anchor_id=anchor_id)
