from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from memberships import services as membership_services
from memberships.models import Membership
from tests import factories
from tests.factories import groups as fg
from workinggroups import services
from workinggroups.models import AnonymousChoice, Ballot, CastBallot, EligibleOrganisation, RosterEntry
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


def test_one_organisation_has_one_vote_whatever_its_people(group):
    first, organisation = fg.voter(group)
    colleague = factories.UserFactory()
    fg.voter(group, organisation=organisation, user=colleague)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=first)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=colleague)
    cast = CastBallot.objects.get(ballot=ballot)
    assert (cast.choice, cast.revision, cast.cast_by) == ("No", 2, colleague)


def test_second_cast_ballot_row_is_impossible_in_the_database(group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    cast = services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        CastBallot.objects.create(
            ballot=ballot,
            organisation=organisation,
            cast_by=user,
            choice="No",
            position=cast.position + 1,
            cast_at=timezone.now(),
            previous_hash="",
            entry_hash="",
        )


def test_suspended_member_cannot_vote(group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    membership = Membership.objects.get(organisation=organisation)
    membership_services.suspend(membership=membership, by=fg.secretariat(), reason="Sanctions review")
    with pytest.raises(PermissionDenied):
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    assert not CastBallot.objects.exists()


def test_person_not_on_roster_cannot_vote_for_organisation(group):
    _, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    with pytest.raises(PermissionDenied):
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=factories.UserFactory())


def test_closed_ballot_accepts_nothing(group):
    user, organisation = fg.voter(group)
    other_user, other = fg.voter(group)
    ballot = fg.ballot(group)
    services.close_ballot(ballot=ballot, by=fg.secretariat(), reason="Everyone has voted.")
    with pytest.raises(ValidationError):
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    with pytest.raises(ValidationError):
        services.give_proxy(ballot=ballot, organisation=organisation, holder=other, by=user)
    with pytest.raises(ValidationError):
        services.close_ballot(ballot=ballot)
    assert not CastBallot.objects.exists()


def test_ballot_past_closing_time_accepts_nothing_before_beat_runs(group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=timezone.now() - timedelta(hours=1), closes_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError):
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)


def test_invalid_choice_is_refused(group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    with pytest.raises(ValidationError):
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Maybe", by=user)


def test_proxy_holder_casts_for_both_and_delegator_cannot_vote(group):
    delegator_user, delegator = fg.voter(group)
    holder_user, holder = fg.voter(group)
    ballot = fg.ballot(group)
    services.give_proxy(ballot=ballot, organisation=delegator, holder=holder, by=delegator_user)
    with pytest.raises(PermissionDenied):
        services.cast_vote(ballot=ballot, organisation=delegator, choice="No", by=delegator_user)
    services.cast_vote(ballot=ballot, organisation=holder, choice="Yes", by=holder_user)
    cast = services.cast_vote(ballot=ballot, organisation=delegator, choice="Yes", by=holder_user)
    assert cast.proxy_holder == holder
    ballot = services.close_ballot(ballot=ballot)
    assert ballot.counts["Yes"] == 2 and ballot.participant_count == 2 and ballot.carried


def test_proxy_after_voting_or_to_a_delegator_is_refused(group):
    a_user, a = fg.voter(group)
    b_user, b = fg.voter(group)
    c_user, c = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=a, choice="Yes", by=a_user)
    with pytest.raises(ValidationError):
        services.give_proxy(ballot=ballot, organisation=a, holder=b, by=a_user)
    services.give_proxy(ballot=ballot, organisation=b, holder=c, by=b_user)
    with pytest.raises(ValidationError):
        services.give_proxy(ballot=ballot, organisation=c, holder=b, by=c_user)


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


def test_secret_ballot_keeps_choice_apart_from_organisation(group):
    user, organisation = fg.voter(group)
    other_user, other = fg.voter(group)
    ballot = fg.ballot(group, is_secret=True)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=user)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    services.cast_vote(ballot=ballot, organisation=other, choice="No", by=other_user)
    assert set(CastBallot.objects.values_list("choice", flat=True)) == {""}
    assert sorted(AnonymousChoice.objects.values_list("choice", flat=True)) == ["No", "Yes"]
    ballot = services.close_ballot(ballot=ballot)
    assert ballot.counts == {"Yes": 1, "No": 1, "Abstain": 0} and ballot.outcome == "tie"
    assert not AnonymousChoice.objects.filter(key__isnull=False).exists()
    assert services.verify_chain(ballot).intact


def test_chain_intact_after_votes_and_changes(group):
    people = [fg.voter(group) for _ in range(3)]
    ballot = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    services.cast_vote(ballot=ballot, organisation=people[0][1], choice="No", by=people[0][0])
    check = services.verify_chain(Ballot.objects.get(pk=ballot.pk))
    assert check.intact and check.links == 3
    call_command("verify_ballots", ballot.pk)


def test_chain_check_catches_an_altered_vote(group):
    people = [fg.voter(group) for _ in range(3)]
    ballot = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    CastBallot.objects.filter(ballot=ballot, organisation=people[1][1]).update(choice="No")
    check = services.verify_chain(Ballot.objects.get(pk=ballot.pk))
    assert not check.intact and "altered" in " ".join(check.problems)
    with pytest.raises(CommandError):
        call_command("verify_ballots", ballot.pk)


def test_chain_check_catches_an_altered_secret_choice_and_a_deleted_row(group):
    people = [fg.voter(group) for _ in range(2)]
    ballot = fg.ballot(group, is_secret=True)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    ballot = services.close_ballot(ballot=ballot)
    AnonymousChoice.objects.filter(pk=AnonymousChoice.objects.first().pk).update(choice="No")
    assert not services.verify_chain(ballot).intact
    named = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=named, organisation=organisation, choice="Yes", by=user)
    CastBallot.objects.filter(ballot=named).order_by("-position").first().delete()
    assert not services.verify_chain(Ballot.objects.get(pk=named.pk)).intact


def test_choice_ballot_needs_two_options(group):
    with pytest.raises(ValidationError):
        fg.ballot(group, kind="choice", options=["Only one"])
    ballot = fg.ballot(group, kind="choice", options=["Lisbon", "Dresden"])
    assert ballot.options == ["Lisbon", "Dresden", "Abstain"]


def test_secret_ballot_audit_trail_and_admin_never_hold_the_choice(group):
    from django.contrib import admin

    from audit.models import AuditEntry

    user, organisation = fg.voter(group)
    ballot = fg.ballot(group, is_secret=True, kind="choice", options=["Lisbon", "Dresden"])
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Dresden", by=user)
    services.close_ballot(ballot=ballot)
    assert not any("Dresden" in str(entry.data) for entry in AuditEntry.objects.filter(action="ballot.vote_cast"))
    assert not admin.site.is_registered(CastBallot) and not admin.site.is_registered(AnonymousChoice)


def test_beat_task_name_matches_the_schedule():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["close-due-ballots"]["task"] == close_due_ballots.name
