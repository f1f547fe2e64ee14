"""Minutes from the record: drafted from what the portal knows, completed by the chairs, approved, published.

The draft holds attendance by organisation and capacity, apologies, quorum, the ballots and their results, and
what higher apps add through `signals.minutes_sections` (the deliverables discussed). The chairs (or the
secretariat) complete it; it is approved at the next meeting or by written procedure, and only then
published to the group. Approved minutes no longer change.
"""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import record
from notifications.services import queue_email
from workinggroups import selectors, signals
from workinggroups.models import Attendance, Ballot, Meeting, MinutesApproval, RosterEntry

logger = logging.getLogger(__name__)


def _previous_meeting_end(meeting: Meeting) -> datetime | None:
    previous = (
        Meeting.objects.filter(group_id=meeting.group_id, starts_at__lt=meeting.starts_at)
        .exclude(state=Meeting.State.CANCELLED)
        .order_by("-starts_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    return previous


def _capacity(entry: RosterEntry | None) -> str:
    return str(entry.get_role_display()) if entry is not None else _("no role on the roster")


def _attendance_lines(meeting: Meeting, *, present: bool, roles: dict) -> list[str]:
    rows = (
        Attendance.objects.filter(meeting=meeting, present=present)
        .select_related("organisation", "user")
        .order_by("organisation__legal_name", "user__full_name")
    )
    return [
        f"- {row.organisation.legal_name}: {row.user.display_name} ({_capacity(roles.get(row.user_id))})"
        for row in rows
    ]


def _quorum_line(meeting: Meeting) -> str:
    voting = set(
        selectors.voting_entries()
        .filter(group_id=meeting.group_id)
        .order_by()
        .values_list("organisation_id", flat=True)
    )
    present = set(
        Attendance.objects.filter(meeting=meeting, present=True, organisation_id__in=voting).values_list(
            "organisation_id", flat=True
        )
    )
    return _("%(present)s of %(voting)s member organisations with a vote were represented.") % {
        "present": len(present),
        "voting": len(voting),
    }


def _ballot_lines(meeting: Meeting, since: datetime | None) -> list[str]:
    window = Q(meeting=meeting) | Q(closed_at__gt=since or meeting.starts_at, closed_at__lte=meeting.ends_at)
    lines = []
    for ballot in Ballot.objects.filter(group_id=meeting.group_id).filter(window).order_by("opens_at"):
        if ballot.is_closed:
            outcome = _("carried") if ballot.carried else _("not carried")
            # In the ballot's own order of options: PostgreSQL's jsonb does not keep the keys' order.
            counted = ballot.counts or {}
            order = [option for option in ballot.options if option in counted] + sorted(
                set(counted) - set(ballot.options)
            )
            counts = ", ".join(f"{option} {counted[option]}" for option in order)
            lines.append(
                _("- %(question)s: %(outcome)s (%(counts)s; %(participants)s of %(eligible)s organisations took part)")
                % {
                    "question": ballot.question,
                    "outcome": outcome,
                    "counts": counts,
                    "participants": ballot.participant_count,
                    "eligible": ballot.eligible_count,
                }
            )
        else:
            lines.append(_("- %(question)s: %(state)s") % {"question": ballot.question, "state": ballot.status_label})
    return lines


def draft_minutes(meeting: Meeting) -> str:
    """The draft minutes of the meeting as text (Markdown), from the record, for the chairs to complete."""
    since = _previous_meeting_end(meeting)
    roles = {entry.user_id: entry for entry in selectors.invitees(meeting)}
    local = timezone.localtime(meeting.starts_at, meeting.zone)
    sections = [
        (_("Attendance"), _attendance_lines(meeting, present=True, roles=roles) or [_("No attendance recorded.")]),
        (_("Apologies"), _attendance_lines(meeting, present=False, roles=roles) or [_("None.")]),
        (_("Quorum"), [_quorum_line(meeting)]),
        (_("Ballots and their results"), _ballot_lines(meeting, since) or [_("No ballot.")]),
    ]
    for _receiver, section in signals.minutes_sections.send(
        sender=Meeting, meeting=meeting, since=since, until=meeting.ends_at
    ):
        if section:
            sections.append(section)
    sections.append((_("Decisions and actions"), [_("(to be completed by the chairs)")]))
    head = [
        f"# {_('Minutes')}: {meeting.title}",
        "",
        f"{meeting.group.name} — {format_date(local, 'j F Y H:i')} ({meeting.time_zone})"
        + (f", {meeting.location}" if meeting.location else ""),
    ]
    body = [f"\n## {heading}\n\n" + "\n".join(lines) for heading, lines in sections]
    return "\n".join(head) + "\n" + "\n".join(body) + "\n"


def _lock(meeting: Meeting, by: User) -> Meeting:
    require(by, "workinggroups.write_minutes", meeting, _("The chairs and the secretariat write the minutes."))
    return Meeting.objects.select_for_update(of=("self",)).select_related("group").get(pk=meeting.pk)


def _refuse_if_approved(meeting: Meeting) -> None:
    if meeting.minutes_approved_at is not None:
        raise ValidationError(_("The minutes are approved: they no longer change."))


@transaction.atomic
def start_minutes(*, meeting: Meeting, by: User) -> Meeting:
    """Write the draft from the record into the meeting's minutes (only while they are empty)."""
    meeting = _lock(meeting, by)
    _refuse_if_approved(meeting)
    if meeting.minutes.strip():
        raise ValidationError(_("The minutes are started already: complete them."))
    meeting.minutes = draft_minutes(meeting)
    meeting.save(update_fields=["minutes"])
    record(actor=by, action="meeting.minutes_drafted", target=meeting)
    return meeting


@transaction.atomic
def complete_minutes(*, meeting: Meeting, by: User, minutes: str) -> Meeting:
    meeting = _lock(meeting, by)
    _refuse_if_approved(meeting)
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    record(actor=by, action="meeting.minutes_saved", target=meeting, data={"published": False})
    return meeting


def _next_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(group_id=meeting.group_id, starts_at__gte=meeting.ends_at)
        .exclude(state=Meeting.State.CANCELLED)
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def approve_minutes(*, meeting: Meeting, by: User, procedure: str) -> Meeting:
    """Approve the minutes at the next meeting (once it has begun) or by written procedure."""
    meeting = _lock(meeting, by)
    _refuse_if_approved(meeting)
    if not meeting.minutes.strip():
        raise ValidationError(_("There are no minutes to approve yet."))
    at_meeting = None
    if procedure == MinutesApproval.AT_MEETING:
        at_meeting = _next_meeting(meeting)
        if at_meeting is None or at_meeting.starts_at > timezone.now():
            raise ValidationError(_("Minutes are approved at the next meeting, once it has begun."))
    elif procedure != MinutesApproval.WRITTEN:
        raise ValidationError(_("Choose how the minutes were approved."))
    meeting.minutes_approval = procedure
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_by = by
    meeting.minutes_approved_at_meeting = at_meeting
    meeting.save(
        update_fields=["minutes_approval", "minutes_approved_at", "minutes_approved_by", "minutes_approved_at_meeting"]
    )
    record(
        actor=by,
        action="meeting.minutes_approved",
        target=meeting,
        to_state=procedure,
        data={"at_meeting": at_meeting.pk if at_meeting else None},
    )
    return meeting


@transaction.atomic
def publish_minutes(*, meeting: Meeting, by: User) -> Meeting:
    """Publish approved minutes to the group (standing roster), and tell it."""
    meeting = _lock(meeting, by)
    if meeting.minutes_approved_at is None:
        raise ValidationError(_("Minutes are published only once approved."))
    if meeting.minutes_published_at is not None:
        raise ValidationError(_("The minutes are published already."))
    meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes_published_at"])
    record(actor=by, action="meeting.minutes_published", target=meeting)
    emails = RosterEntry.objects.filter(group_id=meeting.group_id, meeting__isnull=True).values_list(
        "user__email", flat=True
    )
    queue_email(
        key=f"meeting:{meeting.pk}:minutes_published",
        to=list(emails),
        template="workinggroups/email/minutes_published",
        context={"meeting": meeting},
    )
    logger.info("Minutes of meeting %s published", meeting.pk)
    return meeting
