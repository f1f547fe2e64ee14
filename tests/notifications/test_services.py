from datetime import timedelta
from types import SimpleNamespace

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.services import message_id_for, queue_email, send_queued_email
from notifications.tasks import resend_failed, send_email

pytestmark = pytest.mark.django_db


def queue(key="test:1"):
    return queue_email(
        key=key,
        to=["a@example.eu"],
        template="organisations/email/invitation",
        context={
            "invitation": type("I", (), {"token": "abc"})(),
            "organisation": "Org",
            "invited_by": type("U", (), {"display_name": "Eva"})(),
        },
    )


def test_same_key_is_queued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue()
        second = queue()

    assert first is not None and second is None
    assert OutgoingEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_failing_mail_server_loses_nothing_and_a_retry_sends_once(mail_server_down):
    settings = mail_server_down
    email = queue()

    with pytest.raises(ConnectionRefusedError):
        send_queued_email(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert "refused" in email.last_error.lower()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_queued_email(email_id=email.pk)
    send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_send_email_task_retries_while_the_mail_server_is_down(mail_server_down):
    """The task asks Celery for a retry (what a worker reschedules), and the failed attempt is on record."""

    email = queue()
    with pytest.raises(Retry) as retry:
        send_email.delay(email.pk)

    assert isinstance(retry.value.exc, ConnectionRefusedError)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, 1)


def test_resend_failed_sends_failed_and_stale_queued_but_not_fresh_ones():
    failed, stale, fresh = (
        OutgoingEmail.objects.create(key=key, to=["a@example.eu"], subject=key, body="b", status=status)
        for key, status in (("failed", "failed"), ("stale", "queued"), ("fresh", "queued"))
    )
    OutgoingEmail.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=1))

    resend_failed()

    statuses = dict(OutgoingEmail.objects.values_list("key", "status"))
    assert statuses == {"failed": "sent", "stale": "sent", "fresh": "queued"}
    assert sorted(m.subject for m in mail.outbox) == ["failed", "stale"]


def test_queue_email_plain_text_is_not_html_escaped():
    email = queue_email(
        key="escape:1",
        to=["a@example.eu"],
        template="organisations/email/invitation",
        context={
            "invitation": SimpleNamespace(token="abc", expires_at=timezone.now()),
            "organisation": SimpleNamespace(legal_name='Müller & Söhne <Halbleiter> "GmbH"'),
            "invited_by": SimpleNamespace(display_name="Eva O'Neill"),
        },
    )

    assert 'Müller & Söhne <Halbleiter> "GmbH"' in email.body
    assert "Eva O'Neill" in email.body
    assert "&amp;" not in email.body + email.subject


def test_send_email_task_logs_each_failed_attempt_as_a_warning(mail_server_down, caplog):
    email = queue()

    with pytest.raises(Retry):
        send_email.delay(email.pk)

    warnings = [record for record in caplog.records if record.name == "notifications.tasks"]
    assert [record.levelname for record in warnings] == ["WARNING"]
    assert f"E-mail {email.pk} not delivered (attempt 1), retrying" in warnings[0].getMessage()


def test_send_email_task_logs_an_error_when_it_gives_up(mail_server_down, caplog):
    email = queue()

    # The last retry: Celery raises the error instead of scheduling another attempt.
    with pytest.raises(ConnectionRefusedError):
        send_email.apply(args=[email.pk], retries=send_email.max_retries)

    errors = [record for record in caplog.records if record.name == "notifications.tasks"]
    assert [record.levelname for record in errors] == ["ERROR"]
    assert "giving up" in errors[0].getMessage()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED


# Idempotent sending: locked and checked before SMTP, with a stable Message-ID.


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
