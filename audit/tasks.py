import logging
import smtplib

from celery import shared_task

from audit import services
from audit.verification import verify_trail

logger = logging.getLogger(__name__)


@shared_task
def anchor_head():
    """Daily (beat): check the chain, then sign its head, keep it outside the database and e-mail it."""
    report = verify_trail()
    if not report.ok:
        # The operator must see this; the head is anchored all the same, so that nothing later hides it.
        logger.error("Audit chain broken at entry #%s: %s", report.broken_id, report.problem)
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
