import smtplib

import pytest
from django.core import mail

from notifications.models import OutgoingEmail
from notifications.services import queue_email, send_queued_email

pytestmark = pytest.mark.django_db


class RefusingBackend:
    """A mail server that is down: the real EmailMessage reaches a transport that fails."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


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


def test_failing_mail_server_loses_nothing_and_a_retry_sends_once(settings):
    email = queue()
    settings.EMAIL_BACKEND = "tests.test_notifications.RefusingBackend"

    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_queued_email(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert "Connection unexpectedly closed" in email.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_queued_email(email_id=email.pk)
    send_queued_email(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_the_send_task_retries_on_a_transport_error():
    from notifications.tasks import send_email

    assert smtplib.SMTPException in send_email.autoretry_for
    assert send_email.max_retries >= 5
