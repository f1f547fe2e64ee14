"""Who sees what in the working groups (workinggroups/rules.py), derived from active memberships."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from memberships.models import Membership
from tests import factories
from tests.factories import groups as fg
from tests.factories import reviews as rf
from tests.helpers import login
from workinggroups import services
from workinggroups.models import Ballot, RosterEntry

pytestmark = pytest.mark.django_db


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


# Issue 9: the chair's powers. A voter never sees a running count; a ballot closes early only by the secretariat,
# with a recorded reason, or by its closing time (the rule fixed when it opened).

RUNNING_COUNT = "Running count (for the secretariat only; published at closing)"


@pytest.fixture
def ballot_with_votes(group):
    """An open named ballot: a member voted Yes, the chair's organisation has not voted yet."""
    member, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=member)
    return ballot


def test_chair_sees_no_running_count_of_an_open_named_ballot(client, group, ballot_with_votes):
    chair, _organisation = fg.voter(group, role=RosterEntry.Role.CHAIR)
    client.force_login(chair)

    body = client.get(reverse("workinggroups:ballot", args=[ballot_with_votes.pk])).content.decode()

    assert RUNNING_COUNT not in body
    assert "Votes per option" not in body
    assert "shown at closing" in body  # the other organisation's choice stays hidden until closing


def test_secretariat_sees_the_running_count(client, group, ballot_with_votes):
    client.force_login(rf.with_totp(fg.secretariat()))

    body = client.get(reverse("workinggroups:ballot", args=[ballot_with_votes.pk])).content.decode()

    assert RUNNING_COUNT in body


def test_chair_cannot_close_a_ballot_early_even_with_a_reason(client, group, ballot_with_votes):
    chair, _organisation = fg.voter(group, role=RosterEntry.Role.CHAIR)
    client.force_login(chair)

    response = client.post(
        reverse("workinggroups:ballot_close", args=[ballot_with_votes.pk]), {"reason": "We have heard enough."}
    )

    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.close_ballot(ballot=ballot_with_votes, by=chair, reason="We have heard enough.")
    assert Ballot.objects.get(pk=ballot_with_votes.pk).is_open


def test_secretariat_closes_early_only_with_a_reason(client, group, ballot_with_votes):
    secretariat = rf.with_totp(fg.secretariat())
    client.force_login(secretariat)
    url = reverse("workinggroups:ballot_close", args=[ballot_with_votes.pk])

    client.post(url, {"reason": "  "})
    assert Ballot.objects.get(pk=ballot_with_votes.pk).is_open
    with pytest.raises(ValidationError):
        services.close_ballot(ballot=ballot_with_votes, by=secretariat)
    assert Ballot.objects.get(pk=ballot_with_votes.pk).is_open

    client.post(url, {"reason": "The plenary agreed to close it today."})

    assert Ballot.objects.get(pk=ballot_with_votes.pk).is_closed
    entry = AuditEntry.objects.get(action="ballot.closed", target_id=str(ballot_with_votes.pk))
    assert entry.actor == secretariat
    assert entry.reason == "The plenary agreed to close it today."
    assert entry.data["closed_early"] is True


def test_closing_time_closes_the_ballot_without_a_person(group, ballot_with_votes):
    services.close_ballot(ballot=ballot_with_votes)  # what process_due_ballots does at the closing time

    entry = AuditEntry.objects.get(action="ballot.closed", target_id=str(ballot_with_votes.pk))
    assert entry.actor is None and entry.reason == "" and entry.data["closed_early"] is False
