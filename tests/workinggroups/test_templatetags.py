"""The working-group links of the main navigation (templatetags/workinggroups_nav.py)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from workinggroups import services

pytestmark = pytest.mark.django_db


# Navigation and more bounded lists ---------------------------------------------------------------------


def test_nav_shows_working_groups_to_secretariat_and_ballots_to_representatives(client, group):
    body = login(client, fg.secretariat()).get(reverse("workinggroups:ballots")).content.decode()
    assert ">Working groups</a>" in body
    user, _ = fg.voter(group)
    body = login(client, user).get(reverse("workinggroups:ballots")).content.decode()
    assert ">My working groups</a>" in body and ">Ballots</a>" in body


def test_nav_hides_working_groups_from_applicant(client):
    body = login(client, factories.UserFactory()).get(reverse("organisations:list")).content.decode()
    assert "/groups/" not in body


def test_nav_shows_an_ad_hoc_invitee_their_meetings_and_no_group(client, group):
    meeting = fg.meeting(group)
    guest = factories.OrganisationFactory(owner=factories.UserFactory()).memberships_of_users.get()
    services.add_roster_entry(
        group=group,
        organisation=guest.organisation,
        user=guest.user,
        role="ad_hoc_invitee",
        meeting=meeting,
        by=fg.secretariat(),
    )
    body = login(client, guest.user).get(reverse("workinggroups:meetings")).content.decode()
    assert ">My meetings</a>" in body and ">My working groups</a>" not in body and ">Ballots</a>" not in body


def test_nav_shows_meetings_to_representatives_and_secretariat(client, group):
    user, _ = fg.voter(group)
    assert ">My meetings</a>" in login(client, user).get(reverse("workinggroups:ballots")).content.decode()
    staff = login(client, fg.secretariat()).get(reverse("workinggroups:ballots")).content.decode()
    assert ">Meetings</a>" in staff
