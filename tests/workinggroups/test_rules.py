"""Who sees what in the working groups (workinggroups/rules.py), derived from active memberships."""

import pytest
from django.urls import reverse

from memberships.models import Membership
from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from workinggroups import services
from workinggroups.models import RosterEntry

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
