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
    assert Meeting.objects.count() == 2  # the Supply Chains plenary and the PFAS workshop
    closed = Ballot.objects.get(state="closed")
    assert closed.participant_count == 4 and closed.carried is False  # Dresden 2 of 4: no absolute majority
    assert Ballot.objects.get(state="open").cast_ballots.count() == 2
    demo.seed(stdout=io.StringIO())
    assert Ballot.objects.count() == 2 and RosterEntry.objects.filter(group__slug="supply-chains").count() == 4


def test_demo_seed_without_members_still_gives_secretariat_login():
    logins = demo.seed(stdout=io.StringIO())
    assert logins[0][1] == "secretariat@allpros.example.eu"
    assert Meeting.objects.count() == 2 and not Ballot.objects.exists()


def test_demo_ad_hoc_invitee_sees_the_meeting_and_no_ballot(client):
    application_demo.seed(stdout=io.StringIO())
    review_demo.seed(stdout=io.StringIO())
    logins = dict(demo.seed(stdout=io.StringIO()))
    email = logins["Ad-hoc invitee (one meeting, no vote)"]
    invitee = RosterEntry.objects.get(user__email=email, group__slug="supply-chains")
    assert set(RosterEntry.objects.filter(user__email=email).values_list("meeting__title", flat=True)) == {
        demo.MEETING_TITLE,
        demo.PFAS_MEETING_TITLE,
    }
    client.force_login(invitee.user)

    assert invitee.role == RosterEntry.Role.AD_HOC_INVITEE and invitee.meeting is not None
    assert client.get(f"/groups/meetings/{invitee.meeting_id}/").status_code == 200
    for ballot in Ballot.objects.all():
        assert client.get(f"/groups/ballots/{ballot.pk}/").status_code == 404
    assert Ballot.objects.exists()


def test_demo_meeting_has_an_answer_of_each_kind():
    for _ in range(2):
        fg.membership()
    demo.seed(stdout=io.StringIO())
    demo.seed(stdout=io.StringIO())
    meeting = Meeting.objects.get(title=demo.MEETING_TITLE)
    assert sorted(meeting.responses.values_list("answer", flat=True)) == ["apologies", "attending"]
