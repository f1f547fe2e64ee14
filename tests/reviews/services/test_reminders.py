"""Reminders (Celery beat): overdue reviews, applications ready for a decision; never twice, nothing lost."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from accounts import roles
from notifications.models import OutgoingEmail
from notifications.services import send_queued_email
from portal.celery import app as celery_app
from reviews import tasks
from reviews.models import Assignment
from reviews.services.reminders import send_reminders
from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def _age(assignment, days):
    Assignment.objects.filter(pk=assignment.pk).update(assigned_at=timezone.now() - timedelta(days=days))


def test_beat_schedules_the_reminder_task(settings):
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reviews.tasks.send_reminders" in schedule
    assert "reviews.tasks.send_reminders" in celery_app.tasks


def test_send_reminders_overdue_review_reminded_once_per_period(settings, django_capture_on_commit_callbacks):
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
    send_reminders()
    assert not OutgoingEmail.objects.filter(key__startswith="reminder:review:").exists()


def _reminders(prefix):
    return OutgoingEmail.objects.filter(key__startswith=prefix).count()


def test_send_reminders_review_same_period_not_again_next_period_again(settings):
    settings.REVIEW_REMINDER_AFTER_DAYS = 7
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    assigned = timezone.localdate()
    prefix = f"reminder:review:{assignment.pk}:"
    send_reminders(today=assigned + timedelta(days=6))
    assert _reminders(prefix) == 0  # not open for 7 days yet
    for day in (7, 8, 9, 13):  # the first period: one reminder, however often beat runs
        send_reminders(today=assigned + timedelta(days=day))
    assert _reminders(prefix) == 1
    for day in (14, 15, 20):  # after a further 7 days: once more
        send_reminders(today=assigned + timedelta(days=day))
    assert _reminders(prefix) == 2
    send_reminders(today=assigned + timedelta(days=22))  # a missed run does not skip the third period
    assert _reminders(prefix) == 3


def test_send_reminders_decision_makers_of_complete_applications_only(settings):
    settings.REVIEW_REMINDER_AFTER_DAYS = 7
    boss = rf.decision_maker()
    ready = rf.reviewed_application(by=boss)
    pending = rf.submitted_application()
    rf.assign(pending, rf.reviewer(), by=boss, declare=False)
    later = timezone.localdate() + timedelta(days=7)
    send_reminders(today=later)
    email = OutgoingEmail.objects.get(key__startswith=f"reminder:decide:{boss.pk}:")
    assert ready.reference in email.body and pending.reference not in email.body
    send_reminders(today=later)
    assert _reminders(f"reminder:decide:{boss.pk}:") == 1


def test_send_reminders_decision_same_period_not_again_next_period_again(settings):
    settings.REVIEW_REMINDER_AFTER_DAYS = 7
    boss = rf.decision_maker()
    first = rf.reviewed_application(by=boss)
    ready = timezone.localdate()
    prefix = f"reminder:decide:{boss.pk}:{first.pk}:"
    send_reminders(today=ready + timedelta(days=6))
    assert _reminders(prefix) == 0  # the day it became ready, decision makers were told; not reminded yet
    for day in (7, 8, 13):
        send_reminders(today=ready + timedelta(days=day))
    assert _reminders(prefix) == 1
    # Another application waiting as long is reminded on its own, without reminding the first again.
    second = rf.reviewed_application(by=boss)
    send_reminders(today=ready + timedelta(days=13))
    assert _reminders(prefix) == 1 and _reminders(f"reminder:decide:{boss.pk}:{second.pk}:") == 1
    send_reminders(today=ready + timedelta(days=14))
    assert _reminders(prefix) == 2


def test_send_reminders_decision_maker_assigned_as_reviewer_not_reminded_of_it():
    boss = rf.decision_maker()
    boss.groups.add(*factories.UserFactory(roles=[roles.REVIEWER]).groups.all())
    boss = type(boss).objects.get(pk=boss.pk)
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, boss, declare=False))
    send_reminders(today=timezone.localdate() + timedelta(days=30))
    assert _reminders(f"reminder:decide:{boss.pk}:") == 0


def test_send_reminders_failing_mail_server_loses_nothing(mail_server_down, django_capture_on_commit_callbacks):
    """The mail server refuses: the e-mail stays recorded as failed, and the resend sends it later."""
    settings = mail_server_down
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    _age(assignment, 10)

    with pytest.raises((ConnectionRefusedError, Retry)), django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    email = OutgoingEmail.objects.get(key__startswith=f"reminder:review:{assignment.pk}:")
    assert email.status == OutgoingEmail.Status.FAILED
    assert "refused" in email.last_error.lower()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    send_queued_email(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert any(assignment.reviewer.email in m.to for m in mail.outbox)
