"""Ballots (services/ballots.py): opening fixes the eligible set, closing freezes the result, the scheduler."""

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from memberships.models import Membership
from notifications.models import OutgoingEmail
from tests.factories import groups as fg
from workinggroups import services
from workinggroups.models import Ballot, EligibleOrganisation, RosterEntry
from workinggroups.tasks import close_due_ballots

pytestmark = pytest.mark.django_db


def test_open_ballot_fixes_eligible_active_members_on_roster(group):
    _, voting = fg.voter(group)
    _, observer_org = fg.voter(group, role=RosterEntry.Role.OBSERVER)
    suspended_user, suspended = fg.voter(group)
    Membership.objects.filter(organisation=suspended).update(state="suspended")
    fg.voter(fg.group("pfas"))
    ballot = fg.ballot(group)
    eligible = set(EligibleOrganisation.objects.filter(ballot=ballot).values_list("organisation_id", flat=True))
    assert eligible == {voting.pk}
    assert ballot.eligible_count == 1
    # Joining later changes nothing: eligibility was fixed when the ballot opened.
    fg.voter(group)
    assert EligibleOrganisation.objects.filter(ballot=ballot).count() == 1


def test_close_computes_turnout_quorum_and_outcome_and_emails_group(group, django_capture_on_commit_callbacks):
    voters = [fg.voter(group) for _ in range(4)]
    ballot = fg.ballot(group, quorum_percent=50)
    for (user, organisation), choice in zip(voters[:2], ["Yes", "Abstain"], strict=True):
        services.cast_vote(ballot=ballot, organisation=organisation, choice=choice, by=user)
    with django_capture_on_commit_callbacks(execute=True):
        ballot = services.close_ballot(ballot=ballot, by=fg.secretariat(), reason="Everyone has voted.")
    assert ballot.state == "closed" and ballot.quorum_reached and ballot.carried
    assert (ballot.eligible_count, ballot.participant_count) == (4, 2)
    assert ballot.counts == {"Yes": 1, "No": 0, "Abstain": 1}
    assert any("Carried." in message.body for message in mail.outbox)


def test_close_due_ballots_task_closes_only_due_ones(group):
    fg.voter(group)
    due = fg.ballot(group)
    later = fg.ballot(group, minutes=120)
    Ballot.objects.filter(pk=due.pk).update(
        opens_at=timezone.now() - timedelta(hours=1), closes_at=timezone.now() - timedelta(seconds=5)
    )
    result = close_due_ballots.delay().get()
    assert result == {"opened": 0, "closed": 1}
    assert Ballot.objects.get(pk=due.pk).is_closed and Ballot.objects.get(pk=later.pk).is_open
    assert close_due_ballots.delay().get() == {"opened": 0, "closed": 0}


def test_scheduled_ballot_opens_when_due(group):
    fg.voter(group)
    ballot = services.create_ballot(
        group=group,
        by=fg.secretariat(),
        question="Later?",
        opens_at=timezone.now() + timedelta(minutes=5),
        closes_at=timezone.now() + timedelta(minutes=65),
    )
    assert ballot.state == "scheduled"
    assert services.process_due_ballots(now=timezone.now() + timedelta(minutes=6)) == (1, 0)
    ballot.refresh_from_db()
    assert ballot.is_open and ballot.eligible_count == 1


def test_choice_ballot_needs_two_options(group):
    with pytest.raises(ValidationError):
        fg.ballot(group, kind="choice", options=["Only one"])
    ballot = fg.ballot(group, kind="choice", options=["Lisbon", "Dresden"])
    assert ballot.options == ["Lisbon", "Dresden", "Abstain"]


def test_beat_task_name_matches_the_schedule():
    assert settings.CELERY_BEAT_SCHEDULE["close-due-ballots"]["task"] == close_due_ballots.name


def test_open_ballot_counts_only_organisations_with_a_named_representative_on_the_roster(group):
    _, named = fg.voter(group)
    user, unnamed = fg.voter(group)
    fg.unname(user, unnamed)
    ballot = fg.ballot(group)
    assert set(EligibleOrganisation.objects.filter(ballot=ballot).values_list("organisation_id", flat=True)) == {
        named.pk
    }
    assert ballot.eligible_count == 1
    assert not OutgoingEmail.objects.filter(key=f"ballot:{ballot.pk}:opened:{user.pk}").exists()


def test_opening_and_closing_a_ballot_are_logged_for_the_operator(group, caplog):
    fg.voter(group)
    with caplog.at_level(logging.INFO, logger="workinggroups"):
        ballot = fg.ballot(group)
        services.close_ballot(ballot=ballot, by=fg.secretariat(), reason="Everyone has voted.")
    logged = [(record.levelno, record.getMessage()) for record in caplog.records]
    assert (logging.INFO, f"Ballot {ballot.pk} opened with 1 eligible organisations") in logged
    assert (logging.INFO, f"Ballot {ballot.pk} closed: no_quorum (0 of 1 took part)") in logged


@pytest.mark.parametrize("who", ["member", "decision_maker"])
def test_open_ballot_refused_without_permission(group, who):
    """A person opens a scheduled ballot early only as the secretariat or a chair (workinggroups.manage_ballot)."""
    member, _organisation = fg.voter(group)
    ballot = services.create_ballot(
        group=group,
        by=fg.secretariat(),
        question="Later?",
        opens_at=timezone.now() + timedelta(minutes=5),
        closes_at=timezone.now() + timedelta(minutes=65),
    )
    by = {"member": lambda: member, "decision_maker": fg.decision_maker}[who]()
    with pytest.raises(PermissionDenied):
        services.open_ballot(ballot=ballot, by=by)
    ballot.refresh_from_db()
    assert ballot.state == Ballot.State.SCHEDULED and not EligibleOrganisation.objects.filter(ballot=ballot).exists()
