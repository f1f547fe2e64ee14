"""Meeting services (services/meetings.py): answers to the invitation (RSVP) and the attendance they start."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEntry
from tests import factories
from tests.factories import groups as fg
from workinggroups import services
from workinggroups.models import Attendance, MeetingResponse, RosterEntry

pytestmark = pytest.mark.django_db


def test_answer_invitation_records_and_changes_the_answer(group):
    user, _ = fg.voter(group)
    meeting = fg.meeting(group)
    services.answer_invitation(meeting=meeting, by=user, answer="attending")
    services.answer_invitation(meeting=meeting, by=user, answer="apologies")
    assert list(MeetingResponse.objects.values_list("user_id", "answer")) == [(user.pk, "apologies")]
    assert AuditEntry.objects.filter(action="meeting.answered", to_state="apologies", actor=user).exists()


def test_answer_invitation_by_ad_hoc_invitee(group):
    meeting = fg.meeting(group)
    guest = factories.OrganisationFactory(owner=factories.UserFactory()).memberships_of_users.get()
    services.add_roster_entry(
        group=group,
        organisation=guest.organisation,
        user=guest.user,
        role=RosterEntry.Role.AD_HOC_INVITEE,
        meeting=meeting,
        by=fg.secretariat(),
    )
    services.answer_invitation(meeting=meeting, by=guest.user, answer="attending")
    assert MeetingResponse.objects.get(user=guest.user).is_attending


def test_answer_invitation_refused_to_a_person_not_invited(group):
    meeting = fg.meeting(group)
    with pytest.raises(ValidationError):
        services.answer_invitation(meeting=meeting, by=factories.UserFactory(), answer="attending")
    assert not MeetingResponse.objects.exists()


def test_answer_invitation_refused_after_the_meeting_or_when_cancelled(group):
    user, _ = fg.voter(group)
    secretariat = fg.secretariat()
    over = fg.meeting(group, starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1))
    cancelled = fg.meeting(group)
    services.cancel_meeting(meeting=cancelled, by=secretariat, reason="Venue closed")
    for meeting in (over, cancelled):
        with pytest.raises(ValidationError):
            services.answer_invitation(meeting=meeting, by=user, answer="attending")
    assert not MeetingResponse.objects.exists()


def test_answer_must_be_attending_or_apologies(group):
    user, _ = fg.voter(group)
    meeting = fg.meeting(group)
    with pytest.raises(ValidationError):
        services.answer_invitation(meeting=meeting, by=user, answer="maybe")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingResponse.objects.create(meeting=meeting, user=user, answer="maybe")


def test_record_attendance_notes_apologies_of_the_absent(group):
    attending, _ = fg.voter(group)
    sorry, _ = fg.voter(group)
    silent, _ = fg.voter(group)
    meeting = fg.meeting(group)
    services.answer_invitation(meeting=meeting, by=attending, answer="attending")
    services.answer_invitation(meeting=meeting, by=sorry, answer="apologies")
    services.record_attendance(meeting=meeting, by=fg.secretariat(), present_user_ids=[attending.pk])
    rows = {a.user_id: (a.present, a.apologies) for a in Attendance.objects.filter(meeting=meeting)}
    assert rows == {attending.pk: (True, False), sorry.pk: (False, True), silent.pk: (False, False)}
