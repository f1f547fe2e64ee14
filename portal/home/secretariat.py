"""The secretariat's section."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.home.base import LIMIT, Item, Section, ballots_group, group_of, meetings_group
from workinggroups.models import Ballot, GroupProposal, JoinRequest, Meeting

COMING = timedelta(days=30)

# Secretariat ---------------------------------------------------------------------------------------------------


def secretariat_section() -> Section:
    now = timezone.now()
    join_requests = JoinRequest.objects.filter(state=JoinRequest.State.PENDING).select_related("group", "organisation")
    # The coming 30 days rather than the calendar month: at the month's end, next week's meeting still shows.
    meetings = Meeting.objects.filter(
        state=Meeting.State.SCHEDULED, ends_at__gte=now, starts_at__lt=now + COMING
    ).select_related("group")
    minutes = Meeting.objects.filter(
        state=Meeting.State.SCHEDULED, ends_at__lt=now, minutes_published_at__isnull=True
    ).select_related("group")
    ballots = Ballot.objects.filter(state=Ballot.State.OPEN).select_related("group")
    proposals = GroupProposal.objects.filter(state=GroupProposal.State.PENDING).select_related("alliance")
    return Section(
        key="secretariat",
        title=_("Secretariat"),
        actions=[
            Item(text=_("Meetings"), url=reverse("workinggroups:meetings")),
            Item(text=_("Ballots"), url=reverse("workinggroups:ballots")),
            Item(text=_("Working groups"), url=reverse("workinggroups:list")),
        ],
        groups=[
            group_of(
                _("Requests to join a working group"),
                [
                    Item(
                        text=f"{r.organisation.legal_name} — {r.group.name}",
                        url=reverse("workinggroups:detail", args=[r.group_id]),
                        when=r.created_at,
                        note=_("asked"),
                    )
                    for r in join_requests.order_by("created_at")[:LIMIT]
                ],
                join_requests.count(),
                _("No request to join is waiting."),
            ),
            meetings_group(
                _("Meetings in the next 30 days"),
                meetings.order_by("starts_at"),
                _("No meeting in the next 30 days."),
            ),
            group_of(
                _("Minutes to publish"),
                [
                    Item(
                        text=f"{m.title} — {m.group.name}",
                        url=reverse("workinggroups:meeting_minutes", args=[m.pk]),
                        when=m.starts_at,
                        note=_("held"),
                    )
                    for m in minutes.order_by("starts_at")[:LIMIT]
                ],
                minutes.count(),
                _("All minutes are published."),
            ),
            ballots_group(ballots.order_by("closes_at"), now),
            group_of(
                _("Working groups proposed by members"),
                [
                    Item(
                        text=f"{p.name} — {p.alliance.short_name}",
                        url=reverse("workinggroups:proposal", args=[p.pk]),
                        when=p.created_at,
                        note=_("proposed"),
                    )
                    for p in proposals.order_by("created_at")[:LIMIT]
                ],
                proposals.count(),
                _("No proposal is waiting."),
                reverse("workinggroups:proposals"),
            ),
        ],
    )
