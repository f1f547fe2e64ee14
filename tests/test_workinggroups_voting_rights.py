"""Who votes: named representatives of active members; proxies that cannot be used are given back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from memberships import services as membership_services
from memberships.models import MemberRepresentative, Membership
from notifications.models import OutgoingEmail
from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from workinggroups import selectors, services
from workinggroups.models import Ballot, CastBallot, EligibleOrganisation, Proxy, RosterEntry, WorkingGroup

pytestmark = pytest.mark.django_db


def _unname(user, organisation):
    """The organisation stops naming the person, behind the portal's back (the roster is not touched)."""
    MemberRepresentative.objects.filter(user=user, membership__organisation=organisation).delete()


# A removed representative ------------------------------------------------------------------------------


def test_person_no_longer_named_cannot_vote_or_give_a_proxy(group):
    user, organisation = fg.voter(group)
    _, other = fg.voter(group)
    ballot = fg.ballot(group)
    _unname(user, organisation)
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
    _unname(user, organisation)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=colleague)
    assert CastBallot.objects.get().cast_by == colleague


def test_proxy_holder_person_no_longer_named_cannot_cast_the_proxy(group):
    delegator_user, delegator = fg.voter(group)
    holder_user, holder = fg.voter(group)
    ballot = fg.ballot(group)
    services.give_proxy(ballot=ballot, organisation=delegator, holder=holder, by=delegator_user)
    _unname(holder_user, holder)
    with pytest.raises(PermissionDenied):
        services.cast_vote(ballot=ballot, organisation=delegator, choice="Yes", by=holder_user)


def test_open_ballot_counts_only_organisations_with_a_named_representative_on_the_roster(group):
    _, named = fg.voter(group)
    user, unnamed = fg.voter(group)
    _unname(user, unnamed)
    ballot = fg.ballot(group)
    assert set(EligibleOrganisation.objects.filter(ballot=ballot).values_list("organisation_id", flat=True)) == {
        named.pk
    }
    assert ballot.eligible_count == 1
    assert not OutgoingEmail.objects.filter(key=f"ballot:{ballot.pk}:opened:{user.pk}").exists()


def test_removing_a_representative_takes_them_off_voting_roles_in_the_alliances_groups(group):
    user, organisation = fg.voter(group)
    fg.voter(fg.group("pfas"), organisation=organisation, user=user, role=RosterEntry.Role.CHAIR)
    fg.voter(fg.group("skills"), organisation=organisation, user=user, role=RosterEntry.Role.OBSERVER)
    cloud_group = WorkingGroup.objects.create(alliance=factories.alliance("industrial-cloud"), slug="edge", name="Edge")
    fg.voter(cloud_group, organisation=organisation, user=user)
    membership = Membership.objects.get(organisation=organisation, alliance=group.alliance)
    representative = MemberRepresentative.objects.get(membership=membership, user=user)

    membership_services.remove_representative(representative=representative, by=user)

    remaining = dict(RosterEntry.objects.filter(user=user).values_list("group__slug", "role"))
    assert remaining == {"skills": "observer", "edge": "member_representative"}
    removals = AuditEntry.objects.filter(action="workinggroup.roster_removed")
    assert sorted(entry.from_state for entry in removals) == ["chair", "member_representative"]
    assert all("no longer names" in entry.reason and entry.actor == user for entry in removals)
    told = OutgoingEmail.objects.filter(to=[user.email], subject__startswith="You are no longer on the roster")
    assert told.count() == 2


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


def test_ballot_page_offers_to_take_the_proxy_back(client, group):
    delegator_user, delegator = fg.voter(group)
    _, holder = fg.voter(group)
    ballot = fg.ballot(group)
    services.give_proxy(ballot=ballot, organisation=delegator, holder=holder, by=delegator_user)
    login(client, delegator_user)
    page = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert f"Take back the vote of {delegator.legal_name}" in page
    assert f"Cast the vote of {delegator.legal_name}" not in page
    client.post(reverse("workinggroups:ballot_proxy_revoke", args=[ballot.pk]), {"organisation": delegator.pk})
    assert not Proxy.objects.exists()
    page = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert f"Cast the vote of {delegator.legal_name}" in page


# The holder's membership stops being active -----------------------------------------------------------


