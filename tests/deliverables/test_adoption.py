"""Adoption by the group's ballot: carried adopts and renders the PDF/A, not carried returns to drafting."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from deliverables import services
from deliverables.models import AdoptionVote, Deliverable, MinorityStatement
from deliverables.selectors import statements_against
from documents.pdf import sha256_hex
from notifications.models import OutgoingEmail
from tests import factories
from tests.factories import applicants as fa
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from workinggroups import services as wg
from workinggroups.models import Ballot, RosterEntry

pytestmark = pytest.mark.django_db


def _vote_setup(group, voters=3):
    item, writer, version = fd.drafted(group)
    chair, chair_org = fd.chair(group)
    members = [fg.voter(group) for _ in range(voters)]
    vote = services.put_to_vote(version=version, by=chair, closes_at=timezone.now() + timedelta(days=2))
    return item, vote, chair, members


def test_put_to_vote_opens_named_ballot_for_member_organisations(group):
    item, vote, _chair, members = _vote_setup(group)
    item.refresh_from_db()
    assert item.state == Deliverable.State.PUT_TO_VOTE
    assert vote.ballot.state == Ballot.State.OPEN
    assert vote.ballot.is_secret is False
    assert f"/deliverables/versions/{vote.version.pk}/" in vote.ballot.description
    assert vote.version.sha256 in vote.ballot.description
    # Two chairs' (the one who created it, the one who put it to the vote), the rapporteur's and the three
    # members' organisations: one vote each.
    assert vote.ballot.eligible_count == 6


def test_put_to_vote_by_rapporteur_not_chair_is_refused(group):
    item, writer, version = fd.drafted(group)
    with pytest.raises(PermissionDenied):
        services.put_to_vote(version=version, by=writer, closes_at=timezone.now() + timedelta(days=1))
    assert not AdoptionVote.objects.exists()


def test_put_to_vote_during_comment_round_is_refused(group):
    item, writer, version, _round = fd.in_round(group)
    with pytest.raises(ValidationError):
        services.put_to_vote(version=version, by=fd.chair(group)[0], closes_at=timezone.now() + timedelta(days=1))


def test_ad_hoc_invitee_cannot_vote_on_adoption(group):
    _item, vote, _chair, _members = _vote_setup(group)
    guest = factories.UserFactory()
    guest_org = factories.OrganisationFactory(owner=guest)
    meeting = fg.meeting(group)
    wg.add_roster_entry(
        group=group,
        organisation=guest_org,
        user=guest,
        role=RosterEntry.Role.AD_HOC_INVITEE,
        by=fg.secretariat(),
        meeting=meeting,
    )
    with pytest.raises(PermissionDenied):
        wg.cast_vote(ballot=vote.ballot, organisation=guest_org, choice=Ballot.YES, by=guest)


def test_carried_ballot_adopts_version_renders_pdf_and_notifies_commission(group, django_capture_on_commit_callbacks):
    commission = fg.decision_maker()
    item, vote, chair, members = _vote_setup(group)
    for user, organisation in members[:2]:
        wg.cast_vote(ballot=vote.ballot, organisation=organisation, choice=Ballot.YES, by=user)
    against_user, against_org = members[2]
    wg.cast_vote(ballot=vote.ballot, organisation=against_org, choice=Ballot.NO, by=against_user)
    services.add_minority_statement(vote=vote, organisation=against_org, by=against_user, text="Too slow on 2030.")
    with django_capture_on_commit_callbacks(execute=True):
        wg.close_ballot(ballot=vote.ballot, by=None)
    item.refresh_from_db()
    vote.refresh_from_db()
    assert item.state == Deliverable.State.ADOPTED
    assert item.adopted_version == vote.version
    assert vote.pdf_ready
    with vote.pdf.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert sha256_hex(content) == vote.pdf_sha256
    email = OutgoingEmail.objects.get(key__startswith=f"deliverable:{item.pk}:put_to_vote-adopted")
    assert commission.email in email.to
    assert [s.organisation for s in statements_against(vote)] == [against_org]


def test_ballot_that_fails_to_carry_returns_to_drafting(group):
    item, vote, chair, members = _vote_setup(group)
    for user, organisation in members:
        wg.cast_vote(ballot=vote.ballot, organisation=organisation, choice=Ballot.NO, by=user)
    wg.close_ballot(ballot=vote.ballot, by=None)
    item.refresh_from_db()
    assert item.state == Deliverable.State.DRAFTING
    assert item.adopted_version is None
    assert OutgoingEmail.objects.filter(key__startswith=f"deliverable:{item.pk}:put_to_vote-drafting").exists()


def test_ballot_without_quorum_returns_to_drafting(group):
    item, vote, chair, _members = _vote_setup(group)
    wg.close_ballot(ballot=vote.ballot, by=None)
    item.refresh_from_db()
    assert item.state == Deliverable.State.DRAFTING


def test_ordinary_ballot_closing_leaves_deliverables_alone(group):
    item, _writer, _version = fd.drafted(group)
    ballot = fg.ballot(group)
    wg.close_ballot(ballot=ballot, by=None)
    item.refresh_from_db()
    assert item.state == Deliverable.State.DRAFTING


def test_minority_statement_from_organisation_voting_yes_is_refused(group):
    _item, vote, _chair, members = _vote_setup(group)
    user, organisation = members[0]
    wg.cast_vote(ballot=vote.ballot, organisation=organisation, choice=Ballot.YES, by=user)
    with pytest.raises(ValidationError, match="voted against"):
        services.add_minority_statement(vote=vote, organisation=organisation, by=user, text="But...")


def test_minority_statement_for_another_organisation_is_refused(group):
    _item, vote, _chair, members = _vote_setup(group)
    (user, _own), (other_user, other_org) = members[0], members[1]
    wg.cast_vote(ballot=vote.ballot, organisation=other_org, choice=Ballot.NO, by=other_user)
    with pytest.raises(PermissionDenied):
        services.add_minority_statement(vote=vote, organisation=other_org, by=user, text="On their behalf.")


def test_statement_of_organisation_that_changed_to_yes_is_not_published(group):
    _item, vote, _chair, members = _vote_setup(group)
    user, organisation = members[0]
    wg.cast_vote(ballot=vote.ballot, organisation=organisation, choice=Ballot.NO, by=user)
    services.add_minority_statement(vote=vote, organisation=organisation, by=user, text="Against.")
    wg.cast_vote(ballot=vote.ballot, organisation=organisation, choice=Ballot.YES, by=user)
    assert list(statements_against(vote)) == []


def test_configured_commission_address_is_told_of_adoption(group, settings):
    settings.DELIVERABLES_COMMISSION_EMAIL = "cnect-chips@ec.example.eu"
    item, vote, chair, members = _vote_setup(group)
    for user, organisation in members:
        wg.cast_vote(ballot=vote.ballot, organisation=organisation, choice=Ballot.YES, by=user)
    wg.close_ballot(ballot=vote.ballot, by=None)
    email = OutgoingEmail.objects.get(key__startswith=f"deliverable:{item.pk}:put_to_vote-adopted")
    assert "cnect-chips@ec.example.eu" in email.to
    assert vote.version.sha256 in email.body


@pytest.mark.parametrize("who", ["secretariat", "superuser", "chair_of_another_group"])
def test_add_minority_statement_refused_without_permission(group, who):
    """A minority statement is written by the group's voters (deliverables.add_minority_statement), for their own
    organisation; staff, the superuser and another group's voters are refused before anything is read."""
    _item, vote, _chair, members = _vote_setup(group)
    user, organisation = members[0]
    wg.cast_vote(ballot=vote.ballot, organisation=organisation, choice=Ballot.NO, by=user)
    by = {
        "secretariat": fg.secretariat,
        "superuser": fa.superuser,
        "chair_of_another_group": lambda: fd.chair(fg.group("pfas"))[0],
    }[who]()
    with pytest.raises(PermissionDenied):
        services.add_minority_statement(vote=vote, organisation=organisation, by=by, text="Against.")
    assert not MinorityStatement.objects.exists()
