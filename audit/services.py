from django.contrib.contenttypes.models import ContentType

from audit.models import AuditEntry


def record(*, actor, action, target, from_state="", to_state="", reason="", data=None):
    """Append one entry to the audit trail. Call it inside the transaction that makes the change."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        from_state=from_state or "",
        to_state=to_state or "",
        reason=reason or "",
        data=data or {},
    )
