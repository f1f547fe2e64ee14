"""Each table's version moves with every write to it, however the write is made; reads are recorded."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction

from applications.models import Application
from common import table_versions
from common.table_versions import PendingMoves
from organisations.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def _version(table):
    return table_versions.versions([table])[table]


def test_model_save_moves_its_tables_version_and_no_other(organisation):
    organisations, applications = _version("organisations_organisation"), _version("applications_application")
    organisation.legal_name = "Renamed Semiconductors SA"
    organisation.save()
    assert _version("organisations_organisation") != organisations
    assert _version("applications_application") == applications


def test_queryset_update_moves_the_version(organisation):
    before = _version("organisations_organisation")
    Organisation.objects.filter(pk=organisation.pk).update(legal_name="Updated Without Signals BV")
    assert _version("organisations_organisation") != before


def test_raw_sql_delete_moves_the_version(draft):
    before = _version("applications_criterionanswer")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM applications_criterionanswer WHERE application_id = %s", [draft.pk])
    assert _version("applications_criterionanswer") != before


def test_schema_change_moves_every_page_dependency(db):
    before = _version(table_versions.EVERYTHING)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE scratch_for_the_test (n integer)")
    assert _version(table_versions.EVERYTHING) != before


def test_session_write_moves_nothing(db):
    before = _version(table_versions.WRITES)
    SessionStore().create()
    assert _version(table_versions.WRITES) == before


def test_write_in_a_transaction_moves_the_version_again_when_it_commits(organisation):
    with transaction.atomic():
        organisation.legal_name = "Committed Later GmbH"
        organisation.save()
        written = _version("organisations_organisation")
    # The test's own transaction never commits: run what its commit would run.
    waiting = [callback for _ids, callback, _robust in connection.run_on_commit]
    pending = [callback for callback in waiting if isinstance(getattr(callback, "__self__", None), PendingMoves)]
    assert len(pending) == 1 and "organisations_organisation" in pending[0].__self__.tables
    pending[0]()
    assert _version("organisations_organisation") != written


def test_recording_collects_every_table_a_query_reads_and_no_write(draft):
    with table_versions.recording() as reading:
        list(Application.objects.filter(organisation__legal_name__startswith="S").values_list("pk"))
    assert {"applications_application", "organisations_organisation"} <= reading.tables
    assert not reading.wrote


def test_recording_notes_a_write(db):
    with table_versions.recording() as reading:
        factories.OrganisationFactory()
    assert reading.wrote


def test_lost_version_counts_as_changed(db):
    known = table_versions.versions(["organisations_organisation"])
    assert table_versions.unchanged(known)

    cache.delete(table_versions.PREFIX + "organisations_organisation")
    assert not table_versions.unchanged(known)


def test_migrate_moves_every_page_dependency(db):
    before = _version(table_versions.EVERYTHING)
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert _version(table_versions.EVERYTHING) != before
