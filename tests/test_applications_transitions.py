"""Only the moves of Application.ALLOWED_MOVES exist; each is recorded (who, from, to, why) and notifies the
applicant by e-mail; every other move is refused and changes nothing."""

import pytest
from django.core import mail

from applications import services
from applications.models import Application
from audit.models import AuditEntry
from notifications.models import OutgoingEmail
from tests import factories
from tests.factories import applicants as fa

pytestmark = pytest.mark.django_db

STATES = list(Application.State.values)
ALLOWED = [(a, b) for a in STATES for b in STATES if b in Application.ALLOWED_MOVES[a]]
REFUSED = [(a, b) for a in STATES for b in STATES if b not in Application.ALLOWED_MOVES[a]]


def test_allowed_moves_table_is_the_domain_life_cycle():
    assert set(ALLOWED) == {
        ("draft", "submitted"),
        ("draft", "withdrawn"),
        ("submitted", "under_review"),
        ("submitted", "withdrawn"),
        ("under_review", "clarification_requested"),
        ("under_review", "approved"),
        ("under_review", "rejected"),
        ("under_review", "withdrawn"),
        ("clarification_requested", "under_review"),
        ("clarification_requested", "withdrawn"),
    }


@pytest.mark.parametrize(("from_state", "to_state"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_allowed_move_is_recorded_and_queues_an_email(from_state, to_state, django_capture_on_commit_callbacks):
    application = fa.application_in_state(from_state)
    actor = factories.UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.transition(application=application, to_state=to_state, by=actor, reason="Because.")

    assert moved.state == to_state
    application.refresh_from_db()
    assert application.state == to_state
    entry = AuditEntry.objects.get(action="application.state_changed", target_id=str(application.pk))
    assert (entry.actor, entry.from_state, entry.to_state, entry.reason) == (actor, from_state, to_state, "Because.")
    email = OutgoingEmail.objects.get(key=f"application:{application.pk}:{to_state}:audit:{entry.pk}")
    owner = application.organisation.users.get()
    assert owner.email in email.to
    assert application.organisation.contact_email in email.to
    assert email.status == OutgoingEmail.Status.SENT
    assert mail.outbox[-1].subject == email.subject


@pytest.mark.parametrize(("from_state", "to_state"), REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_disallowed_move_is_refused_and_changes_nothing(from_state, to_state):
    application = fa.application_in_state(from_state)
    before = Application.objects.filter(pk=application.pk).values().get()

    with pytest.raises(services.TransitionNotAllowed):
        services.transition(application=application, to_state=to_state, by=factories.UserFactory())

    assert Application.objects.filter(pk=application.pk).values().get() == before
    assert not AuditEntry.objects.filter(action="application.state_changed").exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("decided", ["approved", "rejected"])
def test_withdrawal_is_refused_after_the_decision(client, decided):
    application = fa.application_in_state(decided)
    owner = application.organisation.users.get()
    client.force_login(owner)

    with pytest.raises(services.TransitionNotAllowed):
        services.withdraw(application=application, by=owner, reason="Changed our mind.")
    page = client.get(f"/applications/{application.pk}/")
    response = client.post(f"/applications/{application.pk}/withdraw/", {"reason": "Changed our mind."}, follow=True)

    assert "Withdraw the application" not in page.content.decode()
    assert "This application can no longer be withdrawn." in response.content.decode()
    application.refresh_from_db()
    assert application.state == decided
    assert not AuditEntry.objects.filter(action="application.state_changed").exists()
