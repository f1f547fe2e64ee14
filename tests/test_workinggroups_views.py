import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from tests.pdfs import fake_pdf_upload, pdf_upload
from workinggroups import services
from workinggroups.models import Ballot, CastBallot, GroupProposal, MeetingDocument, RosterEntry, WorkingGroup

pytestmark = pytest.mark.django_db


# Working groups and rosters ---------------------------------------------------------------------------


def test_group_list_secretariat_sees_all_groups(client, group):
    body = login(client, fg.secretariat()).get(reverse("workinggroups:list")).content.decode()
    assert "Supply Chains" in body and "PFAS" in body and "Skills" in body


def test_group_detail_outsider_gets_404(client, group):
    assert (
        login(client, factories.UserFactory()).get(reverse("workinggroups:detail", args=[group.pk])).status_code == 404
    )


def test_group_detail_member_of_alliance_may_ask_to_join(client, group):
    member = fg.membership()
    user = member.organisation.users.first()
    body = login(client, user).get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert "Ask to join" in body
    response = client.post(
        reverse("workinggroups:join", args=[group.pk]), {"organisation": member.organisation.pk, "motivation": "PFAS"}
    )
    assert response.status_code == 302
    join = group.join_requests.get()
    secretariat = fg.secretariat()
    login(client, secretariat).post(reverse("workinggroups:join_decide", args=[join.pk]), {"decision": "accept"})
    assert RosterEntry.objects.filter(group=group, user=user, meeting__isnull=True).exists()


