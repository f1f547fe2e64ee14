"""The working groups' demo data (workinggroups/demo.py)."""

import io

import pytest

from applications import demo as application_demo
from reviews import demo as review_demo
from tests.factories import groups as fg
from workinggroups import demo
from workinggroups.models import Ballot, Meeting, RosterEntry

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_rosters_meeting_and_ballots_and_is_idempotent():
    for _ in range(4):
        fg.membership()
    logins = demo.seed(stdout=io.StringIO())
    assert logins[0] == ("Secretariat (ALLPROS.eu: rosters, meetings, ballots)", "secretariat@allpros.example.eu")
    assert RosterEntry.objects.filter(group__slug="supply-chains").count() == 4
    assert Meeting.objects.count() == 1
    closed = Ballot.objects.get(state="closed")
    assert closed.participant_count == 4 and closed.carried is False  # Dresden 2 of 4: no absolute majority
    assert Ballot.objects.get(state="open").cast_ballots.count() == 2
    demo.seed(stdout=io.StringIO())
    assert Ballot.objects.count() == 2 and RosterEntry.objects.filter(group__slug="supply-chains").count() == 4


def test_demo_seed_without_members_still_gives_secretariat_login():
    logins = demo.seed(stdout=io.StringIO())
    assert logins[0][1] == "secretariat@allpros.example.eu"
    assert Meeting.objects.count() == 1 and not Ballot.objects.exists()


def test_demo_ad_hoc_invitee_sees_the_meeting_and_no_ballot(client):
    application_demo.seed(stdout=io.StringIO())
    review_demo.seed(stdout=io.StringIO())
    logins = dict(demo.seed(stdout=io.StringIO()))
    invitee = RosterEntry.objects.get(user__email=logins["Ad-hoc invitee (one meeting, no vote)"])
    client.force_login(invitee.user)

    assert invitee.role == RosterEntry.Role.AD_HOC_INVITEE and invitee.meeting is not None
    assert client.get(f"/groups/meetings/{invitee.meeting_id}/").status_code == 200
    for ballot in Ballot.objects.all():
        assert client.get(f"/groups/ballots/{ballot.pk}/").status_code == 404
    assert Ballot.objects.exists()
