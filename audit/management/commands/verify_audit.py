from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.anchors import read_anchor
from audit.verification import verify_against, verify_trail


class Command(BaseCommand):
    help = (
        "Check the audit trail's hash chain from its first entry; with --against, also check that the trail "
        "still holds the head recorded in a signed digest file. Exits non-zero on the first broken entry."
    )

    def add_arguments(self, parser):
        parser.add_argument("--against", type=Path, action="append", default=[], help="a digest file (repeatable)")

    def handle(self, *args, against, **options):
        report = verify_trail()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at entry #{report.broken_id}: {report.problem} "
                f"({report.checked} entries before it are intact)."
            )
        for path in against:
            try:
                anchor = read_anchor(path)
            except ValueError as error:
                raise CommandError(str(error)) from error
            if not anchor.signature_valid():
                raise CommandError(f"{path}: the digest's signature is invalid (forged file or another key).")
            problem = verify_against(anchor)
            if problem:
                raise CommandError(f"{path}: {problem}.")
            self.stdout.write(f"{path}: entry #{anchor.entry_id} of {anchor.anchored_at} is intact.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {report.checked} entries, head #{report.head_id} {report.head_hash}."
            )
        )
