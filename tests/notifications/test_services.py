"""Sending is idempotent per outgoing message: locked and checked before SMTP, with a stable Message-ID."""

import pytest
from django.core import mail

from notifications.models import OutgoingEmail
from notifications.services import message_id_for, send_queued_email

pytestmark = pytest.mark.django_db


def queued(key="decision:42"):
    return OutgoingEmail.objects.create(key=key, to=["member@example.eu"], subject="Decision", body="Approved.")


def test_send_queued_email_carries_a_message_id_derived_from_the_key():
    email = queued()
    send_queued_email(email_id=email.pk)
    assert mail.outbox[-1].extra_headers["Message-ID"] == message_id_for("decision:42")
    assert message_id_for("decision:42").endswith("@alliances.example.eu>")
    assert message_id_for("decision:42") != message_id_for("decision:43")


def test_send_queued_email_sent_again_after_a_worker_died_keeps_the_message_id():
    """A worker killed after SMTP but before the row said "sent": the copy sent again is the same message."""
    email = queued()
    send_queued_email(email_id=email.pk)
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.QUEUED)  # the lost commit
    send_queued_email(email_id=email.pk)
    first, second = mail.outbox[-2:]
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert "Message-ID: " + message_id_for("decision:42") in second.message().as_string()


def test_send_queued_email_already_sent_sends_nothing():
    email = queued()
    send_queued_email(email_id=email.pk)
    send_queued_email(email_id=email.pk)
    assert len(mail.outbox) == 1


def test_broker_visibility_timeout_outlasts_the_longest_task(settings):
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
