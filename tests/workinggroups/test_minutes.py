"""Draft minutes from the record: attendance by organisation and capacity, apologies, quorum, ballots, deliverables."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import OutgoingEmail
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from workinggroups import minutes
from workinggroups import services as wg
from workinggroups.models import Ballot, Meeting, MinutesApproval

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


def _next_meeting_begun(group, meeting):
    following = fg.meeting(group, title="Next plenary")
    Meeting.objects.filter(pk=following.pk).update(
        starts_at=meeting.ends_at + timedelta(minutes=1), ends_at=meeting.ends_at + timedelta(hours=2)
    )
    return following


def test_chair_drafts_completes_approves_at_next_meeting_and_publishes(group):
    chair, _org = fd.chair(group)
    meeting = _held_meeting(group)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=7), ends_at=timezone.now() - timedelta(days=7) + timedelta(hours=2)
    )
    meeting.refresh_from_db()
    minutes.start_minutes(meeting=meeting, by=chair)
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("# Minutes: Plenary")
    minutes.complete_minutes(meeting=meeting, by=chair, minutes=meeting.minutes + "\nAgreed: work programme.\n")
    with pytest.raises(ValidationError, match="only once approved"):
        minutes.publish_minutes(meeting=meeting, by=chair)
    with pytest.raises(ValidationError, match="next meeting"):
        minutes.approve_minutes(meeting=meeting, by=chair, procedure=MinutesApproval.AT_MEETING)
    following = _next_meeting_begun(group, meeting)
    approved = minutes.approve_minutes(meeting=meeting, by=chair, procedure=MinutesApproval.AT_MEETING)
    assert approved.minutes_approved_at_meeting == following
    with pytest.raises(ValidationError, match="no longer change"):
        minutes.complete_minutes(meeting=meeting, by=chair, minutes="Rewritten.")
    published = minutes.publish_minutes(meeting=meeting, by=chair)
    assert published.minutes_published_at is not None
    assert OutgoingEmail.objects.filter(key=f"meeting:{meeting.pk}:minutes_published").exists()


def test_minutes_approved_by_written_procedure(group):
    meeting = _held_meeting(group)
    secretariat = fg.secretariat()
    minutes.complete_minutes(meeting=meeting, by=secretariat, minutes="Draft.")
    approved = minutes.approve_minutes(meeting=meeting, by=secretariat, procedure=MinutesApproval.WRITTEN)
    assert approved.minutes_approval == MinutesApproval.WRITTEN


def test_member_cannot_write_minutes(group):
    member, _org = fg.voter(group)
    meeting = _held_meeting(group)
    with pytest.raises(PermissionDenied):
        minutes.start_minutes(meeting=meeting, by=member)


def test_minutes_page_hides_unpublished_text_from_members(client, group):
    chair, _org = fd.chair(group)
    member, _org2 = fg.voter(group)
    meeting = _held_meeting(group)
    minutes.complete_minutes(meeting=meeting, by=chair, minutes="Secret draft.")
    client.force_login(member)
    assert "Secret draft." not in client.get(f"/groups/meetings/{meeting.pk}/minutes/record/").content.decode()
    client.force_login(chair)
    client.post(f"/groups/meetings/{meeting.pk}/minutes/record/approve/", {"procedure": "written"})
    client.post(f"/groups/meetings/{meeting.pk}/minutes/record/publish/")
    client.force_login(member)
    assert "Secret draft." in client.get(f"/groups/meetings/{meeting.pk}/minutes/record/").content.decode()
    outsider, _org3 = fg.voter(fg.group("pfas"))
    client.force_login(outsider)
    assert client.get(f"/groups/meetings/{meeting.pk}/minutes/record/").status_code == 404
