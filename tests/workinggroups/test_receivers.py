"""What the working groups do when memberships announce a change (workinggroups/receivers.py)."""

import pytest
from django.core import mail

from audit.models import AuditEntry
from memberships import services as membership_services
from memberships.models import MemberRepresentative, Membership
from notifications.models import OutgoingEmail
from reviews.services.decision import decide
from tests import factories
from tests.factories import groups as fg
from tests.factories import reviews as rf
from workinggroups import services
from workinggroups.models import CastBallot, JoinRequest, Proxy, RosterEntry, WorkingGroup

pytestmark = pytest.mark.django_db


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


# An organisation is admitted ---------------------------------------------------------------------------


def test_admission_turns_the_groups_ticked_in_the_application_into_join_requests(group):
    owner = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=owner)
    application = factories.ApplicationFactory(organisation=organisation, created_by=owner, state="approved")
    application.working_groups.set([group])
    decider = fg.decision_maker()
    for _ in range(2):  # admitted again (e.g. after an ended membership): no second request
        membership_services.admit(
            organisation=organisation, alliance=group.alliance, by=decider, application=application
        )
    [join_request] = JoinRequest.objects.all()
    assert (join_request.group, join_request.user, join_request.organisation, join_request.state) == (
        group,
        owner,
        organisation,
        "pending",
    )
    assert AuditEntry.objects.get(action="workinggroup.join_requested").actor == decider


def test_admission_without_an_application_requests_nothing(group):
    organisation = factories.OrganisationFactory(owner=factories.UserFactory())
    membership_services.admit(organisation=organisation, alliance=group.alliance, by=fg.decision_maker())
    assert not JoinRequest.objects.exists()


def test_approving_an_application_makes_its_ticked_groups_join_requests_and_tells_the_secretariat(
    group, django_capture_on_commit_callbacks
):
    secretariat = fg.secretariat()
    boss = rf.decision_maker()
    application = rf.reviewed_application(by=boss)
    owner = rf.applicant_of(application)
    application.working_groups.set([group, fg.group("skills")])
    # The author no longer acts for the organisation: the request goes to its owner.
    application.organisation.memberships_of_users.filter(user=application.created_by).exclude(user=owner).delete()
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            application=application,
            by=boss,
            outcome="approve",
            justification="Strong on every criterion.",
            evaluation_summary=rf.summary_for(application),
        )
    requests = JoinRequest.objects.filter(organisation=application.organisation, state="pending")
    assert sorted(r.group.slug for r in requests) == ["skills", "supply-chains"]
    # The factory's author does not act for the organisation: the request goes to its owner.
    assert {r.user for r in requests} == {owner}
    assert any(secretariat.email in m.to and "asks to join 2 working groups" in m.subject for m in mail.outbox)
