"""The sections of member representatives and ad-hoc invitees."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from declarations.selectors import declarations_awaiting_signature
from deliverables.selectors import open_rounds_in
from organisations.selectors import organisation_ids_of
from portal.home.base import CLOSING_SOON, LIMIT, Item, Section, ballots_group, group_of, meetings_group
from workinggroups.models import Ballot, Meeting, WorkingGroup
from workinggroups.selectors import ad_hoc_meeting_ids_of, ballots_for_user, permanent_group_ids_of

# Member representative and ad-hoc invitee ----------------------------------------------------------------------


def member_section(user) -> Section:
    now = timezone.now()
    group_ids = permanent_group_ids_of(user)
    organisation_ids = organisation_ids_of(user)
    open_ballots = ballots_for_user(user).filter(state=Ballot.State.OPEN).order_by("closes_at")
    voted_ids = frozenset(
        Ballot.objects.filter(
            pk__in=open_ballots.values("pk"), cast_ballots__organisation_id__in=organisation_ids
        ).values_list("pk", flat=True)
    )
    meetings = Meeting.objects.filter(
        group_id__in=group_ids, state=Meeting.State.SCHEDULED, ends_at__gte=now
    ).select_related("group")
    groups = WorkingGroup.objects.filter(pk__in=group_ids).select_related("alliance").order_by("name")
    to_sign = declarations_awaiting_signature(user)
    rounds = open_rounds_in(group_ids)
    return Section(
        key="member",
        title=_("Your working groups"),
        actions=[
            Item(text=_("My meetings"), url=reverse("workinggroups:meetings")),
            Item(text=_("Ballots"), url=reverse("workinggroups:ballots")),
            Item(text=_("My working groups"), url=reverse("workinggroups:list")),
        ],
        groups=[
            ballots_group(open_ballots, now, voted_ids=voted_ids),
            group_of(
                _("Comment rounds open"),
                [
                    Item(
                        text=f"{r.deliverable.title} — {r.deliverable.group.name}",
                        url=reverse("deliverables:round", args=[r.pk]),
                        when=r.closes_at,
                        note=_("comments close"),
                        urgent=r.closes_at - now < CLOSING_SOON,
                    )
                    for r in rounds[:LIMIT]
                ],
                rounds.count(),
                _("No comment round is open."),
            ),
            meetings_group(_("Coming meetings"), meetings.order_by("starts_at"), _("No meeting is planned.")),
            group_of(
                _("Your groups"),
                [
                    Item(text=g.name, url=reverse("workinggroups:detail", args=[g.pk]), note=g.alliance.short_name)
                    for g in groups[:LIMIT]
                ],
                groups.count(),
                _("You are on no working group's roster."),
                reverse("workinggroups:list"),
            ),
            group_of(
                _("Declarations to sign again"),
                [
                    Item(
                        text=f"{membership.organisation.legal_name} — {membership.alliance.short_name}",
                        url=reverse("declarations:sign_for_membership", args=[membership.pk]),
                        note=_("version %(number)s") % {"number": version.version},
                        urgent=True,
                    )
                    for membership, version in to_sign[:LIMIT]
                ],
                len(to_sign),
                _("Every Declaration is signed."),
            ),
        ],
    )


def invitee_section(user) -> Section:
    meetings = (
        Meeting.objects.filter(pk__in=ad_hoc_meeting_ids_of(user), state=Meeting.State.SCHEDULED)
        .select_related("group")
        .order_by("starts_at")
    )
    return Section(
        key="invitee",
        title=_("Meetings you are invited to"),
        actions=[Item(text=_("My meetings"), url=reverse("workinggroups:meetings"))],
        groups=[meetings_group(_("Meetings"), meetings, _("You are not invited to a coming meeting."))],
    )
