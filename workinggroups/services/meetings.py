"""Meetings: scheduling, changes and cancellation (each announced with an .ics file), attendance, minutes, documents."""

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import record
from documents.uploads import store_pdf
from notifications.services import queue_email
from workinggroups import selectors
from workinggroups.ics import meeting_ics
from workinggroups.models import Attendance, Meeting, MeetingDocument, MeetingResponse, RosterEntry, WorkingGroup

logger = logging.getLogger(__name__)

MEETING_FIELDS = ("title", "starts_at", "ends_at", "time_zone", "location", "online_link", "agenda")


def _check_meeting_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError(_("The meeting must end after it starts."))


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=meeting.pk)


@transaction.atomic
def schedule_meeting(
    *,
    group: WorkingGroup,
    by: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str,
    location: str = "",
    online_link: str = "",
    agenda: str = "",
) -> Meeting:
    require(by, "workinggroups.manage_meeting", group)
    _check_meeting_times(starts_at, ends_at)
    meeting = Meeting(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        location=location,
        online_link=online_link,
        agenda=agenda,
        created_by=by,
    )
    meeting.full_clean()
    meeting.save()
    record(actor=by, action="meeting.scheduled", target=meeting, to_state=Meeting.State.SCHEDULED)
    logger.info("Group %s: meeting %s scheduled", group.pk, meeting.pk)
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, by: User, **fields: Any) -> Meeting:
    require(by, "workinggroups.manage_meeting", meeting)
    meeting = _lock(meeting)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    changed = [name for name in MEETING_FIELDS if name in fields and getattr(meeting, name) != fields[name]]
    for name in changed:
        setattr(meeting, name, fields[name])
    _check_meeting_times(meeting.starts_at, meeting.ends_at)
    if not changed:
        return meeting
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    record(actor=by, action="meeting.changed", target=meeting, data={"fields": changed})
    logger.info("Meeting %s changed: %s", meeting.pk, ", ".join(changed))
    if meeting.invitations_sent_at:
        _send_all_invitations(meeting, changed=True)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: User, reason: str) -> Meeting:
    require(by, "workinggroups.manage_meeting", meeting)
    meeting = _lock(meeting)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("The meeting is already cancelled."))
    meeting.state = Meeting.State.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["state", "sequence"])
    record(
        actor=by,
        action="meeting.cancelled",
        target=meeting,
        from_state=Meeting.State.SCHEDULED,
        to_state=Meeting.State.CANCELLED,
        reason=reason,
    )
    logger.info("Meeting %s cancelled", meeting.pk)
    if meeting.invitations_sent_at:
        for entry in selectors.invitees(meeting):
            queue_email(
                key=f"meeting:{meeting.pk}:cancel:{entry.user_id}",
                to=[entry.user.email],
                template="workinggroups/email/meeting_cancelled",
                context={"meeting": meeting, "entry": entry, "reason": reason},
                attachments=[_ics_attachment(meeting, cancelled=True)],
            )
    return meeting


def _ics_attachment(meeting: Meeting, *, cancelled: bool = False) -> dict[str, str]:
    return {
        "filename": "meeting.ics",
        "mimetype": "text/calendar",
        "content": meeting_ics(meeting, cancelled=cancelled),
    }


def send_invitation(meeting: Meeting, entry: RosterEntry, *, changed: bool = False) -> None:
    """E-mail one invitee the invitation (or the change) with the .ics file, once per version of the meeting."""
    queue_email(
        key=f"meeting:{meeting.pk}:seq{meeting.sequence}:{entry.user_id}",
        to=[entry.user.email],
        template="workinggroups/email/meeting_changed" if changed else "workinggroups/email/meeting_invitation",
        context={"meeting": meeting, "entry": entry},
        attachments=[_ics_attachment(meeting)],
    )


def _send_all_invitations(meeting: Meeting, *, changed: bool = False) -> None:
    for entry in selectors.invitees(meeting):
        send_invitation(meeting, entry, changed=changed)


@transaction.atomic
def send_invitations(*, meeting: Meeting, by: User) -> Meeting:
    """Invite the roster and the meeting's ad-hoc invitees, each with the .ics file (once per version)."""
    require(by, "workinggroups.manage_meeting", meeting)
    meeting = _lock(meeting)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be announced."))
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    _send_all_invitations(meeting)
    record(actor=by, action="meeting.invitations_sent", target=meeting, data={"sequence": meeting.sequence})
    logger.info("Meeting %s: invitations sent (version %s)", meeting.pk, meeting.sequence)
    return meeting


@transaction.atomic
def answer_invitation(*, meeting: Meeting, by: User, answer: str) -> MeetingResponse:
    """The invitee says whether they attend (or send apologies); they may change it until the meeting ends.

    The meeting is read afresh: it may have been cancelled or moved since the page was shown.
    """
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("The meeting is cancelled."))
    if timezone.now() >= meeting.ends_at:
        raise ValidationError(_("The meeting is over: the secretariat records who attended."))
    if not selectors.invitees(meeting).filter(user=by).exists():
        logger.warning("Meeting %s: user %s, not invited, refused an answer", meeting.pk, by.pk)
        raise ValidationError(_("Only the people invited to the meeting answer its invitation."))
    if answer not in MeetingResponse.Answer.values:
        raise ValidationError(_("Answer attending or apologies."))
    response, _created = MeetingResponse.objects.update_or_create(meeting=meeting, user=by, defaults={"answer": answer})
    record(actor=by, action="meeting.answered", target=meeting, to_state=answer)
    logger.info("Meeting %s: user %s answers %s", meeting.pk, by.pk, answer)
    return response


@transaction.atomic
def record_attendance(*, meeting: Meeting, by: User, present_user_ids: Iterable[int | str]) -> None:
    """Record who was present; a person who sent apologies and was absent is noted as such."""
    require(by, "workinggroups.manage_meeting", meeting)
    present = {int(pk) for pk in present_user_ids}
    entries = list(selectors.invitees(meeting))
    apologies = selectors.apologies_user_ids(meeting)
    for entry in entries:
        is_present = entry.user_id in present
        Attendance.objects.update_or_create(
            meeting=meeting,
            user=entry.user,
            defaults={
                "organisation": entry.organisation,
                "present": is_present,
                "apologies": not is_present and entry.user_id in apologies,
                "recorded_by": by,
            },
        )
    record(
        actor=by,
        action="meeting.attendance_recorded",
        target=meeting,
        data={"present": sorted(e.user_id for e in entries if e.user_id in present)},
    )


@transaction.atomic
def save_minutes(*, meeting: Meeting, by: User, minutes: str, publish: bool = False) -> Meeting:
    require(by, "workinggroups.manage_meeting", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.minutes = minutes
    if publish and meeting.minutes_published_at is None:
        meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes", "minutes_published_at"])
    record(actor=by, action="meeting.minutes_saved", target=meeting, data={"published": bool(publish)})
    return meeting


@transaction.atomic
def upload_document(*, meeting: Meeting, by: User, title: str, uploaded_file: UploadedFile) -> MeetingDocument:
    require(by, "workinggroups.manage_meeting", meeting)
    document = MeetingDocument(meeting=meeting, title=title, uploaded_by=by)
    stored = store_pdf(uploaded_file, into=document.file)
    document.sha256, document.size = stored.sha256, stored.size
    document.save()
    record(actor=by, action="meeting.document_uploaded", target=meeting, data={"document": document.pk})
    return document
