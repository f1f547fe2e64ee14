import logging
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from audit import chain
from audit.anchors import ANCHOR_DIRECTORY, Anchor
from audit.models import AuditAnchor, AuditEntry

logger = logging.getLogger(__name__)

# Any constant: the key of the PostgreSQL advisory lock that serialises appends to the chain.
CHAIN_LOCK_KEY = 0x41554449  # "AUDI"


def record(
    *,
    actor: Any,
    action: str,
    target: Model,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail. Call it inside the transaction that makes the change.

    The entry is chained to the one before it (audit/chain.py). Appends are serialised: on PostgreSQL by
    a transaction-level advisory lock, held until the caller's transaction commits, so that two writers
    never read the same head; SQLite serialises writers itself. The lock is the price of a linear chain:
    audited transactions commit one after the other from the moment they record.
    """
    target_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        lock_chain()
        head = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry = AuditEntry(
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            target_type=target_type,
            target_id=str(target.pk),
            target_repr=str(target)[:300],
            from_state=from_state or "",
            to_state=to_state or "",
            reason=reason or "",
            data=chain.normalised_data(data),
            previous_hash=head or chain.GENESIS,
        )
        entry.entry_hash = chain.entry_digest(chain_fields(entry, f"{target_type.app_label}.{target_type.model}"))
        entry.save()
    return entry


def lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def link_for_bulk_insert(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Link entries that the caller bulk-inserts next, in this order and in the same transaction, after the chain's
    head (the scale seed writes tens of thousands at once). Takes the chain's lock until that transaction ends."""
    lock_chain()
    head = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first() or chain.GENESIS
    for entry in entries:
        entry.data = chain.normalised_data(entry.data)
        entry.previous_hash = head
        target_type = f"{entry.target_type.app_label}.{entry.target_type.model}"
        entry.entry_hash = head = chain.entry_digest(chain_fields(entry, target_type))
    return entries


def chain_fields(entry: AuditEntry, target_type: str) -> dict:
    """What the hash covers, from a model instance (target_type as "app_label.model", stable across databases)."""
    return {
        "id": entry.pk,
        "created_at": entry.created_at,
        "actor_id": entry.actor_id,
        "action": entry.action,
        "target_type": target_type,
        "target_id": entry.target_id,
        "target_repr": entry.target_repr,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "reason": entry.reason,
        "data": entry.data,
        "previous_hash": entry.previous_hash,
        "entry_hash": entry.entry_hash,
    }


@transaction.atomic
def write_anchor() -> AuditAnchor | None:
    """Sign the chain's head and keep it outside the database (a file in the media storage) and as a row.

    The caller e-mails it to the auditor (`send_anchor`) once this commits. None when the trail is empty.
    """
    lock_chain()
    head = AuditEntry.objects.order_by("-id").first()
    if head is None:
        return None
    now = timezone.now()
    anchor = Anchor(head.pk, head.entry_hash, now.isoformat()).signed()
    name = default_storage.save(
        f"{ANCHOR_DIRECTORY}/{now:%Y%m%dT%H%M%S}-{head.pk}.json", ContentFile(anchor.to_json().encode())
    )
    row = AuditAnchor.objects.create(
        created_at=now, entry=head, entry_hash=head.entry_hash, signature=anchor.signature, file_name=name
    )
    logger.info("Audit chain head #%s anchored in %s", head.pk, name)
    return row


def send_anchor(*, anchor_id: int) -> bool:
    """E-mail one anchor's digest file to the auditor; False when no auditor address is configured."""
    row = AuditAnchor.objects.get(pk=anchor_id)
    if not settings.AUDIT_AUDITOR_EMAIL:
        logger.warning("AUDIT_AUDITOR_EMAIL is not set: audit anchor %s stays in %s only", row.pk, row.file_name)
        return False
    with default_storage.open(row.file_name) as digest:
        content = digest.read()
    message = EmailMessage(
        subject=f"[Alliance Portal] Audit trail anchor #{row.entry_id} {row.created_at:%Y-%m-%d}",
        body=(
            "The signed head of the Alliance Portal audit trail is attached. Keep it: "
            "`manage.py verify_audit --against <file>` checks the trail against it.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.AUDIT_AUDITOR_EMAIL],
        headers={"Message-ID": f"<audit-anchor-{row.pk}-{row.entry_hash[:16]}@alliance-portal>"},
    )
    message.attach(row.file_name.rsplit("/", 1)[-1], content, "application/json")
    message.send()
    return True
