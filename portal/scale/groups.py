"""Memberships, representatives, rosters and meetings in bulk; ballots and votes through the services.

Ballots go through workinggroups.services (open_ballot, cast_vote, close_ballot) because their hash chains
and the audit anchors must verify (manage.py verify_ballots); that is a few hundred votes, not hours.
"""

from datetime import timedelta

from accounts.models import User
from applications.models import Application
from memberships.models import MemberRepresentative, Membership
from portal.scale.common import Scale, bulk
from workinggroups import services
from workinggroups.models import Attendance, Ballot, Meeting, RosterEntry, WorkingGroup
from workinggroups.selectors import voting_entries

SECRETARIAT = "secretariat@allpros.example.eu"
# The share of `--roster` on each working group of the semiconductor alliance.
ROSTER_SHARES = {"supply-chains": 1.0, "pfas": 0.6, "skills": 0.4}
OPEN_BALLOT = "Scale: adopt the Supply Chains roadmap 2028?"
CLOSED_BALLOT = "Scale: approve the Supply Chains annual report 2026?"


def build_memberships(scale: Scale, applications: list) -> list[Membership]:
    """An active membership for the first `--members` approvals, suspended or ended for the rest."""
    approved = sorted((a for a in applications if a.state == Application.State.APPROVED), key=lambda a: a.decided_at)
    scale.rng.shuffle(approved)
    memberships = []
    for index, application in enumerate(approved):
        state = Membership.State.ACTIVE
        if index >= scale.size.members:
            state = Membership.State.SUSPENDED if index % 2 else Membership.State.ENDED
        memberships.append(
            Membership(
                organisation=application.organisation,
                alliance=application.alliance,
                state=state,
                started_on=application.decided_at.date(),
                ended_on=scale.now.date() if state == Membership.State.ENDED else None,
                application=application,
                updated_at=application.decided_at,
            )
        )
    memberships = bulk(scale, Membership, memberships)
    representatives = [
        MemberRepresentative(
            membership=m, user=m.organisation.owner, named_by=m.organisation.owner, named_at=m.updated_at
        )
        for m in memberships
    ]
    bulk(scale, MemberRepresentative, representatives, "member representatives")
    return memberships


def build_groups(scale: Scale, memberships: list) -> None:
    secretariat = User.objects.get(email=SECRETARIAT)
    voters = [m for m in memberships if m.state == Membership.State.ACTIVE and m.alliance.slug == "semiconductors"]
    groups = {g.slug: g for g in WorkingGroup.objects.filter(alliance__slug="semiconductors")}
    for slug, share in ROSTER_SHARES.items():
        if slug in groups:
            _roster(scale, groups[slug], voters, round(scale.size.roster * share))
            _meetings(scale, groups[slug], secretariat)
    if "supply-chains" in groups:
        _ballots(scale, groups["supply-chains"], secretariat)


def _roster(scale, group, voters, wanted):
    taken = set(RosterEntry.objects.filter(group=group, meeting__isnull=True).values_list("user_id", flat=True))
    chosen = [m for m in scale.rng.sample(voters, len(voters)) if m.organisation.owner.pk not in taken]
    chosen = chosen[: max(0, wanted - len(taken))]
    entries = []
    for index, membership in enumerate(chosen):
        role = RosterEntry.Role.MEMBER_REPRESENTATIVE
        if index == 0:
            role = RosterEntry.Role.CHAIR
        elif index % 20 == 0:
            role = RosterEntry.Role.OBSERVER
        entries.append(
            RosterEntry(
                group=group,
                organisation=membership.organisation,
                user=membership.organisation.owner,
                role=role,
                added_at=membership.updated_at,
            )
        )
    bulk(scale, RosterEntry, entries, "roster entries")


def _meetings(scale, group, secretariat):
    """A year of monthly meetings and three ahead; the last four past ones with their attendance."""
    meetings = []
    for month in range(-12, 3):
        starts = (scale.now + timedelta(days=30 * month)).replace(hour=9, minute=0, second=0, microsecond=0)
        meetings.append(
            Meeting(
                group=group,
                title=f"{group.name} — monthly meeting {month + 13}",
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                location="Brussels, Berlaymont",
                agenda="1. Welcome\n2. Work programme\n3. AOB",
                created_by=secretariat,
                created_at=starts - timedelta(days=30),
                invitations_sent_at=starts - timedelta(days=20),
                minutes="Approved." if month < -1 else "",
            )
        )
    meetings = bulk(scale, Meeting, meetings)
    roster = list(
        RosterEntry.objects.filter(group=group, meeting__isnull=True).values_list("user_id", "organisation_id")
    )
    rows = []
    for meeting in meetings[8:12]:
        for user_id, organisation_id in roster:
            rows.append(
                Attendance(
                    meeting=meeting,
                    user_id=user_id,
                    organisation_id=organisation_id,
                    present=scale.rng.random() < 0.7,
                    recorded_by=secretariat,
                    recorded_at=meeting.ends_at,
                )
            )
    bulk(scale, Attendance, rows, "attendance")


def _ballots(scale, group, secretariat):
    """An open ballot with 55% of the votes cast, and a closed one with 70% (not the demo people's)."""
    for question, turnout, close in ((OPEN_BALLOT, 0.55, False), (CLOSED_BALLOT, 0.7, True)):
        ballot = services.create_ballot(
            group=group,
            by=secretariat,
            question=question,
            closes_at=scale.now + timedelta(days=14),
            quorum_percent=50,
        )
        voters = list(
            voting_entries()
            .filter(group=group, user__email__endswith="scale.example.eu")
            .select_related("organisation", "user")
            .order_by("pk")
        )
        for entry in voters[: round(len(voters) * turnout)]:
            choice = scale.rng.choices([Ballot.YES, Ballot.NO, Ballot.ABSTAIN], weights=[70, 20, 10])[0]
            services.cast_vote(ballot=ballot, organisation=entry.organisation, choice=choice, by=entry.user)
        scale.count("votes cast (through the services)", round(len(voters) * turnout))
        if close:
            services.close_ballot(ballot=ballot, by=secretariat, reason="Scale data: closed once every vote is in.")
