from django.core.management.base import BaseCommand, CommandError

from declarations import services
from declarations.selectors import signatures_missing_pdf


class Command(BaseCommand):
    help = (
        "Render, here and now, the PDF of every signed Declaration still without one ten minutes after signing "
        "(what the beat task render_missing_pdfs enqueues, for when no worker runs)."
    )

    def handle(self, *args, **options):
        failed = 0
        signature_ids = list(signatures_missing_pdf().values_list("pk", flat=True))
        for signature_id in signature_ids:
            try:
                signature = services.store_signed_pdf(signature_id=signature_id)
            except Exception as error:
                # One failure must not stop the others; the operator sees each and the command fails at the end.
                failed += 1
                self.stderr.write(f"FAILED   signature {signature_id}: {error.__class__.__name__}: {error}")
            else:
                self.stdout.write(f"rendered signature {signature_id} (PDF SHA-256 {signature.pdf_sha256})")
        if failed:
            raise CommandError(f"{failed} of {len(signature_ids)} signed Declaration PDF(s) could not be rendered.")
        self.stdout.write(self.style.SUCCESS(f"{len(signature_ids)} signed Declaration PDF(s) rendered."))
