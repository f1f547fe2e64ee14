"""Check the whole audit chain, and its head against an anchor written outside the database."""

from collections.abc import Iterator

from django.contrib.contenttypes.models import ContentType

from audit import chain
from audit.anchors import Anchor
from audit.models import AuditEntry

FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "action",
    "target_type_id",
    "target_id",
    "target_repr",
    "from_state",
    "to_state",
    "reason",
    "data",
    "previous_hash",
    "entry_hash",
)


def chain_rows(*, up_to: int | None = None) -> Iterator[dict]:
    """Every entry as the hash sees it, in id order, streamed."""
    labels = {pk: f"{app}.{model}" for pk, app, model in ContentType.objects.values_list("pk", "app_label", "model")}
    entries = AuditEntry.objects.order_by("id")
    if up_to is not None:
        entries = entries.filter(id__lte=up_to)
    for row in entries.values(*FIELDS).iterator(chunk_size=2000):
        row["target_type"] = labels.get(row.pop("target_type_id"), "")
        yield row


def verify_trail() -> chain.ChainReport:
    return chain.verify(chain_rows())


def verify_against(anchor: Anchor) -> str:
    """An empty string if the database still holds the anchored head; otherwise what is wrong."""
    entry = AuditEntry.objects.filter(pk=anchor.entry_id).values("entry_hash").first()
    if entry is None:
        return f"the anchored entry #{anchor.entry_id} is missing"
    if entry["entry_hash"] != anchor.entry_hash:
        return (
            f"entry #{anchor.entry_id} has hash {entry['entry_hash']}, the anchor of {anchor.anchored_at} "
            f"says {anchor.entry_hash}: the trail was rewritten"
        )
    return ""
