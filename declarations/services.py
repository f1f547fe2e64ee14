"""Signing the Declaration, rendering the signed PDF, and proving that neither changed since.

Every fingerprint is written twice: into the signature's row, and into the audit trail, which is
append-only (on PostgreSQL a trigger refuses any change). Whoever rewrites a file and the hash in its row
still cannot rewrite the trail, so verify() compares the two.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model, Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.languages import language_of
from accounts.models import User
from accounts.permissions import require
from applications.content import content_fingerprint
from applications.models import Application
from applications.selectors import missing_before_declaration
from audit.models import AuditEntry
from audit.services import record
from declarations.models import DeclarationVersion, Signature
from declarations.selectors import current_declaration_version, has_signed, signatures_missing_pdf
from documents.pdf import render_pdf, sha256_hex
from documents.uploads import store_pdf
from memberships.models import Membership
from memberships.selectors import active_memberships
from notifications.recipients import owner_emails_by_organisation
from notifications.services import queue_email
from organisations.models import Organisation

SIGNED = "declaration.signed"
PDF_STORED = "declaration.pdf_stored"
# Written once by migration 0004 for the signatures made before the PDF's fingerprint went to the trail.
ANCHORED = "declaration.anchored"
PUBLISHED = "declaration.published"

logger = logging.getLogger(__name__)


@transaction.atomic
def sign(
    *,
    application: Application,
    by: User,
    signatory_name: str,
    signatory_position: str,
    language: str | None = None,
    scan: UploadedFile | None = None,
) -> Signature:
    """Sign the alliance's current Declaration for a draft application; the PDF is rendered after commit.

    `language`: the language of the text signed (one the version has a text in); by default the signer's.

    The Declaration covers exactly what is submitted, so it is signed once everything else is complete; the
    signature keeps the fingerprint of that content, and a later change asks for it to be signed again
    (selectors.missing_signature).
    """
    if not application.is_editable:
        raise PermissionDenied(_("A submitted application can no longer be changed."))
    require(by, "applications.change_application", application, _("Only the applicant changes its draft."))
    missing = missing_before_declaration(application)
    if missing:
        raise ValidationError([_("Complete the other steps first: the Declaration covers what you submit."), *missing])
    version = current_declaration_version(application.alliance)
    if version is None:
        raise ValidationError(_("This alliance has no published Declaration."))
    return _sign(
        version=version,
        organisation=application.organisation,
        by=by,
        signatory_name=signatory_name,
        signatory_position=signatory_position,
        language=language,
        scan=scan,
        application=application,
    )


@transaction.atomic
def sign_for_membership(
    *,
    membership: Membership,
    by: User,
    signatory_name: str,
    signatory_position: str,
    language: str | None = None,
    scan: UploadedFile | None = None,
) -> Signature:
    """A member organisation signs the alliance's current Declaration (a new version asks it to sign again)."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("organisation", "alliance")
        .get(pk=membership.pk)
    )
    if not membership.is_active:
        raise ValidationError(_("Only an active member signs the Declaration for its membership."))
    require(
        by, "declarations.sign_for_membership", membership, _("Only people of the organisation sign its Declaration.")
    )
    version = current_declaration_version(membership.alliance)
    if version is None:
        raise ValidationError(_("This alliance has no published Declaration."))
    # The membership row is locked, so two people of the organisation cannot both sign the same version.
    if has_signed(membership.organisation_id, version):
        raise ValidationError(_("The organisation has already signed this version of the Declaration."))
    return _sign(
        version=version,
        organisation=membership.organisation,
        by=by,
        signatory_name=signatory_name,
        signatory_position=signatory_position,
        language=language,
        scan=scan,
        membership=membership,
    )


