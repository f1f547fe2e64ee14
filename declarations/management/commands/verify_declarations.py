from django.core.management.base import BaseCommand, CommandError

from declarations.models import Signature
from declarations.services import verify


class Command(BaseCommand):
    help = "Check every signed Declaration (text and PDFs) against the fingerprints recorded at signing."

    def handle(self, *args, **options):
        broken = 0
        signatures = Signature.objects.select_related("declaration_version", "organisation").order_by("pk")
        for signature in signatures.iterator(chunk_size=200):
            result = verify(signature)
            if result.intact:
                self.stdout.write(f"ok       signature {signature.pk} ({signature.organisation})")
            else:
                broken += 1
                for problem in result.problems:
                    self.stdout.write(f"TAMPERED signature {signature.pk} ({signature.organisation}): {problem}")
        if broken:
            raise CommandError(f"{broken} signed Declaration(s) failed verification.")
        self.stdout.write(self.style.SUCCESS("All signed Declarations are intact."))
