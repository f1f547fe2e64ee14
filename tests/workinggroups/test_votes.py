"""Casting a vote (services/votes.py): one vote per organisation, cast by a named representative of an active member."""

import logging
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEntry
from memberships import services as membership_services
from memberships.models import Membership
from tests import factories
from tests.factories import applicants as fa
from tests.factories import groups as fg
from workinggroups import selectors, services
from workinggroups.models import AnonymousChoice, Ballot, CastBallot, Proxy, RosterEntry

pytestmark = pytest.mark.django_db


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
    membership_services.suspend(membership=membership, by=fg.decision_maker(), reason="Sanctions review")
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


def test_secret_ballot_audit_trail_and_admin_never_hold_the_choice(group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group, is_secret=True, kind="choice", options=["Lisbon", "Dresden"])
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Dresden", by=user)
    services.close_ballot(ballot=ballot)
    assert not any("Dresden" in str(entry.data) for entry in AuditEntry.objects.filter(action="ballot.vote_cast"))
    assert not admin.site.is_registered(CastBallot) and not admin.site.is_registered(AnonymousChoice)


# A removed representative ------------------------------------------------------------------------------


def test_person_no_longer_named_cannot_vote_or_give_a_proxy(group):
    user, organisation = fg.voter(group)
    _, other = fg.voter(group)
    ballot = fg.ballot(group)
    fg.unname(user, organisation)
    assert selectors.votable_organisations(ballot, user) == []
    with pytest.raises(PermissionDenied):
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    with pytest.raises(PermissionDenied):
        services.give_proxy(ballot=ballot, organisation=organisation, holder=other, by=user)
    assert not CastBallot.objects.exists() and not Proxy.objects.exists()


def test_colleague_still_named_votes_for_the_organisation(group):
    user, organisation = fg.voter(group)
    colleague = factories.UserFactory()
    fg.voter(group, organisation=organisation, user=colleague)
    ballot = fg.ballot(group)
    fg.unname(user, organisation)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=colleague)
    assert CastBallot.objects.get().cast_by == colleague


def test_proxy_holder_person_no_longer_named_cannot_cast_the_proxy(group):
    delegator_user, delegator = fg.voter(group)
    holder_user, holder = fg.voter(group)
    ballot = fg.ballot(group)
    services.give_proxy(ballot=ballot, organisation=delegator, holder=holder, by=delegator_user)
    fg.unname(holder_user, holder)
    with pytest.raises(PermissionDenied):
        services.cast_vote(ballot=ballot, organisation=delegator, choice="Yes", by=holder_user)


def test_vote_cast_while_active_stays_counted_after_suspension(group):
    user, organisation = fg.voter(group)
    fg.voter(group)
    ballot = fg.ballot(group, quorum_percent=50)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    membership_services.suspend(
        membership=Membership.objects.get(organisation=organisation), by=fg.decision_maker(), reason="Audit"
    )
    ballot = services.close_ballot(ballot=ballot)
    assert (ballot.eligible_count, ballot.participant_count, ballot.counts["Yes"]) == (2, 1, 1)
    assert ballot.carried


def test_a_refused_vote_is_logged_as_a_warning_without_the_choice(group, caplog):
    _, organisation = fg.voter(group)
    other_voter, _other = fg.voter(group)  # a voter of the group, for another organisation
    ballot = fg.ballot(group)
    with caplog.at_level(logging.WARNING, logger="workinggroups"), pytest.raises(PermissionDenied):
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=other_voter)
    [record] = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        f"Ballot {ballot.pk}: user {other_voter.pk} refused a vote for organisation {organisation.pk}"
    )


@pytest.mark.parametrize("who", ["outsider", "secretariat", "decision_maker", "superuser", "observer"])
def test_cast_vote_refused_without_permission(group, who, caplog):
    """Only the group's voters vote (workinggroups.vote): staff, the superuser and an observer are refused."""
    _, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    by = {
        "outsider": factories.UserFactory,
        "secretariat": fg.secretariat,
        "decision_maker": fg.decision_maker,
        "superuser": fa.superuser,
        "observer": lambda: fg.voter(group, role=RosterEntry.Role.OBSERVER)[0],
    }[who]()
    with caplog.at_level(logging.WARNING, logger="accounts"), pytest.raises(PermissionDenied):
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=by)
    assert not CastBallot.objects.exists()
    assert [r.getMessage() for r in caplog.records if r.name == "accounts.permissions"] == [
        f"Refused workinggroups.vote on {ballot!r} to user {by.pk}"
    ]
