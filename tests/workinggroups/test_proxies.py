"""Proxies (services/proxies.py): given to an eligible member, taken back while the ballot is open."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from notifications.models import OutgoingEmail
from tests import factories
from tests.factories import applicants as fa
from tests.factories import groups as fg
from workinggroups import services
from workinggroups.models import Ballot, CastBallot, Proxy, RosterEntry

pytestmark = pytest.mark.django_db


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


# Taking a proxy back ----------------------------------------------------------------------------------


def test_delegating_organisation_takes_back_its_proxy_and_votes_itself(group):
    delegator_user, delegator = fg.voter(group)
    holder_user, holder = fg.voter(group)
    ballot = fg.ballot(group)
    services.give_proxy(ballot=ballot, organisation=delegator, holder=holder, by=delegator_user)
    services.cast_vote(ballot=ballot, organisation=delegator, choice="Yes", by=holder_user)

    services.revoke_proxy(ballot=ballot, organisation=delegator, by=delegator_user)

    assert not Proxy.objects.exists()
    entry = AuditEntry.objects.get(action="ballot.proxy_revoked")
    assert entry.data == {"organisation": delegator.pk, "holder": holder.pk} and entry.actor == delegator_user
    assert OutgoingEmail.objects.filter(to=[holder_user.email], subject__contains="took back its vote").exists()
    # The vote cast by proxy stays as cast until the organisation changes it; the holder can no longer.
    assert CastBallot.objects.get(organisation=delegator).proxy_holder == holder
    with pytest.raises(PermissionDenied):
        services.cast_vote(ballot=ballot, organisation=delegator, choice="No", by=holder_user)
    cast = services.cast_vote(ballot=ballot, organisation=delegator, choice="No", by=delegator_user)
    assert (cast.choice, cast.revision, cast.proxy_holder) == ("No", 2, None)
    assert services.verify_chain(Ballot.objects.get(pk=ballot.pk)).intact


def test_only_the_delegating_organisation_takes_back_its_proxy_and_only_while_open(group):
    delegator_user, delegator = fg.voter(group)
    holder_user, holder = fg.voter(group)
    ballot = fg.ballot(group)
    with pytest.raises(ValidationError):
        services.revoke_proxy(ballot=ballot, organisation=delegator, by=delegator_user)
    services.give_proxy(ballot=ballot, organisation=delegator, holder=holder, by=delegator_user)
    with pytest.raises(PermissionDenied):
        services.revoke_proxy(ballot=ballot, organisation=delegator, by=holder_user)
    services.close_ballot(ballot=ballot)
    with pytest.raises(ValidationError):
        services.revoke_proxy(ballot=ballot, organisation=delegator, by=delegator_user)
    assert Proxy.objects.count() == 1


@pytest.mark.parametrize("who", ["secretariat", "superuser", "observer"])
def test_give_proxy_refused_without_permission(group, who):
    """Only the group's voters give a proxy (workinggroups.vote): not staff, the superuser or an observer."""
    _user, organisation = fg.voter(group)
    _holder_user, holder = fg.voter(group)
    ballot = fg.ballot(group)
    by = {
        "secretariat": fg.secretariat,
        "superuser": fa.superuser,
        "observer": lambda: fg.voter(
            group, organisation=organisation, user=factories.UserFactory(), role=RosterEntry.Role.OBSERVER
        )[0],
    }[who]()
    with pytest.raises(PermissionDenied):
        services.give_proxy(ballot=ballot, organisation=organisation, holder=holder, by=by)
    assert not Proxy.objects.exists()


@pytest.mark.parametrize("who", ["secretariat", "superuser"])
def test_revoke_proxy_refused_without_permission(group, who):
    delegator_user, delegator = fg.voter(group)
    _holder_user, holder = fg.voter(group)
    ballot = fg.ballot(group)
    services.give_proxy(ballot=ballot, organisation=delegator, holder=holder, by=delegator_user)
    by = {"secretariat": fg.secretariat, "superuser": fa.superuser}[who]()
    with pytest.raises(PermissionDenied):
        services.revoke_proxy(ballot=ballot, organisation=delegator, by=by)
    assert Proxy.objects.count() == 1
