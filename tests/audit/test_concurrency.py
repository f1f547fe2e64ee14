"""Writers appending to the audit chain at the same moment chain correctly (PostgreSQL advisory lock)."""

import threading

import pytest
from django.db import connection, connections, transaction

from audit.services import record
from audit.verification import verify_trail
from tests import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite cannot run two write transactions at once",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_record_from_concurrent_transactions_keeps_one_unbroken_chain():
    owner = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=owner)
    writers, per_writer = 4, 5
    barrier = threading.Barrier(writers)
    errors = []

    def write(index):
        try:
            barrier.wait(timeout=10)
            for number in range(per_writer):
                with transaction.atomic():
                    record(actor=owner, action=f"test.writer{index}", target=organisation, data={"n": number})
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(index,)) for index in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    report = verify_trail()
    assert report.ok, report.problem
    assert report.checked >= writers * per_writer
