"""Meeting pages (views/meetings.py): scheduling, invitations with .ics files, attendance, minutes, documents."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests import factories
from tests.factories import groups as fg
from tests.factories import reviews as rf
from tests.helpers import login
from tests.pdfs import fake_pdf_upload, pdf_upload
from workinggroups import minutes, services
from workinggroups.forms import MeetingForm
from workinggroups.models import MeetingDocument, MeetingResponse, RosterEntry

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
    client.post(reverse("workinggroups:meeting_minutes", args=[meeting.pk]), {"minutes": "Agreed."})
    assert meeting.attendance.get(user=user).present
    body = login(client, user).get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()
    assert "Agreed." not in body  # minutes reach the group only once approved (issue 13)
    secretariat = fg.secretariat()
    minutes.approve_minutes(meeting=meeting, by=secretariat, procedure="written")
    minutes.publish_minutes(meeting=meeting, by=secretariat)
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
    body = client.get(reverse("workinggroups:meeting_invitees", args=[meeting.pk])).content.decode()
    assert "Ad-hoc invitee (one meeting, no vote)" in body


# The meetings list, answers (RSVP), the ad-hoc invitee's way in --------------------------------------


def _guest_invited(group, *meetings):
    guest = factories.OrganisationFactory(owner=factories.UserFactory()).memberships_of_users.get()
    secretariat = fg.secretariat()
    for meeting in meetings:
        services.add_roster_entry(
            group=group,
            organisation=guest.organisation,
            user=guest.user,
            role=RosterEntry.Role.AD_HOC_INVITEE,
            meeting=meeting,
            by=secretariat,
        )
    return guest.user


def _links(body):
    return set(re.findall(r'href="(/[^"#]*)"', body))


def test_meeting_list_shows_coming_meetings_soonest_first_then_past_latest_first(client, group):
    user, _ = fg.voter(group)
    now = timezone.now()
    for title, days in (("Later", 30), ("Sooner", 3), ("Long ago", -60), ("Recently", -5)):
        starts = now + timedelta(days=days)
        fg.meeting(group, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2))
    body = login(client, user).get(reverse("workinggroups:meetings")).content.decode()
    positions = [body.index(f">{title}</a>") for title in ("Sooner", "Later", "Recently", "Long ago")]
    assert positions == sorted(positions)
    assert body.index("Coming meetings") < positions[0] and positions[1] < body.index("Past meetings") < positions[2]


def test_ad_hoc_invitee_reaches_every_meeting_from_the_navigation_and_no_link_is_a_dead_end(client, group):
    first, second = fg.meeting(group, title="Workshop one"), fg.meeting(group, days=20, title="Workshop two")
    fg.meeting(group, title="Members only")
    guest = _guest_invited(group, first, second)
    login(client, guest)
    home = client.get("/").content.decode() if client.get("/").status_code == 200 else ""
    listing = client.get(reverse("workinggroups:meetings")).content.decode()
    assert 'href="/groups/meetings/">My meetings</a>' in listing
    assert "Workshop one" in listing and "Workshop two" in listing and "Members only" not in listing
    page = client.get(reverse("workinggroups:meeting", args=[first.pk])).content.decode()
    assert f'href="/groups/{group.pk}/"' not in page and 'href="/groups/meetings/">Meetings</a>' in page
    for address in _links(home) | _links(listing) | _links(page):
        if address.startswith("/groups/") and not address.endswith(".ics"):
            assert client.get(address).status_code == 200, address


def test_member_sees_the_group_breadcrumb_on_the_meeting_page(client, group):
    user, _ = fg.voter(group)
    meeting = fg.meeting(group)
    page = login(client, user).get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()
    assert f'href="/groups/{group.pk}/">{group.name}</a>' in page


def test_invitee_answers_from_the_list_and_the_secretariat_sees_attendance_start_from_answers(client, group):
    attending, _ = fg.voter(group)
    sorry, _ = fg.voter(group)
    meeting = fg.meeting(group)
    response = login(client, attending).post(
        reverse("workinggroups:meeting_answer", args=[meeting.pk]), {"answer": "attending", "next": "list"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("workinggroups:meetings")
    assert "You said you attend." in client.get(reverse("workinggroups:meetings")).content.decode()
    login(client, sorry).post(reverse("workinggroups:meeting_answer", args=[meeting.pk]), {"answer": "apologies"})
    assert "Your answer: Apologies" in client.get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()
    login(client, fg.secretariat())
    page = client.get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()
    assert re.search(r"<dt>Attending</dt><dd>1</dd>", page) and re.search(r"<dt>Apologies</dt><dd>1</dd>", page)
    page = client.get(reverse("workinggroups:meeting_attendance", args=[meeting.pk])).content.decode()
    assert re.search(rf'value="{attending.pk}"[^>]*checked', page)
    assert not re.search(rf'value="{sorry.pk}"[^>]*checked', page)
    assert "Apologies (not attending)" in page


def test_person_not_invited_cannot_answer(client, group):
    meeting = fg.meeting(group)
    outsider = factories.UserFactory()
    response = login(client, outsider).post(reverse("workinggroups:meeting_answer", args=[meeting.pk]), {"answer": "x"})
    assert response.status_code == 404 and not MeetingResponse.objects.exists()


def test_failed_cancel_shows_the_error_summary_linking_to_the_field(client, group):
    meeting = fg.meeting(group)
    response = login(client, fg.secretariat()).post(reverse("workinggroups:meeting_cancel", args=[meeting.pk]), {})
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body and 'href="#id_reason"' in body
    assert f"<title>Error: {meeting.title}" in body
    meeting.refresh_from_db()
    assert meeting.state == "scheduled"


def test_meeting_page_asks_confirmation_before_cancelling_or_withdrawing_an_invitation(client, group):
    meeting = fg.meeting(group)
    _guest_invited(group, meeting)
    body = login(client, fg.secretariat()).get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()
    assert 'data-confirm="Cancel this meeting? Every invitee is told."' in body
    assert f"<title>{meeting.title}" in body
    invitees = client.get(reverse("workinggroups:meeting_invitees", args=[meeting.pk])).content.decode()
    assert 'data-confirm="Withdraw the invitation of' in invitees


def test_attendance_sheet_lists_names_and_apologies(client, group):
    present, _ = fg.voter(group)
    sorry, _ = fg.voter(group)
    meeting = fg.meeting(group)
    services.answer_invitation(meeting=meeting, by=sorry, answer="apologies")
    services.record_attendance(meeting=meeting, by=fg.secretariat(), present_user_ids=[present.pk])
    sheet = login(client, fg.secretariat()).get(reverse("workinggroups:attendance_sheet", args=[meeting.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.content)).pages)
    assert "Signature" in text and "apologies" in text
    assert present.email not in text and sorry.email not in text


@pytest.mark.parametrize("rows", [1, 100])
def test_meeting_list_query_count_is_bounded_with_1_and_100_rows(client, group, rows, django_assert_max_num_queries):
    user, _ = fg.voter(group)
    secretariat = fg.secretariat()
    for index in range(rows):
        fg.meeting(group, by=secretariat, days=(index % 40) - 20 or 1)
    login(client, user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("workinggroups:meetings"))
    assert response.status_code == 200


def test_minutes_link_from_the_home_page_leads_to_the_minutes_form(client, group):
    meeting = fg.meeting(group)
    response = login(client, fg.secretariat()).get(reverse("workinggroups:meeting_minutes", args=[meeting.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"/groups/meetings/{meeting.pk}/#minutes")
    user, _ = fg.voter(group)
    assert login(client, user).get(reverse("workinggroups:meeting_minutes", args=[meeting.pk])).status_code == 404


def test_secretariat_invites_the_same_guest_to_a_second_meeting_of_the_group(client, group):
    first, second = fg.meeting(group, title="First"), fg.meeting(group, days=14, title="Second")
    guest = _guest_invited(group, first)
    pair = RosterEntry.objects.get(user=guest).organisation.memberships_of_users.get(user=guest)
    # The secretariat invites among organisations the alliance knows: this one has applied.
    rf.submitted_application(organisation=pair.organisation, alliance=group.alliance)
    login(client, fg.secretariat())
    page = client.get(reverse("workinggroups:meeting_ad_hoc", args=[second.pk])).content.decode()
    assert f'value="{pair.pk}"' in page
    client.post(reverse("workinggroups:meeting_ad_hoc", args=[second.pk]), {"person": pair.pk})
    assert set(RosterEntry.objects.filter(user=guest).values_list("meeting__title", flat=True)) == {"First", "Second"}
    page = client.get(reverse("workinggroups:meeting_ad_hoc", args=[first.pk])).content.decode()
    assert f'<option value="{pair.pk}"' not in page


def test_meeting_page_counts_the_invitees_and_their_page_lists_them_fifty_at_a_time(client, group):
    meeting = fg.meeting(group)
    voters = [fg.voter(group)[0] for _ in range(51)]
    services.answer_invitation(meeting=meeting, by=voters[0], answer="attending")
    services.record_attendance(meeting=meeting, by=fg.secretariat(), present_user_ids=[voters[0].pk, voters[1].pk])
    login(client, fg.secretariat())
    page = client.get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()
    assert "<dt>Invited</dt><dd>51</dd>" in page and "<dt>Present</dt><dd>2</dd>" in page
    assert "<dt>No answer yet</dt><dd>50</dd>" in page and voters[5].display_name not in page
    first = client.get(reverse("workinggroups:meeting_invitees", args=[meeting.pk])).content.decode()
    second = client.get(reverse("workinggroups:meeting_invitees", args=[meeting.pk]) + "?page=2").content.decode()
    assert first.count('<th scope="row">') == 50 and second.count('<th scope="row">') == 1
    assert "Page 1 of 2" in first and "51 people invited: 1 attending, 0 with apologies." in first


def test_failed_attendance_is_shown_again_on_its_page_with_the_error(client, group):
    meeting = fg.meeting(group)
    login(client, fg.secretariat())
    response = client.post(reverse("workinggroups:meeting_attendance", args=[meeting.pk]), {"present": ["999999"]})
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body and "<title>Error: Record attendance" in body
    assert not meeting.attendance.exists()


@pytest.mark.parametrize("invitees", [1, 30])
def test_meeting_page_query_count_is_bounded_with_1_and_30_invitees(
    client, group, invitees, django_assert_max_num_queries
):
    meeting = fg.meeting(group)
    for _ in range(invitees):
        fg.voter(group)
    login(client, fg.secretariat())
    with django_assert_max_num_queries(16):
        response = client.get(reverse("workinggroups:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        response = client.get(reverse("workinggroups:meeting_invitees", args=[meeting.pk]))
    assert response.status_code == 200