def _sign(
    *,
    version: DeclarationVersion,
    organisation: Organisation,
    by: User,
    signatory_name: str,
    signatory_position: str,
    language: str | None,
    scan: UploadedFile | None,
    application: Application | None = None,
    membership: Membership | None = None,
) -> Signature:
    if not language:
        # The signer's own language where the version has a text in it, else the one that prevails.
        language = language_of(by) if language_of(by) in version.languages else settings.LANGUAGE_CODE
    if language not in version.languages:
        raise ValidationError(_("This version of the Declaration has no text in the language chosen."))
    # Exactly the text in the chosen language, never a fallback: that is what the signatory read and signs.
    text = version.text_in(language)
    signature = Signature(
        application=application,
        membership=membership,
        organisation=organisation,
        declaration_version=version,
        signatory_name=signatory_name,
        signatory_position=signatory_position,
        signed_by=by,
        signed_at=timezone.now(),
        language=language,
        text_signed=text,
        text_sha256=sha256_hex(text),
        content_sha256=content_fingerprint(application) if application is not None else "",
    )
    signature.save()
    if scan is not None:
        signature.scan_sha256 = store_pdf(scan, into=signature.scan).sha256
        signature.save(update_fields=["scan", "scan_sha256"])
    # The entry stays on the application (or membership) so that it shows in that record's history; it is
    # also the tamper-evident copy of the text's and the scan's fingerprints (see verify).
    record(
        actor=by,
        action=SIGNED,
        target=cast(Model, application or membership),  # a signature is for one or the other
        data={
            "signature": signature.pk,
            "version": version.version,
            "language": language,
            "text_sha256": signature.text_sha256,
            "scan_sha256": signature.scan_sha256,
            "content_sha256": signature.content_sha256,
        },
    )
    logger.info(
        "Declaration v%s signed for organisation %s (signature %s)", version.version, organisation.pk, signature.pk
    )
    # At call time: declarations.tasks imports this module.
    from declarations.tasks import render_signed_declaration  # noqa: PLC0415 - declarations.tasks imports this module

    render_signed_declaration.delay_on_commit(signature.pk)
    return signature


def render_signed_declaration_pdf(signature: Signature) -> bytes:
    """The PDF in the language signed: its headings, the version's title and dates as well as the text."""
    with translation.override(signature.language):
        return render_pdf("declarations/pdf/signed_declaration.html", {"signature": signature})


@transaction.atomic
def store_signed_pdf(*, signature_id: int) -> Signature:
    """Render and store the signed Declaration's PDF once; a second call leaves the record as it is."""
    signature = (
        Signature.objects.select_for_update(of=("self",))
        .select_related("organisation", "declaration_version__alliance", "application", "membership")
        .get(pk=signature_id)
    )
    if signature.pdf_ready:
        return signature
    try:
        pdf_bytes = render_signed_declaration_pdf(signature)
        signature.pdf_sha256 = sha256_hex(pdf_bytes)
        signature.pdf.save("declaration.pdf", ContentFile(pdf_bytes), save=False)
    except Exception:
        # The task retries (transient errors) and render_missing_pdfs sweeps again; the operator should know.
        logger.exception("Rendering or storing the PDF of signed Declaration %s failed", signature.pk)
        raise
    signature.save(update_fields=["pdf", "pdf_sha256"])
    # The tamper-evident copy of the PDF's fingerprint, in the same transaction as the row's.
    record(
        actor=None,
        action=PDF_STORED,
        target=signature,
        data={"signature": signature.pk, "pdf_sha256": signature.pdf_sha256},
    )
    return signature


def enqueue_missing_pdfs() -> list[int]:
    """Enqueue the rendering of every overdue PDF again; rendering is idempotent, so a duplicate is harmless."""
    # At call time: declarations.tasks imports this module.
    from declarations.tasks import render_signed_declaration  # noqa: PLC0415 - declarations.tasks imports this module

    signature_ids = list(signatures_missing_pdf().values_list("pk", flat=True))
    if signature_ids:
        logger.warning("Rendering %s overdue Declaration PDFs again: %s", len(signature_ids), signature_ids)
    for signature_id in signature_ids:
        render_signed_declaration.delay_on_commit(signature_id)
    return signature_ids


@transaction.atomic
def publish_declaration_version(*, declaration_version: DeclarationVersion, by: User) -> DeclarationVersion:
    """Publish a draft version: it becomes the alliance's current Declaration, and every active member is
    asked (its owners by e-mail) to sign it again from the portal."""
    require(
        by,
        "declarations.publish_version",
        declaration_version,
        _("Only administrators publish a version of the Declaration."),
    )
    # Every version of the alliance is locked, so that two versions published at once cannot both pass the
    # check below that the new one comes after the current one.
    alliance_id = DeclarationVersion.objects.values_list("alliance_id", flat=True).get(pk=declaration_version.pk)
    list(DeclarationVersion.objects.select_for_update().filter(alliance_id=alliance_id).values_list("pk"))
    version = DeclarationVersion.objects.select_related("alliance").get(pk=declaration_version.pk)
    if version.is_published:
        raise ValidationError(_("This version of the Declaration is already published."))
    # The English text is the one that prevails (the texts say so): a version needs it, the others may follow.
    if not version.text_in(settings.LANGUAGE_CODE).strip():
        raise ValidationError(_("A Declaration without text cannot be published."))
    current = current_declaration_version(version.alliance)
    if current is not None and current.version >= version.version:
        # It would not become the current one: signatories would go on signing the later version.
        raise ValidationError(
            _("Version %(current)s is already published; publish a version with a higher number.")
            % {"current": current.version}
        )
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    record(
        actor=by,
        action=PUBLISHED,
        target=version,
        data={
            "version": version.version,
            "text_sha256": sha256_hex(version.text_in(settings.LANGUAGE_CODE)),
            # Each language's text as published, so that a later change to any of them is detectable too.
            "texts_sha256": {language: sha256_hex(version.text_in(language)) for language in version.languages},
        },
    )
    memberships = active_memberships(version.alliance).select_related("organisation", "alliance")
    owners = owner_emails_by_organisation([membership.organisation_id for membership in memberships])
    for membership in memberships:
        queue_email(
            key=f"declaration:{version.pk}:sign-again:{membership.pk}",
            to=owners.get(membership.organisation_id, []),
            template="declarations/email/sign_again",
            context={"membership": membership, "version": version},
        )
    return version


