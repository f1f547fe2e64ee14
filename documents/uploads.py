"""One way to keep an uploaded PDF: validate it, fingerprint it, store it under a generated name.

The user's file name is never part of the stored path (each model's `upload_to` generates it); it is
returned as metadata for the caller to keep, and pages show it escaped like any other text.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile

from documents.pdf import sha256_hex
from documents.validators import validate_pdf_upload


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    original_name: str


def store_pdf(uploaded: UploadedFile, *, into: FieldFile, sha256_field: str | None = None) -> StoredFile:
    """Validate `uploaded` as a PDF and save its bytes into the file field `into` (the model is not saved).

    With `sha256_field`, the fingerprint is set on the model first, for an `upload_to` that names the
    file after it. A refused file raises `ValidationError` with the reason, and nothing is stored.
    """
    content = validate_pdf_upload(uploaded)
    stored = StoredFile(
        sha256=sha256_hex(content),
        size=len(content),
        original_name=PurePath(uploaded.name or "").name[:255],
    )
    if sha256_field:
        setattr(into.instance, sha256_field, stored.sha256)
    into.save("upload.pdf", ContentFile(content), save=False)
    return stored
