"""The data migration that splits the non-EU control answer in three keeps what applicants wrote."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories

BEFORE = [("applications", "0001_initial")]
AFTER = [("applications", "0002_non_eu_control_measures_split")]


@pytest.mark.django_db(transaction=True)
def test_migration_moves_the_existing_text_into_the_legal_measures():
    user = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=user)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old_apps = executor.loader.project_state(BEFORE).apps
        Application = old_apps.get_model("applications", "Application")
        alliance = old_apps.get_model("alliances", "Alliance").objects.get(slug="semiconductors")
        fields = {
            "organisation_id": organisation.pk,
            "alliance_id": alliance.pk,
            "criteria_version_id": alliance.criteria_versions.get(version=1).pk,
            "created_by_id": user.pk,
        }
        answered = Application.objects.create(non_eu_control_measures="EU-only data centre.", **fields)
        empty = Application.objects.create(state="withdrawn", **fields)

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new_apps = executor.loader.project_state(AFTER).apps
        Application = new_apps.get_model("applications", "Application")

        answered = Application.objects.get(pk=answered.pk)
        assert answered.non_eu_legal_measures == "EU-only data centre."
        assert answered.non_eu_organisational_measures == ""
        assert answered.non_eu_technical_measures == ""
        assert Application.objects.get(pk=empty.pk).non_eu_legal_measures == ""
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