@dataclass
class Verification:
    signature: Signature
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def verify(signature: Signature) -> Verification:
    """Check that the signed text and the stored PDFs are exactly what was recorded at signing.

    The row's fingerprints are checked against the files, and against the copies in the audit trail.
    """
    problems = []
    if sha256_hex(signature.text_signed) != signature.text_sha256:
        problems.append(_("The signed text no longer matches its fingerprint."))
    if signature.text_signed != signature.declaration_version.text_in(signature.language):
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
    problems.extend(_problems_with_the_audit_trail(signature))
    return Verification(signature=signature, problems=problems)


def recorded_fingerprints(signature: Signature) -> dict[str, set[str]]:
    """Every fingerprint the audit trail holds for the signature: {"text_sha256": {...}, "pdf_sha256": {...}, ...}.

    All entries count, not only the first: an entry added later with a forged value cannot hide the original,
    because the two then disagree.
    """
    own = Q(target_type=ContentType.objects.get_for_model(Signature), target_id=str(signature.pk))
    owner_model, owner_id = (
        (Application, signature.application_id) if signature.application_id else (Membership, signature.membership_id)
    )
    signed = Q(
        target_type=ContentType.objects.get_for_model(owner_model),
        target_id=str(owner_id),
        action=SIGNED,
        data__signature=signature.pk,
    )
    recorded: dict[str, set[str]] = {"text_sha256": set(), "pdf_sha256": set(), "scan_sha256": set()}
    entries = AuditEntry.objects.filter(own | signed, action__in=[SIGNED, PDF_STORED, ANCHORED])
    for data in entries.values_list("data", flat=True):
        for key, values in recorded.items():
            if isinstance(data, dict) and key in data:
                values.add(data[key] or "")
    # A signature whose PDF was not rendered yet when it was anchored has an empty PDF fingerprint there.
    recorded["pdf_sha256"].discard("")
    return recorded


def _problems_with_the_audit_trail(signature: Signature) -> list[str]:
    recorded = recorded_fingerprints(signature)
    problems = []
    if not recorded["text_sha256"]:
        problems.append(_("The audit trail holds no fingerprint of the signed text."))
    elif recorded["text_sha256"] != {signature.text_sha256}:
        problems.append(_("The signed text's fingerprint differs from the one recorded in the audit trail."))
    if signature.pdf_sha256 and not recorded["pdf_sha256"]:
        problems.append(_("The audit trail holds no fingerprint of the signed PDF."))
    elif recorded["pdf_sha256"] and recorded["pdf_sha256"] != {signature.pdf_sha256}:
        problems.append(_("The signed PDF's fingerprint differs from the one recorded in the audit trail."))
    if signature.scan_sha256 and not recorded["scan_sha256"]:
        problems.append(_("The audit trail holds no fingerprint of the scan of the hand-signed copy."))
    elif recorded["scan_sha256"] and recorded["scan_sha256"] != {signature.scan_sha256}:
        problems.append(_("The scan's fingerprint differs from the one recorded in the audit trail."))
    return problems


@dataclass
class CopyCheck:
    sha256: str
    matches_record: bool
    matches_audit_trail: bool

    @property
    def exact(self) -> bool:
        return self.matches_record and self.matches_audit_trail


def check_copy(*, signature: Signature, content: bytes) -> CopyCheck:
    """Whether `content` (a PDF someone holds) is exactly the signed PDF on record, byte for byte."""
    digest = hashlib.sha256(content).hexdigest()
    return CopyCheck(
        sha256=digest,
        matches_record=bool(signature.pdf_sha256) and digest == signature.pdf_sha256,
        matches_audit_trail=recorded_fingerprints(signature)["pdf_sha256"] == {digest},
    )


def _file_sha256(field_file: FieldFile) -> str:
    digest = hashlib.sha256()
    with field_file.storage.open(str(field_file.name), "rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
