"""Versions of a deliverable: written in the portal (Markdown) or uploaded (PDF); each kept with its SHA-256.

A version is frozen once a comment round or an adoption ballot opened on it: what members commented on
and voted for is what the record keeps.
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import record
from deliverables.models import Deliverable, Version
from documents.pdf import sha256_hex
from documents.uploads import store_pdf

logger = logging.getLogger(__name__)

WRITABLE_STATES = (Deliverable.State.DRAFTING, Deliverable.State.IN_COMMENT_ROUND)


def _lock_writable(deliverable: Deliverable, by: User) -> Deliverable:
    require(by, "deliverables.write_version", deliverable, _("Only the deliverable's rapporteurs write its versions."))
    deliverable = Deliverable.objects.select_for_update(of=("self",)).get(pk=deliverable.pk)
    if deliverable.state not in WRITABLE_STATES:
        raise ValidationError(
            _("The deliverable is %(state)s: no new version now.") % {"state": deliverable.get_state_display()}
        )
    return deliverable


def _next_number(deliverable: Deliverable) -> int:
    return (Version.objects.filter(deliverable=deliverable).aggregate(n=Max("number"))["n"] or 0) + 1


def _clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("Write the text of the version."))
    return text + "\n"


@transaction.atomic
def write_version(*, deliverable: Deliverable, by: User, text: str, note: str = "") -> Version:
    """A new version written in the portal (Markdown)."""
    deliverable = _lock_writable(deliverable, by)
    text = _clean_text(text)
    version = Version.objects.create(
        deliverable=deliverable,
        number=_next_number(deliverable),
        text=text,
        note=note,
        sha256=sha256_hex(text),
        author=by,
    )
    record(
        actor=by,
        action="deliverable.version_added",
        target=deliverable,
        data={"version": version.number, "sha256": version.sha256, "format": "markdown"},
    )
    logger.info("Deliverable %s: version %s written", deliverable.pk, version.number)
    return version


@transaction.atomic
def upload_version(*, deliverable: Deliverable, by: User, uploaded_file: UploadedFile, note: str = "") -> Version:
    """A new version uploaded as a PDF (validated by its content)."""
    deliverable = _lock_writable(deliverable, by)
    version = Version(deliverable=deliverable, number=_next_number(deliverable), note=note, author=by)
    stored = store_pdf(uploaded_file, into=version.pdf, sha256_field="sha256")
    version.pdf_name = stored.original_name
    version.save()
    record(
        actor=by,
        action="deliverable.version_added",
        target=deliverable,
        data={"version": version.number, "sha256": version.sha256, "format": "pdf"},
    )
    logger.info("Deliverable %s: version %s uploaded", deliverable.pk, version.number)
    return version


@transaction.atomic
def update_version(*, version: Version, by: User, text: str, note: str | None = None) -> Version:
    """Correct a version's text while nobody has commented on it or voted on it yet."""
    _lock_writable(version.deliverable, by)
    version = Version.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if version.is_frozen:
        logger.warning("Refused a change to frozen version %s by user %s", version.pk, by.pk)
        raise ValidationError(
            _("Version %(number)s is frozen: a comment round or a ballot opened on it. Write a new version.")
            % {"number": version.number}
        )
    if version.is_pdf:
        raise ValidationError(_("An uploaded PDF is not edited: upload a new version."))
    previous = version.sha256
    version.text = _clean_text(text)
    version.sha256 = sha256_hex(version.text)
    if note is not None:
        version.note = note
    version.save(update_fields=["text", "sha256", "note", "updated_at"])
    record(
        actor=by,
        action="deliverable.version_changed",
        target=version.deliverable,
        data={"version": version.number, "from_sha256": previous, "sha256": version.sha256},
    )
    return version


def freeze(version: Version) -> Version:
    """Freeze the version (inside the caller's transaction): from now on it never changes."""
    version = Version.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if version.frozen_at is None:
        version.frozen_at = timezone.now()
        version.save(update_fields=["frozen_at"])
    return version
