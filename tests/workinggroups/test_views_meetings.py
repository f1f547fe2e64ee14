"""Meeting pages (views/meetings.py): scheduling, invitations with .ics files, attendance, minutes, documents."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from tests.pdfs import fake_pdf_upload, pdf_upload
from workinggroups import services
from workinggroups.forms import MeetingForm
from workinggroups.models import MeetingDocument, RosterEntry

pytestmark = pytest.mark.django_db


def forms_data(meeting, **changes):
    initial = MeetingForm.initial_from(meeting)
    data = {**initial, **changes}
    for name in ("starts_at", "ends_at"):
        data[name] = initial[name].strftime("%Y-%m-%dT%H:%M")
    return data


# Meetings ----------------------------------------------------------------------------------------------


def test_secretariat_schedules_meeting_in_its_time_zone(client, group):
    response = login(client, fg.secretariat()).post(
        reverse("workinggroups:meeting_create", args=[group.pk]),
        {
            "title": "Kick-off",
            "time_zone": "Europe/Lisbon",
            "starts_at": "2030-03-05T10:00",
            "ends_at": "2030-03-05T12:00",
            "location": "Lisbon",
            "agenda": "Welcome",
        },
    )
    assert response.status_code == 302
    meeting = group.meetings.get()
    assert meeting.starts_at.isoformat() == "2030-03-05T10:00:00+00:00"  # Lisbon is on UTC in March
    body = client.get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()
    assert "10:00" in body and "Europe/Lisbon" in body


def test_invitations_carry_an_ics_file(client, group, django_capture_on_commit_callbacks):
    user, _ = fg.voter(group)
    meeting = fg.meeting(group, title="Plenary, March")
    with django_capture_on_commit_callbacks(execute=True):
        login(client, fg.secretariat()).post(reverse("workinggroups:meeting_invite", args=[meeting.pk]))
    message = next(m for m in mail.outbox if m.to == [user.email] and "Invitation" in m.subject)
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("meeting.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content and "SUMMARY:Plenary\\, March" in content and "\r\n" in content
    assert f"UID:{meeting.uid}@alliance-portal" in content


def test_meeting_change_sends_update_with_higher_sequence(group, django_capture_on_commit_callbacks):
    user, _ = fg.voter(group)
    secretariat = fg.secretariat()
    meeting = fg.meeting(group)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting=meeting, by=secretariat)
        services.update_meeting(meeting=meeting, by=secretariat, location="Online only")
    changed = [m for m in mail.outbox if m.subject.startswith("Changed")]
    assert changed and "SEQUENCE:1" in changed[0].attachments[0][1]


def test_ics_download_and_attendance_sheet(client, group):
    user, _ = fg.voter(group)
    meeting = fg.meeting(group)
    secretariat = fg.secretariat()
    services.record_attendance(meeting=meeting, by=secretariat, present_user_ids=[user.pk])
    login(client, user)
    ics = client.get(reverse("workinggroups:meeting_ics", args=[meeting.pk]))
    assert ics["Content-Type"] == "text/calendar" and b"DTSTART:" in ics.content
    assert client.get(reverse("workinggroups:attendance_sheet", args=[meeting.pk])).status_code == 404
    sheet = login(client, secretariat).get(reverse("workinggroups:attendance_sheet", args=[meeting.pk]))
    assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF")


def test_meeting_document_upload_pdf_only(client, group):
    user, _ = fg.voter(group)
    meeting = fg.meeting(group)
    url = reverse("workinggroups:meeting_document", args=[meeting.pk])
    login(client, fg.secretariat())
    response = client.post(url, {"title": "Fake", "file": fake_pdf_upload()}, follow=True)
    assert "not a PDF" in response.content.decode()
    client.post(url, {"title": "Roadmap", "file": pdf_upload()})
    document = MeetingDocument.objects.get()
    download = login(client, user).get(reverse("workinggroups:document", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    outsider = factories.UserFactory()
    assert login(client, outsider).get(reverse("workinggroups:document", args=[document.pk])).status_code == 404


def test_attendance_and_minutes_recorded_by_secretariat(client, group):
    user, _ = fg.voter(group)
    meeting = fg.meeting(group)
    login(client, fg.secretariat())
    client.post(reverse("workinggroups:meeting_attendance", args=[meeting.pk]), {"present": [str(user.pk)]})
    client.post(reverse("workinggroups:meeting_minutes", args=[meeting.pk]), {"minutes": "Agreed.", "publish": "on"})
    assert meeting.attendance.get(user=user).present
    body = login(client, user).get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()
    assert "Agreed." in body


def test_invitation_shows_time_in_meeting_time_zone(group, django_capture_on_commit_callbacks):
    user, _ = fg.voter(group)
    starts = datetime(2030, 7, 1, 7, 0, tzinfo=UTC)  # 09:00 in Brussels, 10:00 in Helsinki
    meeting = fg.meeting(group, starts_at=starts, ends_at=starts.replace(hour=9), time_zone="Europe/Helsinki")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting=meeting, by=fg.secretariat())
    body = next(m for m in mail.outbox if m.to == [user.email] and "Invitation" in m.subject).body
    assert "10:00–12:00 (Europe/Helsinki)" in body


@pytest.mark.parametrize("rows", [1, 100])
def test_meeting_detail_invitees_query_count_is_bounded_with_1_and_100_rows(
    client, group, rows, django_assert_max_num_queries
):
    people = [fg.voter(group) for _ in range(rows)]
    meeting = fg.meeting(group)
    secretariat = fg.secretariat()
    services.record_attendance(meeting=meeting, by=secretariat, present_user_ids=[people[0][0].pk])
    login(client, secretariat)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("workinggroups:meeting", args=[meeting.pk]))
    assert response.status_code == 200


def test_meeting_edit_and_cancel_email_invitees(client, group, django_capture_on_commit_callbacks):
    user, _ = fg.voter(group)
    meeting = fg.meeting(group, title="Spring plenary")
    secretariat = fg.secretariat()
    services.send_invitations(meeting=meeting, by=secretariat)
    login(client, secretariat)
    data = forms_data(meeting, location="Online only")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("workinggroups:meeting_edit", args=[meeting.pk]), data).status_code == 302
        client.post(reverse("workinggroups:meeting_cancel", args=[meeting.pk]), {"reason": "Strike at the venue"})
    meeting.refresh_from_db()
    assert meeting.location == "Online only" and meeting.state == "cancelled" and meeting.sequence == 2
    cancelled = next(m for m in mail.outbox if m.to == [user.email] and m.subject.startswith("Cancelled"))
    assert "METHOD:CANCEL" in cancelled.attachments[0][1] and "Strike at the venue" in cancelled.body


def test_ad_hoc_invitee_added_after_invitations_gets_one(client, group, django_capture_on_commit_callbacks):
    meeting = fg.meeting(group)
    secretariat = fg.secretariat()
    services.send_invitations(meeting=meeting, by=secretariat)
    guest_org = factories.OrganisationFactory(owner=factories.UserFactory(), legal_name="Guest Institute")
    pair = guest_org.memberships_of_users.get()
    # The secretariat picks ad-hoc invitees among organisations the alliance knows: this one applied.
    factories.submitted_application(organisation=guest_org, by=pair.user)
    with django_capture_on_commit_callbacks(execute=True):
        login(client, secretariat).post(reverse("workinggroups:meeting_ad_hoc", args=[meeting.pk]), {"person": pair.pk})
    entry = RosterEntry.objects.get(user=pair.user)
    assert entry.role == "ad_hoc_invitee" and entry.meeting == meeting
    invitation = next(m for m in mail.outbox if m.to == [pair.user.email] and "Invitation" in m.subject)
    assert "you do not vote" in invitation.body and invitation.attachments[0][0] == "meeting.ics"
    body = client.get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()
    assert "Ad-hoc invitee (one meeting, no vote)" in body
