"""Tasks travel through the real Redis broker to a real worker (run where REDIS_URL is set, as in CI)."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connection, transaction

from notifications.models import OutgoingEmail
from notifications.services import queue_email
from portal.celery import app

# serialized_rollback: every transactional test restores the reference data the migrations loaded.
pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def real_worker(transactional_db, settings):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: the broker test runs in CI's PostgreSQL + Redis pass")

    def close_worker_connection(**kwargs):
        # The worker thread has its own database connection; the test database is dropped at the end.
        connection.close()

    task_postrun.connect(close_worker_connection, weak=False)
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True
        task_postrun.disconnect(close_worker_connection)


def test_email_is_sent_by_a_worker_through_the_broker_after_commit(real_worker):
    with transaction.atomic():
        email = queue_email(
            key="wiring:1",
            to=["member@example.eu"],
            template="organisations/email/invitation",
            context={
                "invitation": type("I", (), {"token": "tok"})(),
                "organisation": "Org",
                "invited_by": type("U", (), {"display_name": "Eva"})(),
            },
        )
        assert OutgoingEmail.objects.get(pk=email.pk).status == "queued"

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == "sent":
            break
        time.sleep(0.2)

    assert email.status == "sent"
    assert mail.outbox[-1].to == ["member@example.eu"]
