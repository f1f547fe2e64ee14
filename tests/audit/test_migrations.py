"""The migration that introduces the chain links the entries written before it, oldest first."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.verification import verify_trail
from tests import factories

BEFORE = [("audit", "0002_append_only_trigger")]
AFTER = [("audit", "0004_chain_existing_entries")]


@pytest.mark.django_db(transaction=True)
def test_migration_chains_the_existing_entries():
    owner = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=owner)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old_apps = executor.loader.project_state(BEFORE).apps
        AuditEntry = old_apps.get_model("audit", "AuditEntry")
        ContentType = old_apps.get_model("contenttypes", "ContentType")
        target_type = ContentType.objects.get(app_label="organisations", model="organisation")
        for number in range(3):
            AuditEntry.objects.create(
                actor_id=owner.pk,
                action=f"organisation.step{number}",
                target_type=target_type,
                target_id=str(organisation.pk),
                target_repr=str(organisation),
                data={"n": number, "names": ["a", "b"]},
            )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)

        report = verify_trail()
        assert report.ok, report.problem
        assert report.checked == 3
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
