"""Write the fingerprints of the signatures that exist already into the audit trail.

Verification now compares each signature's fingerprints with those in the (append-only) audit trail. The
signatures made before have no such entry for their PDF, so this anchors what their rows hold today.
Run `manage.py verify_declarations` before migrating: what is anchored here is taken as the original.
"""

from django.db import migrations

ANCHORED = "declaration.anchored"


def anchor(apps, schema_editor):
    Signature = apps.get_model("declarations", "Signature")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Signature.objects.exists():
        return
    signature_type, _created = ContentType.objects.get_or_create(app_label="declarations", model="signature")
    already = set(
        AuditEntry.objects.filter(target_type=signature_type, action=ANCHORED).values_list("target_id", flat=True)
    )
    entries = [
        AuditEntry(
            action=ANCHORED,
            target_type=signature_type,
            target_id=str(signature.pk),
            target_repr=f"signed Declaration {signature.pk}",
            reason="Fingerprints of a signature made before the audit trail anchored them.",
            data={
                "signature": signature.pk,
                "text_sha256": signature.text_sha256,
                "pdf_sha256": signature.pdf_sha256,
                "scan_sha256": signature.scan_sha256,
            },
        )
        for signature in Signature.objects.order_by("pk").iterator(chunk_size=500)
        if str(signature.pk) not in already
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0003_signature_for_membership"),
        ("audit", "0002_append_only_trigger"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    # Entries of the audit trail are never removed (the PostgreSQL trigger refuses it), so nothing to undo.
    operations = [migrations.RunPython(anchor, migrations.RunPython.noop)]
