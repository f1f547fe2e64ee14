"""Reminders (Celery beat): overdue reviews, applications ready for a decision; never twice, nothing lost."""

import datetime
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import OutgoingEmail
from reviews import tasks
from reviews.models import Assignment
from tests import factories_reviews as rf

pytestmark = pytest.mark.django_db


def _age(assignment, days):
    Assignment.objects.filter(pk=assignment.pk).update(assigned_at=timezone.now() - timedelta(days=days))


def test_beat_schedules_the_reminder_task(settings):
    from portal.celery import app

    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reviews.tasks.send_reminders" in schedule
    assert "reviews.tasks.send_reminders" in app.tasks


def test_send_reminders_overdue_review_reminded_once_a_day(settings, django_capture_on_commit_callbacks):
    settings.REVIEW_REMINDER_AFTER_DAYS = 7
    application = rf.submitted_application()
    late = rf.assign(application, rf.reviewer(), declare=False)
    fresh = rf.assign(application, rf.reviewer(), declare=False)
    _age(late, 8)
    _age(fresh, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminders.delay()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_reminders.delay()  # beat runs again the same day: nothing new
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert [m.to for m in reminders] == [[late.reviewer.email]]
    assert OutgoingEmail.objects.filter(key__startswith=f"reminder:review:{late.pk}:").count() == 1


def test_send_reminders_submitted_or_conflicted_not_reminded(settings):
    application = rf.submitted_application()
    done = rf.assign(application, rf.reviewer(), declare=False)
    rf.submit_review(done)
    conflicted = rf.assign(application, rf.reviewer(), declare=True)
    _age(done, 30)
    _age(conflicted, 30)
    from reviews.services import send_reminders

    send_reminders()
    assert not OutgoingEmail.objects.filter(key__startswith="reminder:review:").exists()


def test_send_reminders_next_day_reminds_again():
    from reviews.services import send_reminders

    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    _age(assignment, 10)
    send_reminders(today=datetime.date(2026, 3, 1))
    send_reminders(today=datetime.date(2026, 3, 2))
    assert OutgoingEmail.objects.filter(key__startswith=f"reminder:review:{assignment.pk}:").count() == 2


def test_send_reminders_decision_makers_of_complete_applications_only():
    from reviews.services import send_reminders

    boss = rf.decision_maker()
    ready = rf.reviewed_application(by=boss)
    pending = rf.submitted_application()
    rf.assign(pending, rf.reviewer(), by=boss, declare=False)
    send_reminders()
    email = OutgoingEmail.objects.get(key__startswith=f"reminder:decide:{boss.pk}:")
    assert ready.reference in email.body and pending.reference not in email.body
    send_reminders()
    assert OutgoingEmail.objects.filter(key__startswith=f"reminder:decide:{boss.pk}:").count() == 1


def test_send_reminders_failing_mail_server_loses_nothing(mail_server_down, django_capture_on_commit_callbacks):
    """The mail server refuses: the e-mail stays recorded as failed, and the resend sends it later."""
    from reviews.services import send_reminders

    settings = mail_server_down
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    _age(assignment, 10)
    from celery.exceptions import Retry

    with pytest.raises((ConnectionRefusedError, Retry)), django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    email = OutgoingEmail.objects.get(key__startswith=f"reminder:review:{assignment.pk}:")
    assert email.status == OutgoingEmail.Status.FAILED
    assert "refused" in email.last_error.lower()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from notifications.services import send_queued_email

    send_queued_email(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert any(assignment.reviewer.email in m.to for m in mail.outbox)
