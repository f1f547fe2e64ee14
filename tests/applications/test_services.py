"""Starting an application, the one open application per organisation and alliance, submission, and the
life cycle: only the moves of Application.ALLOWED_MOVES exist; each is recorded (who, from, to, why) and
notifies the applicant by e-mail; every other move is refused and changes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from applications import services
from applications.models import Application, CriterionAnswer
from audit.models import AuditEntry
from common.table_versions import PendingMoves
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


def test_start_application_takes_the_alliance_current_criteria_and_the_profile_activities(draft, organisation):
    assert draft.state == Application.State.DRAFT
    assert draft.criteria_version.criteria.count() == 7
    assert draft.value_chain_segments == organisation.value_chain_segments


def test_start_application_refuses_an_organisation_without_eu_legal_representative(applicant, semiconductors):
    outsider = factories.OrganisationFactory(owner=applicant, legal_representative_country="US")

    with pytest.raises(ValidationError, match="legal representative in an EU member state"):
        services.start_application(organisation=outsider, alliance=semiconductors, by=applicant)


def test_start_application_refuses_a_closed_alliance(organisation, applicant, semiconductors):
    semiconductors.is_open = False
    semiconductors.save()

    with pytest.raises(ValidationError, match="not open for applications"):
        services.start_application(organisation=organisation, alliance=semiconductors, by=applicant)


def test_one_open_application_per_organisation_and_alliance_is_a_database_constraint(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            organisation=draft.organisation,
            alliance=draft.alliance,
            criteria_version=draft.criteria_version,
            created_by=draft.created_by,
            state=Application.State.SUBMITTED,
        )


def test_new_application_is_allowed_after_the_previous_one_was_withdrawn(draft, applicant):
    services.withdraw(application=draft, by=applicant, reason="Wrong alliance")

    again = services.start_application(organisation=draft.organisation, alliance=draft.alliance, by=applicant)

    assert again.pk != draft.pk


def test_submit_with_a_gate_answered_no_is_refused(draft, applicant):
    factories.ready_to_submit(draft)
    CriterionAnswer.objects.filter(application=draft, criterion__code="legal-representative").update(meets=False)

    with pytest.raises(ValidationError, match="must be met"):
        services.submit(application=draft, by=applicant)


def test_receipt_is_sent_only_after_the_transaction_commits(draft, applicant, django_capture_on_commit_callbacks):
    factories.ready_to_submit(draft)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit(application=draft, by=applicant)

    assert mail.outbox == []
    # Besides the receipt: the cached pages' table versions move once more on commit (common.table_versions).
    assert len([c for c in callbacks if not isinstance(getattr(c, "__self__", None), PendingMoves)]) == 1


def test_transition_refuses_a_move_that_does_not_exist(draft, applicant):
    with pytest.raises(services.TransitionNotAllowed):
        services.transition(application=draft, to_state=Application.State.APPROVED, by=applicant)

    draft.refresh_from_db()
    assert draft.state == Application.State.DRAFT
    assert not AuditEntry.objects.filter(action="application.state_changed").exists()


def test_a_state_change_is_logged_for_the_operator(draft, applicant, caplog):
    caplog.set_level("INFO", logger="applications.services")
    factories.ready_to_submit(draft)

    services.submit(application=draft, by=applicant)

    [entry] = [record for record in caplog.records if record.name == "applications.services"]
    assert entry.levelname == "INFO"
    assert entry.getMessage() == f"Application {draft.pk} moved from draft to submitted (by user {applicant.pk})"


def test_a_refused_move_is_logged_as_a_warning(draft, applicant, caplog):
    with pytest.raises(services.TransitionNotAllowed):
        services.transition(application=draft, to_state=Application.State.APPROVED, by=applicant)

    [entry] = [record for record in caplog.records if record.name == "applications.services"]
    assert entry.levelname == "WARNING"
    assert f"Refused to move application {draft.pk} from draft to approved" in entry.getMessage()
