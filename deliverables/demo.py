"""Demo data for deliverables: the Skills group's adopted "Skills Blueprint" (with a minority statement),
and the Supply Chains group's draft roadmap in an open comment round. Idempotent; runs after the working
groups' demo (rosters) and the reviews' demo (the Commission's decision maker)."""

from datetime import timedelta

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import User
from deliverables import services
from deliverables.models import Comment, Deliverable
from memberships.models import MemberRepresentative
from memberships.services import admit
from organisations.models import Organisation
from workinggroups import services as wg
from workinggroups.models import Ballot, RosterEntry, WorkingGroup
from workinggroups.selectors import voting_entries

BLUEPRINT = "Skills Blueprint"
ROADMAP = "Supply chain resilience roadmap"

BLUEPRINT_TEXT = """# Skills Blueprint for the European semiconductor industry

The European semiconductor ecosystem needs tens of thousands of additional engineers, technicians and
operators by 2030. This Blueprint sets out seven recommendations of the working group.

## Recommendations

Create a network of regional competence centres that share cleanroom access with universities.

Co-design curricula with industry, with modules on design, EDA, packaging and equipment.

Fund traineeships and dual-education programmes for technicians and operators.

Attract international talent with fast-track procedures and mutual recognition of qualifications.

Reskill workers from adjacent industries through short, certified courses.

Promote careers in microelectronics to school pupils, with a focus on gender balance.

Monitor skills needs yearly with a shared observatory of the alliance's members.
"""

ROADMAP_TEXT = """# Supply chain resilience roadmap

The working group maps chokepoints in the supply of materials, equipment and advanced packaging.

## Chokepoints

Specialty gases and high-purity chemicals depend on few suppliers outside the Union.

Advanced packaging capacity in Europe is small compared with demand from automotive and AI customers.

## Actions

Stockpiling guidelines for critical materials, shared among members.

A joint monitoring dashboard of lead times, reported quarterly to the Commission.
"""


def seed(*, stdout):
    groups = {g.slug: g for g in WorkingGroup.objects.filter(alliance__slug="semiconductors")}
    secretariat = demo_user("secretariat@allpros.example.eu", "ALLPROS.eu Secretariat", roles=["Secretariat"])
    made = []
    if "skills" in groups and _skills_blueprint(groups["skills"], secretariat):
        made.append(f'"{BLUEPRINT}" adopted')
    if "supply-chains" in groups and _supply_roadmap(groups["supply-chains"], secretariat):
        made.append(f'"{ROADMAP}" in a comment round')
    stdout.write("Deliverables: " + ("; ".join(made) if made else "already there, or no members to write them."))
    return []


def _voters(group):
    return list(voting_entries().filter(group=group).select_related("user", "organisation").order_by("pk"))


# Founding members the Skills group needs when the demo has admitted fewer than three organisations: a vote
# that adopts a text while one organisation is against needs at least three.
FOUNDERS = [
    ("Dresden Chip Academy e.V.", "DCA", "DE", "VR 4711", "rto", "Dresden", "01067"),
    ("Politecnico Microelettronica S.c.a.r.l.", "POLIMI-ME", "IT", "MI-2291044", "university", "Milano", "20133"),
    ("Leuven Packaging Skills VZW", "LPS", "BE", "0712.345.678", "association", "Leuven", "3001"),
]


def _founding_members(group):
    """Admit demo founding members (through the membership service) until the group has three voters."""
    decider = User.objects.filter(groups__name="Decision makers").order_by("pk").first()
    missing = 3 - voting_entries().filter(group=group).count()
    if decider is None or missing <= 0:
        return
    for name, acronym, country, number, kind, city, postcode in FOUNDERS[:missing]:
        organisation, _created = Organisation.objects.get_or_create(
            legal_name=name,
            defaults={
                "acronym": acronym,
                "organisation_type": kind,
                "country": country,
                "registration_number": number,
                "street": "Hauptstraße 1",
                "postcode": postcode,
                "city": city,
                "legal_representative_country": country,
                "legal_representative_name": "Demo Representative",
                "legal_representative_position": "Director",
                "legal_representative_email": f"director@{acronym.lower()}.example.eu",
                "contact_name": "Demo Contact",
                "contact_email": f"contact@{acronym.lower()}.example.eu",
                "value_chain_segments": ["skills"],
                "activities_description": "Education and training for the semiconductor industry.",
            },
        )
        membership = admit(
            organisation=organisation, alliance=group.alliance, by=decider, reason="Founding member (demo data)."
        )
        person = demo_user(f"representative@{acronym.lower()}.example.eu", f"Representative of {acronym}")
        organisation.memberships_of_users.get_or_create(user=person, defaults={"role": "owner"})
        MemberRepresentative.objects.get_or_create(membership=membership, user=person, defaults={"named_by": person})
        RosterEntry.objects.get_or_create(
            group=group,
            user=person,
            meeting=None,
            defaults={"organisation": organisation, "role": RosterEntry.Role.MEMBER_REPRESENTATIVE},
        )


