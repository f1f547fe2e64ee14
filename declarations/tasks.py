from celery import shared_task

from declarations import services


@shared_task(autoretry_for=(OSError,), retry_backoff=10, max_retries=5)
def render_signed_declaration(signature_id):
    services.store_signed_pdf(signature_id=signature_id)
