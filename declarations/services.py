"""Signing the Declaration, rendering the signed PDF, and proving that neither changed since."""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from declarations.models import Signature
from declarations.selectors import current_declaration_version
from documents.pdf import render_pdf, sha256_hex
from documents.validators import validate_pdf_upload


@transaction.atomic
def sign(*, application, by, signatory_name, signatory_position, scan=None):
    """Sign the alliance's current Declaration for a draft application; the PDF is rendered after commit."""
    if not application.is_editable:
        raise PermissionDenied(_("A submitted application can no longer be changed."))
    version = current_declaration_version(application.alliance)
    if version is None:
        raise ValidationError(_("This alliance has no published Declaration."))
    signature = Signature(
        application=application,
        organisation=application.organisation,
        declaration_version=version,
        signatory_name=signatory_name,
        signatory_position=signatory_position,
        signed_by=by,
        signed_at=timezone.now(),
        text_signed=version.text,
        text_sha256=sha256_hex(version.text),
    )
    signature.save()
    if scan is not None:
        content = validate_pdf_upload(scan)
        signature.scan_sha256 = hashlib.sha256(content).hexdigest()
        signature.scan.save("scan.pdf", scan, save=False)
        signature.save(update_fields=["scan", "scan_sha256"])
    record(
        actor=by,
        action="declaration.signed",
        target=application,
        data={"signature": signature.pk, "version": version.version, "text_sha256": signature.text_sha256},
    )
    from declarations.tasks import render_signed_declaration

    render_signed_declaration.delay_on_commit(signature.pk)
    return signature


def render_signed_declaration_pdf(signature):
    return render_pdf("declarations/pdf/signed_declaration.html", {"signature": signature})


@transaction.atomic
def store_signed_pdf(*, signature_id):
    """Render and store the signed Declaration's PDF once; a second call leaves the record as it is."""
    signature = (
        Signature.objects.select_for_update()
        .select_related("organisation", "declaration_version__alliance", "application")
        .get(pk=signature_id)
    )
    if signature.pdf_ready:
        return signature
    pdf_bytes = render_signed_declaration_pdf(signature)
    signature.pdf_sha256 = hashlib.sha256(pdf_bytes).hexdigest()
    signature.pdf.save("declaration.pdf", ContentFile(pdf_bytes), save=False)
    signature.save(update_fields=["pdf", "pdf_sha256"])
    return signature


@dataclass
class Verification:
    signature: Signature
    problems: list = field(default_factory=list)

    @property
    def intact(self):
        return not self.problems


def verify(signature):
    """Check that the signed text and the stored PDFs are exactly what was recorded at signing."""
    problems = []
    if sha256_hex(signature.text_signed) != signature.text_sha256:
        problems.append(_("The signed text no longer matches its fingerprint."))
    if signature.text_signed != signature.declaration_version.text:
        problems.append(_("The signed text differs from the Declaration version it names."))
    if signature.pdf_sha256:
        if not signature.pdf or not signature.pdf.storage.exists(signature.pdf.name):
            problems.append(_("The signed PDF is missing."))
        elif _file_sha256(signature.pdf) != signature.pdf_sha256:
            problems.append(_("The signed PDF no longer matches its fingerprint."))
    else:
        problems.append(_("The signed PDF has not been rendered yet."))
    if signature.scan_sha256 and _file_sha256(signature.scan) != signature.scan_sha256:
        problems.append(_("The scan of the hand-signed copy no longer matches its fingerprint."))
    return Verification(signature=signature, problems=problems)


def _file_sha256(field_file):
    digest = hashlib.sha256()
    with field_file.storage.open(field_file.name, "rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