@pytest.mark.parametrize("rows", [1, 100])
def test_group_detail_roster_query_count_is_bounded_with_1_and_100_rows(
    client, group, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        fg.voter(group)
    login(client, fg.secretariat())
    with django_assert_max_num_queries(25):
        response = client.get(reverse("workinggroups:detail", args=[group.pk]))
    assert response.status_code == 200


def test_roster_says_plainly_who_votes(client, group):
    fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Voting Org"))
    user, suspended = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Paused Org"))
    suspended.alliance_memberships.update(state="suspended")
    body = login(client, fg.secretariat()).get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert "Votes for the organisation" in body and "No vote: membership not active" in body


def test_secretariat_adds_roster_entry_and_non_member_is_refused(client, group):
    member = fg.membership()
    person = member.organisation.users.first()
    fg.representative(member, person)
    secretariat = fg.secretariat()
    url = reverse("workinggroups:roster_add", args=[group.pk])
    pair = member.organisation.memberships_of_users.get(user=person)
    assert login(client, secretariat).post(url, {"person": pair.pk, "role": "chair"}).status_code == 302
    assert RosterEntry.objects.get(group=group, user=person).role == "chair"
    outsider = factories.OrganisationFactory(owner=factories.UserFactory())
    with pytest.raises(Exception, match="ad-hoc invitee"):
        services.add_roster_entry(
            group=group, organisation=outsider, user=outsider.users.first(), role="observer", by=secretariat
        )


def test_member_cannot_add_to_roster(client, group):
    user, organisation = fg.voter(group)
    pair = organisation.memberships_of_users.get(user=user)
    response = login(client, user).post(
        reverse("workinggroups:roster_add", args=[group.pk]), {"person": pair.pk, "role": "chair"}
    )
    assert response.status_code == 404


def test_roster_csv_for_secretariat(client, group):
    fg.voter(group, organisation=factories.OrganisationFactory(legal_name="CSV Org"))
    response = login(client, fg.secretariat()).get(reverse("workinggroups:roster_csv", args=[group.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "CSV Org" in body and "member_representative,yes" in body


def test_roster_csv_member_gets_404(client, group):
    user, _ = fg.voter(group)
    assert login(client, user).get(reverse("workinggroups:roster_csv", args=[group.pk])).status_code == 404


# Ballots -----------------------------------------------------------------------------------------------


def test_secretariat_opens_ballot_through_form(client, group):
    fg.voter(group)
    response = login(client, fg.secretariat()).post(
        reverse("workinggroups:ballot_create", args=[group.pk]),
        {
            "question": "Adopt the PFAS roadmap?",
            "kind": "motion",
            "closes_at": "2099-01-01T12:00",
            "quorum_percent": "50",
            "majority": "simple",
            "majority_base": "cast",
        },
    )
    ballot = Ballot.objects.get()
    assert response.status_code == 302 and ballot.is_open and ballot.eligible_count == 1


def test_member_votes_and_changes_vote_through_view(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    url = reverse("workinggroups:ballot_vote", args=[ballot.pk])
    login(client, user)
    page = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert f"Cast the vote of {organisation.legal_name}" in page
    client.post(url, {"organisation": organisation.pk, "choice": "Yes"})
    client.post(url, {"organisation": organisation.pk, "choice": "No"})
    assert CastBallot.objects.get().choice == "No"


def test_member_cannot_vote_for_another_organisation(client, group):
    user, _ = fg.voter(group)
    _, other = fg.voter(group)
    ballot = fg.ballot(group)
    login(client, user).post(
        reverse("workinggroups:ballot_vote", args=[ballot.pk]), {"organisation": other.pk, "choice": "Yes"}
    )
    assert not CastBallot.objects.exists()


def test_ad_hoc_invitee_never_sees_a_ballot(client, group):
    fg.voter(group)
    ballot = fg.ballot(group)
    meeting = fg.meeting(group)
    guest_org = factories.OrganisationFactory(owner=factories.UserFactory())
    guest = guest_org.users.first()
    services.add_roster_entry(
        group=group, organisation=guest_org, user=guest, role="ad_hoc_invitee", meeting=meeting, by=fg.secretariat()
    )
    login(client, guest)
    assert client.get(reverse("workinggroups:meeting", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("workinggroups:ballot", args=[ballot.pk])).status_code == 404
    assert client.get(reverse("workinggroups:ballot_verify", args=[ballot.pk])).status_code == 404
    assert ballot.question not in client.get(reverse("workinggroups:ballots")).content.decode()
    response = client.post(
        reverse("workinggroups:ballot_vote", args=[ballot.pk]), {"organisation": guest_org.pk, "choice": "Yes"}
    )
    assert response.status_code == 404
    assert ballot.question not in client.get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()


def test_secret_ballot_page_shows_who_took_part_not_what(client, group):
    user, organisation = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Secret Org"))
    ballot = fg.ballot(group, is_secret=True, kind="choice", options=["Lisbon", "Dresden"])
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Dresden", by=user)
    services.close_ballot(ballot=ballot)
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    fg.with_totp(admin)
    for viewer in (fg.secretariat(), admin, user):
        body = login(client, viewer).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
        participation = body.split("Organisations that took part")[1]
        assert "Secret Org" in participation and "Dresden" not in participation


def test_named_ballot_hides_other_choices_until_closing(client, group):
    user, organisation = fg.voter(group)
    other_user, other = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Other Org"))
    ballot = fg.ballot(group, kind="choice", options=["Lisbon", "Dresden"])
    services.cast_vote(ballot=ballot, organisation=other, choice="Dresden", by=other_user)
    body = login(client, user).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "shown at closing" in body and "Running count" not in body


def test_close_by_member_is_404_and_by_secretariat_publishes_result(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    url = reverse("workinggroups:ballot_close", args=[ballot.pk])
    assert login(client, user).post(url).status_code == 404
    login(client, fg.secretariat()).post(url, {"reason": "The group agreed to close it at the meeting."})
    body = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "Carried" in body and "Turnout: 1 of 1 eligible organisations (100.0 %)" in body
    pdf = client.get(reverse("workinggroups:ballot_pdf", args=[ballot.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_chair_cannot_close_ballot(client, group):
    """The chair is a voter: the closing time or the secretariat closes a ballot (issue 9)."""
    chair, _ = fg.voter(group, role="chair")
    ballot = fg.ballot(group)
    response = login(client, chair).post(
        reverse("workinggroups:ballot_close", args=[ballot.pk]), {"reason": "We have heard enough."}
    )
    assert response.status_code == 404
    assert Ballot.objects.get(pk=ballot.pk).is_open


def test_verify_view_reports_altered_vote(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    login(client, fg.secretariat())
    url = reverse("workinggroups:ballot_verify", args=[ballot.pk])
    assert "The chain is intact." in client.get(url).content.decode()
    CastBallot.objects.update(choice="No")
    response = client.get(url)
    assert response.status_code == 409 and "The chain is broken" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 100])
def test_ballot_detail_query_count_is_bounded_with_1_and_100_rows(client, group, rows, django_assert_max_num_queries):
    people = [fg.voter(group) for _ in range(rows)]
    ballot = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    login(client, people[0][0])
    with django_assert_max_num_queries(30):
        response = client.get(reverse("workinggroups:ballot", args=[ballot.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 100])
def test_ballot_list_query_count_is_bounded_with_1_and_100_rows(client, group, rows, django_assert_max_num_queries):
    user, _ = fg.voter(group)
    secretariat = fg.secretariat()
    for _ in range(rows):
        fg.ballot(group, by=secretariat)
    login(client, user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workinggroups:ballots"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 100])
def test_group_list_query_count_is_bounded_with_1_and_100_rows(client, rows, django_assert_max_num_queries):
    alliance = factories.alliance("semiconductors")
    for index in range(rows):
        WorkingGroup.objects.create(alliance=alliance, slug=f"g-{index}", name=f"Group {index}")
    login(client, fg.secretariat())
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workinggroups:list"))
    assert response.status_code == 200


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


# Proposals ---------------------------------------------------------------------------------------------


def test_member_proposes_and_commission_approves_group(client, django_capture_on_commit_callbacks):
    member = fg.membership()
    user = member.organisation.users.first()
    login(client, user).post(
        reverse("workinggroups:proposal_create"),
        {"membership": member.pk, "name": "Chips Act Pilot Lines", "mandate": "Pilot lines.", "rationale": "Needed."},
    )
    proposal = GroupProposal.objects.get()
    url = reverse("workinggroups:proposal", args=[proposal.pk])
    assert login(client, fg.secretariat()).post(url, {"decision": "approve", "reason": "x"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        login(client, fg.decision_maker()).post(url, {"decision": "approve", "reason": "Fits the mandate."})
    proposal.refresh_from_db()
    assert proposal.state == "approved" and proposal.group.name == "Chips Act Pilot Lines"
    assert any(user.email in m.to and "Approved" in m.subject for m in mail.outbox)


def test_non_member_cannot_propose(client):
    assert login(client, factories.UserFactory()).get(reverse("workinggroups:proposal_create")).status_code == 404


def test_proposal_of_another_organisation_is_404(client):
    member = fg.membership()
    proposal = services.propose_group(
        alliance=member.alliance,
        organisation=member.organisation,
        by=member.organisation.users.first(),
        name="X",
        mandate="Y",
        rationale="Z",
    )
    other = fg.membership().organisation.users.first()
    assert login(client, other).get(reverse("workinggroups:proposal", args=[proposal.pk])).status_code == 404


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


def test_join_request_notifies_secretariat(group, django_capture_on_commit_callbacks):
    secretariat = fg.secretariat()
    member = fg.membership()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(group=group, organisation=member.organisation, user=member.organisation.users.first())
    assert any(secretariat.email in message.to and "asks to join" in message.subject for message in mail.outbox)


def test_secret_ballot_shows_no_running_count_even_to_secretariat(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group, is_secret=True)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=user)
    body = login(client, fg.secretariat()).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "Running count" not in body and "Votes per option" not in body


def test_named_ballot_shows_running_count_to_secretariat(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=user)
    body = login(client, fg.secretariat()).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "Running count" in body


def test_invitation_shows_time_in_meeting_time_zone(group, django_capture_on_commit_callbacks):
    from datetime import UTC, datetime

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


@pytest.mark.parametrize("rows", [1, 100])
def test_roster_csv_query_count_is_bounded_with_1_and_100_rows(client, group, rows, django_assert_max_num_queries):
    for _ in range(rows):
        fg.voter(group)
    login(client, fg.secretariat())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("workinggroups:roster_csv", args=[group.pk]))
    assert len(response.content.decode().strip().splitlines()) == rows + 1


@pytest.mark.parametrize("rows", [1, 100])
def test_proposal_list_query_count_is_bounded_with_1_and_100_rows(client, rows, django_assert_max_num_queries):
    member = fg.membership()
    user = member.organisation.users.first()
    for index in range(rows):
        services.propose_group(
            alliance=member.alliance,
            organisation=member.organisation,
            by=user,
            name=f"G{index}",
            mandate="M",
            rationale="R",
        )
    login(client, user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workinggroups:proposals"))
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


def forms_data(meeting, **changes):
    from workinggroups.forms import MeetingForm

    initial = MeetingForm.initial_from(meeting)
    data = {**initial, **changes}
    for name in ("starts_at", "ends_at"):
        data[name] = initial[name].strftime("%Y-%m-%dT%H:%M")
    return data


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


def test_scheduled_ballot_from_form_opens_later(client, group):
    fg.voter(group)
    login(client, fg.secretariat()).post(
        reverse("workinggroups:ballot_create", args=[group.pk]),
        {
            "question": "Later?",
            "kind": "choice",
            "options": "Lisbon\nDresden",
            "opens_at": "2098-01-01T09:00",
            "closes_at": "2098-01-08T17:00",
            "quorum_percent": "0",
            "majority": "two_thirds",
            "majority_base": "eligible",
            "is_secret": "on",
        },
    )
    ballot = Ballot.objects.get()
    assert ballot.state == "scheduled" and ballot.options == ["Lisbon", "Dresden", "Abstain"] and ballot.is_secret
    assert ballot.opens_at.isoformat() == "2098-01-01T08:00:00+00:00"


def test_secretariat_changes_role_and_removes_entry(client, group, django_capture_on_commit_callbacks):
    user, _ = fg.voter(group)
    entry = RosterEntry.objects.get(user=user)
    login(client, fg.secretariat())
    client.post(reverse("workinggroups:roster_edit", args=[entry.pk]), {"role": "observer"})
    assert RosterEntry.objects.get(pk=entry.pk).role == "observer"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workinggroups:roster_remove", args=[entry.pk]))
    assert not RosterEntry.objects.filter(pk=entry.pk).exists()
    assert any(m.to == [user.email] and "no longer on the roster" in m.subject for m in mail.outbox)


def test_member_cannot_change_or_remove_roster_entries(client, group):
    user, _ = fg.voter(group)
    entry = RosterEntry.objects.get(user=user)
    login(client, user)
    assert client.get(reverse("workinggroups:roster_edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("workinggroups:roster_remove", args=[entry.pk])).status_code == 404


# Decisions, chairs, results and closing time ------------------------------------------------------------


def test_secretariat_declines_join_request_and_person_is_told(client, group, django_capture_on_commit_callbacks):
    member = fg.membership()
    user = member.organisation.users.first()
    join = services.request_to_join(group=group, organisation=member.organisation, user=user, motivation="PFAS")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, fg.secretariat()).post(
            reverse("workinggroups:join_decide", args=[join.pk]), {"decision": "decline", "reason": "Group is full"}
        )
    assert response.status_code == 302
    join.refresh_from_db()
    assert (join.state, join.reason) == ("declined", "Group is full")
    assert not RosterEntry.objects.filter(group=group, user=user).exists()
    assert any(m.to == [user.email] and "Declined" in m.subject for m in mail.outbox)


def test_commission_declines_proposal_with_reason(client, django_capture_on_commit_callbacks):
    member = fg.membership()
    user = member.organisation.users.first()
    proposal = services.propose_group(
        alliance=member.alliance, organisation=member.organisation, by=user, name="Quantum", mandate="Q", rationale="R"
    )
    url = reverse("workinggroups:proposal", args=[proposal.pk])
    groups_before = WorkingGroup.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        login(client, fg.decision_maker()).post(url, {"decision": "decline", "reason": "Covered by Skills."})
    proposal.refresh_from_db()
    assert proposal.state == "declined" and proposal.decision_reason == "Covered by Skills."
    assert proposal.group is None and WorkingGroup.objects.count() == groups_before
    assert any(user.email in m.to and "Declined" in m.subject for m in mail.outbox)


def test_chair_opens_ballot_through_form(client, group):
    chair, _ = fg.voter(group, role="chair")
    fg.voter(group)
    response = login(client, chair).post(
        reverse("workinggroups:ballot_create", args=[group.pk]),
        {
            "question": "Adopt the chair's agenda?",
            "kind": "motion",
            "closes_at": "2099-01-01T12:00",
            "quorum_percent": "50",
            "majority": "simple",
            "majority_base": "cast",
        },
    )
    ballot = Ballot.objects.get()
    assert response.status_code == 302 and ballot.is_open and ballot.eligible_count == 2
    assert ballot.created_by == chair


def test_roster_member_downloads_result_pdf_of_closed_ballot(client, group):
    user, organisation = fg.voter(group, role="observer")
    voter, voting = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=voting, choice="Yes", by=voter)
    url = reverse("workinggroups:ballot_pdf", args=[ballot.pk])
    assert login(client, user).get(url).status_code == 404  # not before closing
    services.close_ballot(ballot=ballot)
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert login(client, factories.UserFactory()).get(url).status_code == 404


def test_ballot_past_closing_time_shows_closing_without_a_vote_form(client, group):
    from datetime import timedelta

    from django.utils import timezone

    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=timezone.now() - timedelta(hours=1), closes_at=timezone.now() - timedelta(seconds=1)
    )
    body = login(client, user).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert '<span class="status status-closing">Closing</span>' in body
    assert f"Cast the vote of {organisation.legal_name}" not in body and "Give the proxy" not in body
    assert ">Open<" not in body and "accepts no more votes" in body
    listing = client.get(reverse("workinggroups:ballots")).content.decode()
    assert "<td>Closing</td>" in listing


@pytest.mark.parametrize("rows", [1, 100])
def test_closed_ballot_detail_query_count_is_bounded_with_1_and_100_rows(
    client, group, rows, django_assert_max_num_queries
):
    people = [fg.voter(group) for _ in range(rows)]
    ballot = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    services.close_ballot(ballot=ballot)
    login(client, people[0][0])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("workinggroups:ballot", args=[ballot.pk]))
    assert response.status_code == 200 and "Turnout" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 100])
def test_ballot_detail_for_secretariat_query_count_is_bounded_with_1_and_100_rows(
    client, group, rows, django_assert_max_num_queries
):
    people = [fg.voter(group) for _ in range(rows)]
    ballot = fg.ballot(group)
    for index, (user, organisation) in enumerate(people):
        if index % 10 == 1:
            services.give_proxy(ballot=ballot, organisation=organisation, holder=people[0][1], by=user)
        else:
            services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    login(client, fg.secretariat())
    with django_assert_max_num_queries(15):
        response = client.get(reverse("workinggroups:ballot", args=[ballot.pk]))
    assert response.status_code == 200 and "Running count" in response.content.decode()
