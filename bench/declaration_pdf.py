"""Render the signed-Declaration PDF N times and print the median time.

.venv/bin/python bench/declaration_pdf.py [N]   (default 20)
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from alliances.models import Alliance  # noqa: E402
from applications.models import Application  # noqa: E402
from declarations.models import Signature  # noqa: E402
from declarations.selectors import current_declaration_version  # noqa: E402
from declarations.services import render_signed_declaration_pdf  # noqa: E402
from documents.pdf import sha256_hex  # noqa: E402
from organisations.models import Organisation  # noqa: E402


def unsaved_signature():
    """A realistic signature built in memory: the benchmark measures rendering, not the database."""
    alliance = Alliance(name="Alliance on Processors and Semiconductor Technologies", short_name="Semiconductors")
    version = current_declaration_version(Alliance.objects.get(slug="semiconductors")) if _has_db() else None
    text = version.text if version else "Declaration text. " * 200
    organisation = Organisation(
        legal_name="Eindhoven Photonic Foundry B.V.", registration_number="KVK 17123456", country="NL"
    )
    application = Application(pk=1, organisation=organisation, alliance=alliance)
    return Signature(
        application=application,
        organisation=organisation,
        declaration_version=version or _version(alliance, text),
        signatory_name="Dr. Helena Schmidt",
        signatory_position="Managing Director",
        signed_by=User(email="eva@example.eu"),
        signed_at=timezone.now(),
        text_signed=text,
        text_sha256=sha256_hex(text),
    )


def _version(alliance, text):
    from declarations.models import DeclarationVersion  # noqa: PLC0415 - after django.setup() in main()

    return DeclarationVersion(alliance=alliance, version=1, title=f"Declaration — {alliance.name}", text=text)


def _has_db():
    try:
        return Alliance.objects.filter(slug="semiconductors").exists()
    except Exception:
        return False


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    signature = unsaved_signature()
    render_signed_declaration_pdf(signature)  # warm-up: fonts and templates load once per process
    timings = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(render_signed_declaration_pdf(signature))
        timings.append(time.perf_counter() - start)
    print(f"signed Declaration PDF (PDF/A-3b), {runs} renders")
    print(
        f"median {statistics.median(timings) * 1000:.1f} ms, min {min(timings) * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms, size {size / 1024:.1f} KiB"
    )


if __name__ == "__main__":
    main()
