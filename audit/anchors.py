"""Anchors: the chain's head, signed with a key the database does not hold, kept outside the database.

A digest file is JSON: {"entry_id", "entry_hash", "anchored_at", "signature"}; the signature is an
HMAC-SHA256 over the other three with `AUDIT_ANCHOR_KEY` (a key derived from SECRET_KEY only in DEBUG).
It is written under MEDIA_ROOT/audit-anchors/ (what the operator backs up) and e-mailed to the auditor.
"""

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ANCHOR_DIRECTORY = "audit-anchors"


@dataclass(frozen=True)
class Anchor:
    entry_id: int
    entry_hash: str
    anchored_at: str
    signature: str = ""

    def payload(self) -> bytes:
        fields = {"entry_id": self.entry_id, "entry_hash": self.entry_hash, "anchored_at": self.anchored_at}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def signed(self) -> "Anchor":
        return Anchor(self.entry_id, self.entry_hash, self.anchored_at, sign(self.payload()))

    def signature_valid(self) -> bool:
        return hmac.compare_digest(self.signature, sign(self.payload()))

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"


def anchor_key() -> bytes:
    key = getattr(settings, "AUDIT_ANCHOR_KEY", "")
    if key:
        return key.encode()
    if settings.DEBUG:
        return hashlib.sha256(b"audit-anchor:" + settings.SECRET_KEY.encode()).digest()
    raise ImproperlyConfigured("AUDIT_ANCHOR_KEY must be set when DEBUG is off.")


def sign(payload: bytes) -> str:
    return hmac.new(anchor_key(), payload, hashlib.sha256).hexdigest()


def anchor_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / ANCHOR_DIRECTORY


def read_anchor(path: Path) -> Anchor:
    """Parse a digest file; ValueError when it is not one."""
    try:
        fields = json.loads(Path(path).read_text())
        return Anchor(
            entry_id=int(fields["entry_id"]),
            entry_hash=str(fields["entry_hash"]),
            anchored_at=str(fields["anchored_at"]),
            signature=str(fields["signature"]),
        )
    except (OSError, KeyError, TypeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path} is not an audit anchor: {error}") from error
