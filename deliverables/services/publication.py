"""After adoption: the Commission acknowledges receipt, the deliverable is published, copies are verified."""

import hashlib
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.selectors import entries_for
from deliverables.models import AdoptionVote, Deliverable
from deliverables.selectors import carried_vote
from deliverables.services.deliverables import transition
from documents.pdf import sha256_hex

logger = logging.getLogger(__name__)


@transaction.atomic
def acknowledge(*, deliverable: Deliverable, by: User) -> Deliverable:
    """The Commission acknowledges receipt of the adopted deliverable."""
    require(by, "deliverables.acknowledge", deliverable, _("The Commission acknowledges adopted deliverables."))
    return transition(
        deliverable=deliverable,
        to=Deliverable.State.ACKNOWLEDGED,
        by=by,
        acknowledged_by=by,
        acknowledged_at=timezone.now(),
    )


@transaction.atomic
def publish(*, deliverable: Deliverable, by: User) -> Deliverable:
    """Publish a public deliverable on the alliance's page, with its adopted PDF (once it is rendered)."""
    require(by, "deliverables.publish", deliverable, _("The chairs or the secretariat publish a deliverable."))
    if deliverable.visibility != Deliverable.Visibility.PUBLIC:
        raise ValidationError(_("Only a deliverable marked public is published on the alliance's page."))
    vote = carried_vote(deliverable)
    if vote is None or not vote.pdf_ready:
        raise ValidationError(_("The adopted PDF is still being prepared; publish it once it is ready."))
    return transition(deliverable=deliverable, to=Deliverable.State.PUBLISHED, by=by, published_at=timezone.now())


def sha256_of_file(field_file: FieldFile) -> str:
    """The SHA-256 of a stored file, read in chunks from its storage."""
    digest = hashlib.sha256()
    with field_file.storage.open(str(field_file.name), "rb") as handle:
        for chunk in iter(lambda: handle.read(64 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Verification:
    vote: AdoptionVote
    problems: list = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def recorded_pdf_hashes(vote: AdoptionVote) -> set[str]:
    """Every adopted-PDF fingerprint the append-only audit trail holds for this vote."""
    return {
        entry.data.get("pdf_sha256")
        for entry in entries_for(vote.deliverable).filter(action="deliverable.adopted_pdf_stored")
        if entry.data.get("vote") == vote.pk
    }


def verify(vote: AdoptionVote) -> Verification:
    """Check that the adopted text and its PDF are exactly what was recorded at adoption."""
    problems = []
    version = vote.version
    if not version.is_pdf and sha256_hex(version.text) != version.sha256:
        problems.append(_("The adopted text no longer matches its fingerprint."))
    if version.is_pdf and sha256_of_file(version.pdf) != version.sha256:
        problems.append(_("The adopted PDF upload no longer matches its fingerprint."))
    if not vote.pdf_sha256:
        problems.append(_("The adopted PDF has not been rendered yet."))
    elif not vote.pdf or not vote.pdf.storage.exists(vote.pdf.name):
        problems.append(_("The adopted PDF is missing."))
    elif sha256_of_file(vote.pdf) != vote.pdf_sha256:
        problems.append(_("The adopted PDF no longer matches its fingerprint."))
    if vote.pdf_sha256 and recorded_pdf_hashes(vote) != {vote.pdf_sha256}:
        problems.append(_("The fingerprint on record differs from the one in the audit trail."))
    if problems:
        logger.error("Adopted deliverable %s fails verification: %s", vote.deliverable_id, problems)
    return Verification(vote=vote, problems=problems)


@dataclass(frozen=True)
class CopyCheck:
    sha256: str
    matches_record: bool
    matches_audit_trail: bool

    @property
    def exact(self) -> bool:
        return self.matches_record and self.matches_audit_trail


def check_copy(*, vote: AdoptionVote, content: bytes) -> CopyCheck:
    """Whether `content` (a PDF someone holds) is exactly the adopted PDF on record, byte for byte."""
    digest = hashlib.sha256(content).hexdigest()
    return CopyCheck(
        sha256=digest,
        matches_record=bool(vote.pdf_sha256) and digest == vote.pdf_sha256,
        matches_audit_trail=recorded_pdf_hashes(vote) == {digest},
    )
