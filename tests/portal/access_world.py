"""The world the access matrix is judged in: one record of each kind, and one person for each role.

Built through the real services, as the portal builds them. The applicant's organisation has a draft (with a
document), a submitted application under review (with a document, its signed Declaration and a scan, three
assigned reviewers: cleared, undeclared and conflicted, an answered and an open clarification) and a decided
(rejected) application. Working group "Supply Chains" has a member representative and a chair on its roster,
a meeting with a document and an ad-hoc invitee, a named ballot with a vote cast, a join request and a proposal;
"PFAS" has the member of another group.
"""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from applications import services as application_services
from declarations.models import Signature
from deliverables import services as deliverable_services
from deliverables.models import Deliverable
from memberships.models import MemberRepresentative
from organisations import services as organisation_services
from reviews import services as review_services
from tests import factories
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from tests.factories import reviews as rf
from tests.pdfs import pdf_upload
from workinggroups import services as group_services
from workinggroups.models import JoinRequest, RosterEntry

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ROLES = [
    "anonymous",
    "applicant",
    "other_applicant",
    "reviewer_cleared",
    "reviewer_undeclared",
    "reviewer_conflicted",
    "reviewer_unassigned",
    "decision_maker",
    "secretariat",
    "member",
    "member_other_group",
    "ad_hoc_invitee",
    "chair",
    "superuser",
]


