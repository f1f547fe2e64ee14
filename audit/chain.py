"""The audit trail's hash chain: pure functions, no database.

Each entry's hash is an HMAC-SHA256, keyed with a key derived from AUDIT_ANCHOR_KEY, over a canonical
serialisation of its fields and the hash of the entry before it: changing, removing or inserting an entry
anywhere breaks every later link. The key is never in the database, so someone who can write to it cannot
compute the hash of an entry they add, even at the head of the chain, where no later link or anchor vouches
for it yet. The chain's head is also anchored outside the database (audit/anchors.py), so even a chain
recomputed from scratch with the key is detected.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64


def canonical(fields: Mapping) -> bytes:
    """One byte string per entry: sorted keys, no whitespace, UTC timestamps with microseconds."""
    created_at = fields["created_at"]
    if isinstance(created_at, datetime):
        created_at = created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = {
        "created_at": created_at,
        "actor": fields["actor_id"],
        "action": fields["action"],
        "target_type": fields["target_type"],
        "target_id": fields["target_id"],
        "target_repr": fields["target_repr"],
        "from_state": fields["from_state"],
        "to_state": fields["to_state"],
        "reason": fields["reason"],
        "data": fields["data"],
        "previous_hash": fields["previous_hash"],
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_key() -> bytes:
    """The chain's own key, derived from the anchors' key (one secret for the operator to keep)."""
    from audit.anchors import anchor_key  # noqa: PLC0415 - anchors imports this module

    return hmac.new(anchor_key(), b"audit-chain", hashlib.sha256).digest()


def entry_digest(fields: Mapping) -> str:
    return hmac.new(chain_key(), canonical(fields), hashlib.sha256).hexdigest()


def normalised_data(data) -> dict:
    """The JSON value as the database gives it back (tuples become lists), so that hashes match on reading."""
    return json.loads(json.dumps(data or {}))


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_id: int | None
    head_hash: str
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(entries: Iterable[Mapping]) -> ChainReport:
    """Walk entries in id order; stop at the first whose link or hash does not hold."""
    previous, checked, head_id = GENESIS, 0, None
    for fields in entries:
        if fields["previous_hash"] != previous:
            return ChainReport(checked, head_id, previous, fields["id"], "does not link to the entry before it")
        if entry_digest(fields) != fields["entry_hash"]:
            return ChainReport(checked, head_id, previous, fields["id"], "its content does not match its hash")
        previous, checked, head_id = fields["entry_hash"], checked + 1, fields["id"]
    return ChainReport(checked, head_id, previous)
