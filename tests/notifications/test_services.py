from datetime import timedelta
from types import SimpleNamespace

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from notifications.models import OutgoingEmail
from notifications.services import queue_email, send_queued_email
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
