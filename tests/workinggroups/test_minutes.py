"""Draft minutes from the record: attendance by organisation and capacity, apologies, quorum, ballots, deliverables."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import deliverables as fd
from tests.factories import groups as fg
from workinggroups import minutes
from workinggroups import services as wg
from workinggroups.models import Ballot, Meeting

pytestmark = pytest.mark.django_db


def _held_meeting(group):
    meeting = fg.meeting(group, title="Plenary")
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() + timedelta(hours=1)
    )
    meeting.refresh_from_db()
    return meeting


def test_draft_minutes_start_from_attendance_apologies_quorum_and_ballots(group):
    chair, chair_org = fd.chair(group)
    present, present_org = fg.voter(group)
    absent, absent_org = fg.voter(group)
    meeting = _held_meeting(group)
    wg.record_attendance(meeting=meeting, by=fg.secretariat(), present_user_ids=[chair.pk, present.pk])
    ballot = fg.ballot(group, meeting=meeting, question="Adopt the agenda?")
    wg.cast_vote(ballot=ballot, organisation=present_org, choice=Ballot.YES, by=present)
    wg.close_ballot(ballot=ballot, by=None)

    text = minutes.draft_minutes(meeting)

    attendance, apologies = text.split("## Attendance")[1].split("## Apologies")
    assert f"{chair_org.legal_name}: {chair.display_name} (Co-chair)" in attendance
    assert f"{present_org.legal_name}: {present.display_name} (Member representative)" in attendance
    assert absent_org.legal_name in apologies.split("## Quorum")[0]
    assert "2 of 3 member organisations with a vote were represented." in text
    assert "Adopt the agenda?: not carried (Yes 1, No 0, Abstain 0; 1 of 3 organisations took part)" in text
    assert "## Decisions and actions" in text


def test_draft_minutes_list_deliverables_worked_on_since_the_previous_meeting(group):
    item, _writer, _version = fd.drafted(group)
    meeting = _held_meeting(group)
    text = minutes.draft_minutes(meeting)
    assert "## Deliverables discussed" in text
    assert f"- {item.title} (Drafting)" in text