def with_mfa(user):
    """Everyone who sees other organisations' data signs in with a second factor: an active TOTP authenticator."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


def _applicant_side(world, dm):
    semiconductors, cloud = factories.alliance("semiconductors"), factories.alliance("industrial-cloud")
    applicant = world["applicant"] = factories.UserFactory(full_name="Ada Applicant")
    organisation = world["organisation"] = factories.OrganisationFactory(owner=applicant)
    other = world["other_applicant"] = factories.UserFactory(full_name="Otto Other")
    world["other_organisation"] = factories.OrganisationFactory(owner=other)

    decided = rf.reviewed_application(organisation=organisation, created_by=applicant, by=dm)
    world["decision"] = review_services.decide(
        application=decided, by=dm, outcome="reject", justification="Not yet.", evaluation_summary=[]
    )
    # The task renders the letter after commit; the test runs inside one transaction, so call its service.
    review_services.store_decision_letter(decision_id=world["decision"].pk)

    draft = world["draft"] = application_services.start_application(
        organisation=organisation, alliance=cloud, by=applicant
    )
    world["draft_document"] = application_services.add_document(
        application=draft, by=applicant, title="Draft evidence", uploaded_file=pdf_upload()
    )
    submitted = factories.ApplicationFactory(organisation=organisation, created_by=applicant, alliance=semiconductors)
    world["submitted_document"] = application_services.add_document(
        application=submitted, by=applicant, title="Submitted evidence", uploaded_file=pdf_upload()
    )
    factories.ready_to_submit(submitted, by=applicant)
    submitted = world["submitted"] = application_services.submit(application=submitted, by=applicant)
    signature = world["signature"] = Signature.objects.get(application=submitted)
    signature.scan.save("scan.pdf", pdf_upload(), save=True)
    world["invitation"] = organisation_services.invite_editor(
        organisation=organisation, email="new.editor@example.eu", by=applicant
    )
    return submitted


def _review_side(world, dm, submitted):
    world["reviewer_cleared"] = cleared = rf.reviewer()
    rf.assign(submitted, cleared, by=dm, declare=False)
    world["reviewer_undeclared"] = rf.reviewer()
    rf.assign(submitted, world["reviewer_undeclared"], by=dm)
    world["reviewer_conflicted"] = rf.reviewer()
    rf.assign(submitted, world["reviewer_conflicted"], by=dm, declare=True)
    world["reviewer_unassigned"] = rf.reviewer(submitted.alliance)
    answered = review_services.ask_clarification(application=submitted, by=cleared, question="Which fabs?")
    review_services.answer_clarification(
        clarification=answered, by=world["applicant"], answer="Dresden.", uploaded_file=pdf_upload()
    )
    world["answered_clarification"] = answered
    submitted.refresh_from_db()
    world["clarification"] = review_services.ask_clarification(
        application=submitted, by=cleared, question="And the packaging line?"
    )


def _group_side(world, secretariat):
    group, other_group = fg.group("supply-chains"), fg.group("pfas")
    world["group"], world["other_group"] = group, other_group
    member, member_organisation = fg.voter(group)
    world["member"], world["member_organisation"] = member, member_organisation
    world["membership"] = member_organisation.alliance_memberships.get()
    world["representative"] = MemberRepresentative.objects.get(membership=world["membership"], user=member)
    world["roster_entry"] = RosterEntry.objects.get(group=group, user=member, meeting=None)
    world["chair"], world["chair_organisation"] = fg.voter(group, role=RosterEntry.Role.CHAIR)
    world["member_other_group"], other_member_organisation = fg.voter(other_group)

    meeting = world["meeting"] = fg.meeting(group, by=secretariat)
    world["meeting_document"] = group_services.upload_document(
        meeting=meeting, by=secretariat, title="Agenda", uploaded_file=pdf_upload()
    )
    invitee = world["ad_hoc_invitee"] = factories.UserFactory(full_name="Ines Invitee")
    guest_organisation = factories.OrganisationFactory(owner=invitee)
    group_services.add_roster_entry(
        group=group,
        organisation=guest_organisation,
        user=invitee,
        role=RosterEntry.Role.AD_HOC_INVITEE,
        meeting=meeting,
        by=secretariat,
    )
    ballot = world["ballot"] = fg.ballot(group, by=secretariat)
    group_services.cast_vote(ballot=ballot, organisation=member_organisation, choice="Yes", by=member)
    closed = fg.ballot(group, by=secretariat, question="Meet in Dresden?")
    group_services.cast_vote(ballot=closed, organisation=member_organisation, choice="Yes", by=member)
    world["closed_ballot"] = group_services.close_ballot(ballot=closed)  # by its rule: no person closes it
    group_services.request_to_join(
        group=group, organisation=other_member_organisation, user=world["member_other_group"], motivation="PFAS too."
    )
    world["join_request"] = JoinRequest.objects.get(group=group)
    world["proposal"] = group_services.propose_group(
        alliance=group.alliance,
        organisation=member_organisation,
        by=member,
        name="Chiplets",
        mandate="Chiplet interfaces.",
        rationale="Nobody covers them.",
    )


def _adopted(world, secretariat, title):
    """A deliverable written by the member, adopted by the member's and the chair's votes, its PDF stored."""
    member, chair = world["member"], world["chair"]
    item = deliverable_services.create_deliverable(
        group=world["group"], by=secretariat, title=title, kind="report", visibility=Deliverable.Visibility.PUBLIC
    )
    deliverable_services.name_rapporteur(deliverable=item, user=member, by=secretariat)
    version = deliverable_services.write_version(deliverable=item, by=member, text=fd.TEXT)
    vote = deliverable_services.put_to_vote(version=version, by=chair, closes_at=timezone.now() + timedelta(days=2))
    for person, organisation in ((member, world["member_organisation"]), (chair, world["chair_organisation"])):
        group_services.cast_vote(ballot=vote.ballot, organisation=organisation, choice="Yes", by=person)
    group_services.close_ballot(ballot=vote.ballot)
    deliverable_services.store_adopted_pdf(vote_id=vote.pk)  # the task runs after commit; the test never commits
    return Deliverable.objects.get(pk=item.pk)


def _deliverable_side(world, secretariat):
    """Deliverables of Supply Chains, the member as rapporteur: one in drafting (two written versions and an
    uploaded one, a closed comment round with the chair's comment), one in an open round (the ad-hoc invitee
    invited to it), one put to the vote (the member voted against), one adopted and one acknowledged."""
    member, chair, group = world["member"], world["chair"], world["group"]
    later = timezone.now() + timedelta(days=3)
    item = world["deliverable"] = deliverable_services.create_deliverable(
        group=group, by=secretariat, title="Skills Blueprint", kind="report", visibility=Deliverable.Visibility.PUBLIC
    )
    deliverable_services.name_rapporteur(deliverable=item, user=member, by=secretariat)
    first = world["version"] = deliverable_services.write_version(deliverable=item, by=member, text=fd.TEXT)
    closed = world["closed_round"] = deliverable_services.open_round(version=first, by=member, closes_at=later)
    world["comment"] = deliverable_services.add_comment(comment_round=closed, by=chair, text="Cite.", paragraph=1)
    deliverable_services.close_round(comment_round=closed, by=member)
    world["draft_version"] = deliverable_services.write_version(deliverable=item, by=member, text=fd.TEXT + "\nMore.")
    world["pdf_version"] = deliverable_services.upload_version(deliverable=item, by=member, uploaded_file=pdf_upload())

    in_round = deliverable_services.create_deliverable(group=group, by=secretariat, title="Roadmap", kind="roadmap")
    deliverable_services.name_rapporteur(deliverable=in_round, user=member, by=secretariat)
    version = deliverable_services.write_version(deliverable=in_round, by=member, text=fd.TEXT)
    comment_round = world["round"] = deliverable_services.open_round(version=version, by=member, closes_at=later)
    invitee = world["ad_hoc_invitee"]
    deliverable_services.invite_to_round(
        comment_round=comment_round,
        user=invitee,
        organisation=invitee.organisation_roles.get().organisation,
        by=secretariat,
    )

    voting = deliverable_services.create_deliverable(group=group, by=secretariat, title="Position", kind="report")
    deliverable_services.name_rapporteur(deliverable=voting, user=member, by=secretariat)
    version = deliverable_services.write_version(deliverable=voting, by=member, text=fd.TEXT)
    vote = world["adoption_vote"] = deliverable_services.put_to_vote(version=version, by=chair, closes_at=later)
    group_services.cast_vote(ballot=vote.ballot, organisation=world["member_organisation"], choice="No", by=member)

    world["adopted"] = _adopted(world, secretariat, "Adopted roadmap")
    world["acknowledged"] = deliverable_services.acknowledge(
        deliverable=_adopted(world, secretariat, "Acknowledged report"), by=world["decision_maker"]
    )


def build():
    """Every record and every role's person, as a dict (roles by their names in ROLES)."""
    world = {"anonymous": None}
    dm = world["decision_maker"] = rf.decision_maker()
    secretariat = world["secretariat"] = with_mfa(fg.secretariat())
    world["superuser"] = with_mfa(factories.UserFactory(is_staff=True, is_superuser=True))
    submitted = _applicant_side(world, dm)
    _review_side(world, dm, submitted)
    _group_side(world, secretariat)
    _deliverable_side(world, secretariat)
    return world
