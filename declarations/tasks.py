from celery import shared_task
from django.db import InterfaceError, OperationalError

from declarations import services

# What goes away by itself: storage or network trouble (OSError covers ConnectionError and TimeoutError) and
# a database connection lost or a lock that timed out. Anything else is retried by render_missing_pdfs.
# A failed rendering is logged (at error) by services.store_signed_pdf.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=10, retry_backoff_max=600, max_retries=5)
def render_signed_declaration(signature_id: int) -> None:
    services.store_signed_pdf(signature_id=signature_id)


@shared_task
def render_missing_pdfs() -> list[int]:
    """Beat safety net: render again every signed Declaration still without its PDF after ten minutes,
    whatever stopped the first attempt. Rendering is idempotent, so a duplicate task stores nothing twice."""
    return services.enqueue_missing_pdfs()
