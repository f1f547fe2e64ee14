"""Demo data for working groups: a secretariat login, rosters, a meeting, an open and a closed ballot."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_user
from memberships.models import MemberRepresentative, Membership
from organisations.models import Organisation, OrganisationUser
from reviews.demo import give_demo_totp
from workinggroups import services
from workinggroups.models import Ballot, Meeting, RosterEntry, WorkingGroup

OPEN_QUESTION = "Adopt the Supply Chains working group's 2027 work programme?"
CLOSED_QUESTION = "Where should the 2027 plenary of the Supply Chains working group meet?"
MEETING_TITLE = "Supply Chains plenary — chokepoints in advanced packaging"
PFAS_MEETING_TITLE = "PFAS workshop — alternatives in lithography"


def seed(*, stdout):
    secretariat = demo_user("secretariat@allpros.example.eu", "ALLPROS.eu Secretariat", roles=["Secretariat"])
    give_demo_totp(secretariat)  # the secretariat sees other organisations' data: MFA, like Commission staff
    groups = {group.slug: group for group in WorkingGroup.objects.filter(alliance__slug="semiconductors")}
    memberships = list(
        Membership.objects.active()
        .filter(alliance__slug="semiconductors")
        .select_related("organisation", "alliance")
        .order_by("organisation__legal_name")
    )
    with transaction.atomic():
        representatives = [(_representative(membership), membership.organisation) for membership in memberships]
        for index, (person, organisation) in enumerate(representatives):
            _on_roster(
                groups.get("supply-chains"), organisation, person, RosterEntry.Role.CHAIR if index == 0 else None
            )
            _on_roster(groups.get("pfas" if index % 2 == 0 else "skills"), organisation, person, None)
    supply = groups.get("supply-chains")
    if supply is None:
        return [("Secretariat (working groups)", secretariat.email)]
    meeting = _meeting(supply, secretariat)
    invitee = _ad_hoc_invitee(supply, meeting, secretariat)
    pfas = groups.get("pfas")
    if pfas is not None:
        # The guest expert is invited to a second group's meeting too: their "My meetings" lists both.
        _ad_hoc_invitee(pfas, _meeting(pfas, secretariat, title=PFAS_MEETING_TITLE, days=21), secretariat)
    _answers(meeting, [person for person, _organisation in representatives[:2]])
    if representatives:
        # Ballots need voters: without active memberships (no approved application yet) they wait for a re-run.
        _closed_ballot(supply, secretariat, representatives)
        _open_ballot(supply, secretariat, representatives, meeting)
    stdout.write(
        f"Working groups: {len(representatives)} member organisation(s) on the rosters, a meeting"
        + (", an open and a closed ballot." if representatives else "; no ballot without members.")
    )
    logins = [("Secretariat (ALLPROS.eu: rosters, meetings, ballots)", secretariat.email)]
    logins += [(f"Member representative ({org.acronym or org.legal_name})", p.email) for p, org in representatives[:2]]
    if invitee is not None:
        logins.append(("Ad-hoc invitee (one meeting, no vote)", invitee.email))
    return logins


def _ad_hoc_invitee(group, meeting, secretariat):
    """A person of a non-member organisation invited to the demo meeting: sees it, never a ballot."""
    outsider = (
        Organisation.objects.exclude(pk__in=Membership.objects.active().values("organisation_id"))
        .filter(country__in=["NL", "SE", "LT"])
        .order_by("legal_name")
        .first()
    )
    if outsider is None:
        return None
    slug = (outsider.acronym or f"org{outsider.pk}").lower()
    person = demo_user(f"invitee@{slug}.example.eu", f"Guest expert of {outsider.acronym or outsider}")
    outsider.memberships_of_users.get_or_create(user=person, defaults={"role": OrganisationUser.Role.EDITOR})
    if not RosterEntry.objects.filter(group=group, user=person, meeting=meeting).exists():
        services.add_roster_entry(
            group=group,
            organisation=outsider,
            user=person,
            role=RosterEntry.Role.AD_HOC_INVITEE,
            by=secretariat,
            meeting=meeting,
        )
    return person


def _representative(membership):
    organisation = membership.organisation
    slug = (organisation.acronym or f"org{organisation.pk}").lower()
    person = demo_user(f"representative@{slug}.example.eu", f"Representative of {organisation.acronym or organisation}")
    organisation.memberships_of_users.get_or_create(user=person, defaults={"role": OrganisationUser.Role.EDITOR})
    MemberRepresentative.objects.get_or_create(membership=membership, user=person, defaults={"named_by": person})
    return person


def _on_roster(group, organisation, person, role):
    if group is None or RosterEntry.objects.filter(group=group, user=person, meeting__isnull=True).exists():
        return
    RosterEntry.objects.create(
        group=group, organisation=organisation, user=person, role=role or RosterEntry.Role.MEMBER_REPRESENTATIVE
    )


def _answers(meeting, people):
    """The first representative attends the demo meeting, the second sends apologies (RSVP)."""
    for person, answer in zip(people, ("attending", "apologies"), strict=False):
        if not meeting.responses.filter(user=person).exists():
            services.answer_invitation(meeting=meeting, by=person, answer=answer)


def _meeting(group, secretariat, *, title=MEETING_TITLE, days=14):
    meeting = Meeting.objects.filter(group=group, title=title).first()
    if meeting is not None:
        return meeting
    zone = ZoneInfo("Europe/Brussels")
    day = timezone.localdate() + timedelta(days=days)
    starts = datetime(day.year, day.month, day.day, 10, 0, tzinfo=zone)
    meeting = services.schedule_meeting(
        group=group,
        by=secretariat,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2, minutes=30),
        time_zone="Europe/Brussels",
        location="Brussels, Berlaymont, room S3",
        online_link=f"https://meet.example.eu/{group.slug}",
        agenda="1. Welcome by the co-chairs\n2. Chokepoints in advanced packaging\n3. Work programme 2027\n4. AOB",
    )
    services.send_invitations(meeting=meeting, by=secretariat)
    return meeting


def _closed_ballot(group, secretariat, representatives):
    if Ballot.objects.filter(group=group, question=CLOSED_QUESTION).exists():
        return
    ballot = services.create_ballot(
        group=group,
        by=secretariat,
        question=CLOSED_QUESTION,
        kind=Ballot.Kind.CHOICE,
        options=["Dresden", "Grenoble", "Leuven"],
        closes_at=timezone.now() + timedelta(minutes=5),
        quorum_percent=50,
        is_secret=True,
    )
    for index, (person, organisation) in enumerate(representatives):
        choice = ["Dresden", "Leuven", "Dresden", "Grenoble", "Abstain"][index % 5]
        services.cast_vote(ballot=ballot, organisation=organisation, choice=choice, by=person)
    services.close_ballot(ballot=ballot, by=secretariat, reason="Demo data: every member organisation has voted.")


def _open_ballot(group, secretariat, representatives, meeting):
    if Ballot.objects.filter(group=group, question=OPEN_QUESTION).exists():
        return
    ballot = services.create_ballot(
        group=group,
        by=secretariat,
        question=OPEN_QUESTION,
        description="The draft work programme was circulated with the meeting's documents.",
        closes_at=timezone.now() + timedelta(days=21),
        quorum_percent=50,
        majority=Ballot.Majority.TWO_THIRDS,
        meeting=meeting,
    )
    for person, organisation in representatives[1:3]:
        services.cast_vote(ballot=ballot, organisation=organisation, choice=Ballot.YES, by=person)
