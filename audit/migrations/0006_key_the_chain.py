"""Re-link the existing entries with the keyed hash (audit.chain.entry_digest became an HMAC): run by the owner
role, like 0004. An anchor written before this migration names a head that no longer exists: write a new one."""

import importlib

from django.db import migrations

rechain = importlib.import_module("audit.migrations.0004_chain_existing_entries").chain_existing_entries


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_append_only_truncate_and_grants")]
    operations = [migrations.RunPython(rechain, migrations.RunPython.noop)]