@pytest.mark.parametrize("change", [membership_services.suspend, membership_services.end])
def test_holder_membership_suspended_or_ended_voids_its_proxies_in_open_ballots(group, change):
    delegator_user, delegator = fg.voter(group)
    holder_user, holder = fg.voter(group)
    closed = fg.ballot(group, question="Closed before")
    services.give_proxy(ballot=closed, organisation=delegator, holder=holder, by=delegator_user)
    services.close_ballot(ballot=closed)
    ballot = fg.ballot(group)
    services.give_proxy(ballot=ballot, organisation=delegator, holder=holder, by=delegator_user)

    change(membership=Membership.objects.get(organisation=holder), by=fg.decision_maker(), reason="Sanctions")

    assert list(Proxy.objects.values_list("ballot_id", flat=True)) == [closed.pk]
    voided = AuditEntry.objects.get(action="ballot.proxy_voided")
    assert (voided.target_id, voided.reason) == (str(ballot.pk), "Sanctions")
    assert voided.data["organisation"] == delegator.pk and voided.data["holder"] == holder.pk
    email = OutgoingEmail.objects.get(key__startswith=f"ballot:{ballot.pk}:proxy_voided:")
    assert email.to == [delegator_user.email] and "cast the vote of" in email.body
    services.cast_vote(ballot=ballot, organisation=delegator, choice="Yes", by=delegator_user)
    assert CastBallot.objects.get(ballot=ballot).proxy_holder is None


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


# Powers in the group need an active membership ----------------------------------------------------------


def test_chair_whose_membership_ended_can_neither_open_nor_close_a_ballot(client, group):
    chair, organisation = fg.voter(group, role=RosterEntry.Role.CHAIR)
    ballot = fg.ballot(group)
    membership_services.end(
        membership=Membership.objects.get(organisation=organisation), by=fg.decision_maker(), reason="Left"
    )
    login(client, chair)
    create = reverse("workinggroups:ballot_create", args=[group.pk])
    assert client.get(create).status_code == 404
    response = client.post(
        create,
        {
            "question": "Still chairing?",
            "kind": "motion",
            "closes_at": "2099-01-01T12:00",
            "quorum_percent": "50",
            "majority": "simple",
            "majority_base": "cast",
        },
    )
    assert response.status_code == 404 and Ballot.objects.count() == 1
    assert client.post(reverse("workinggroups:ballot_close", args=[ballot.pk])).status_code == 404
    assert Ballot.objects.get(pk=ballot.pk).is_open


def test_suspended_members_observer_no_longer_sees_the_group_its_meetings_or_ballots(client, group):
    observer, organisation = fg.voter(group, role=RosterEntry.Role.OBSERVER)
    meeting = fg.meeting(group)
    ballot = fg.ballot(group)
    login(client, observer)
    assert client.get(reverse("workinggroups:meeting", args=[meeting.pk])).status_code == 200
    Membership.objects.filter(organisation=organisation).update(state=Membership.State.SUSPENDED)
    assert client.get(reverse("workinggroups:detail", args=[group.pk])).status_code == 404
    assert client.get(reverse("workinggroups:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("workinggroups:ballot", args=[ballot.pk])).status_code == 404
    assert ballot.question not in client.get(reverse("workinggroups:ballots")).content.decode()


def test_ad_hoc_invitee_of_a_non_member_still_sees_their_meeting(client, group):
    meeting = fg.meeting(group)
    guest_org = factories.OrganisationFactory(owner=factories.UserFactory())
    guest = guest_org.users.first()
    services.add_roster_entry(
        group=group, organisation=guest_org, user=guest, role="ad_hoc_invitee", meeting=meeting, by=fg.secretariat()
    )
    assert login(client, guest).get(reverse("workinggroups:meeting", args=[meeting.pk])).status_code == 200


def test_roster_page_does_not_claim_a_vote_for_a_person_no_longer_named(client, group):
    user, organisation = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Unnamed Org"))
    _unname(user, organisation)
    login(client, fg.secretariat())
    body = client.get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert "No vote: not a named representative of the organisation" in body
    assert "Votes for the organisation" not in body
    csv_body = client.get(reverse("workinggroups:roster_csv", args=[group.pk])).content.decode()
    assert "member_representative,no" in csv_body
