from django.db import migrations

from audit import chain

DISABLE = "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only"
ENABLE = "ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only"


def chain_existing_entries(apps, schema_editor):
    """Give the entries written before the chain existed their links, oldest first (run by the owner role)."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {pk: f"{app}.{model}" for pk, app, model in ContentType.objects.values_list("pk", "app_label", "model")}
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(DISABLE)
    previous = chain.GENESIS
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        fields = {
            "created_at": entry.created_at,
            "actor_id": entry.actor_id,
            "action": entry.action,
            "target_type": labels.get(entry.target_type_id, ""),
            "target_id": entry.target_id,
            "target_repr": entry.target_repr,
            "from_state": entry.from_state,
            "to_state": entry.to_state,
            "reason": entry.reason,
            "data": entry.data,
            "previous_hash": previous,
        }
        previous = chain.entry_digest(fields)
        AuditEntry.objects.filter(pk=entry.pk).update(previous_hash=fields["previous_hash"], entry_hash=previous)
    if postgres:
        schema_editor.execute(ENABLE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain"), ("contenttypes", "0002_remove_content_type_name")]
    operations = [migrations.RunPython(chain_existing_entries, migrations.RunPython.noop)]
