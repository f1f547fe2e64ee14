"""Minutes from the record: the draft starts from what the portal knows about the meeting.

Attendance by organisation and capacity, apologies, quorum, the ballots and their results, and what higher
apps add through `signals.minutes_sections` (the deliverables discussed). The chairs complete the draft.
"""

from datetime import datetime

from django.db.models import Q
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext as _

from workinggroups import selectors, signals
from workinggroups.models import Attendance, Ballot, Meeting, RosterEntry


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
    voting = set(selectors.voting_entries().filter(group_id=meeting.group_id).values_list("organisation_id", flat=True))
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
            counts = ", ".join(f"{option} {count}" for option, count in (ballot.counts or {}).items())
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