def _join_all_representatives(group):
    """Every member representative on Supply Chains joins Skills too: the Blueprint's vote needs members."""
    for entry in voting_entries().filter(group__alliance=group.alliance, group__slug="supply-chains"):
        if not RosterEntry.objects.filter(group=group, user=entry.user, meeting__isnull=True).exists():
            RosterEntry.objects.create(
                group=group,
                organisation=entry.organisation,
                user=entry.user,
                role=RosterEntry.Role.MEMBER_REPRESENTATIVE,
            )


def _skills_blueprint(group, secretariat):
    if Deliverable.objects.filter(group=group, title=BLUEPRINT).exists():
        return False
    _join_all_representatives(group)
    _founding_members(group)
    entries = _voters(group)
    if len(entries) < 3:
        return False  # a vote needs members: the demo's memberships come from approved applications
    chair_entry = entries[0]
    if chair_entry.role != RosterEntry.Role.CHAIR:
        wg.change_roster_role(entry=chair_entry, role=RosterEntry.Role.CHAIR, by=secretariat)
    chair, writer_entry = chair_entry.user, entries[1]
    _clear_cached_roles(chair, writer_entry.user)
    item = services.create_deliverable(
        group=group,
        by=chair,
        title=BLUEPRINT,
        kind=Deliverable.Kind.RECOMMENDATIONS,
        visibility=Deliverable.Visibility.PUBLIC,
        summary="Seven recommendations on skills for the European semiconductor industry.",
    )
    services.name_rapporteur(deliverable=item, user=writer_entry.user, by=chair)
    writer = writer_entry.user
    first = services.write_version(deliverable=item, by=writer, text=BLUEPRINT_TEXT.replace("seven", "six"))
    comment_round = services.open_round(version=first, by=writer, closes_at=timezone.now() + timedelta(days=7))
    comments = [
        services.add_comment(comment_round=comment_round, by=entry.user, text=text, paragraph=paragraph)
        for entry, text, paragraph in [
            (entries[2], "Add a recommendation on a shared observatory of skills needs.", None),
            (entries[0], "Name the value-chain segments the curricula should cover.", 3),
        ]
    ]
    services.close_round(comment_round=comment_round, by=writer)
    for comment, resolution, reply in zip(
        comments,
        [Comment.Resolution.ACCEPTED, Comment.Resolution.ACCEPTED_IN_PART],
        ["Added as recommendation 7.", "Design, EDA, packaging and equipment named; materials left to PFAS."],
        strict=True,
    ):
        services.resolve_comment(comment=comment, by=writer, resolution=resolution, reply=reply)
    final = services.write_version(deliverable=item, by=writer, text=BLUEPRINT_TEXT, note="Comments resolved.")
    vote = services.put_to_vote(version=final, by=chair, closes_at=timezone.now() + timedelta(days=3))
    against = entries[-1]
    for entry in entries:
        choice = Ballot.NO if entry is against else Ballot.YES
        wg.cast_vote(ballot=vote.ballot, organisation=entry.organisation, choice=choice, by=entry.user)
    services.add_minority_statement(
        vote=vote,
        organisation=against.organisation,
        by=against.user,
        text="We support the aims but find the Blueprint silent on funding for SMEs' own training programmes.",
    )
    wg.close_ballot(ballot=vote.ballot, by=secretariat, reason="Every member organisation has voted.")
    decider = User.objects.filter(groups__name="Decision makers").order_by("pk").first()
    item.refresh_from_db()
    if decider is not None and item.state == Deliverable.State.ADOPTED:
        # The task renders the PDF after commit; render it now (idempotent) so that it is published at once.
        services.store_adopted_pdf(vote_id=vote.pk)
        services.acknowledge(deliverable=item, by=decider)
        services.publish(deliverable=item, by=chair)
    return True


def _supply_roadmap(group, secretariat):
    if Deliverable.objects.filter(group=group, title=ROADMAP).exists():
        return False
    entries = _voters(group)
    if len(entries) < 2:
        return False
    writer = entries[1].user
    item = services.create_deliverable(
        group=group,
        by=secretariat,
        title=ROADMAP,
        kind=Deliverable.Kind.ROADMAP,
        visibility=Deliverable.Visibility.GROUP,
    )
    services.name_rapporteur(deliverable=item, user=writer, by=secretariat)
    version = services.write_version(deliverable=item, by=writer, text=ROADMAP_TEXT)
    comment_round = services.open_round(version=version, by=writer, closes_at=timezone.now() + timedelta(days=10))
    services.add_comment(
        comment_round=comment_round,
        by=entries[0].user,
        text="Add neon and helium to the specialty gases.",
        paragraph=2,
    )
    return True


def _clear_cached_roles(*users):
    """Roster changes made during the seed must be seen by the permission checks that follow."""
    for user in users:
        for name in ("_wg_group_ids", "_wg_chair_ids", "_rapporteur_ids"):
            user.__dict__.pop(name, None)
