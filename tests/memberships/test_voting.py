"""Voting rights, in their one home (memberships/voting.py) and Membership.objects.active()."""

import pytest

from memberships import voting
from memberships.models import Membership
from organisations.models import OrganisationUser
from tests import factories
from tests.factories import groups as fg

pytestmark = pytest.mark.django_db


def test_voting_rights_follow_active_membership(semiconductors):
    active = fg.membership()
    suspended = fg.membership(state=Membership.State.SUSPENDED)
    ids = voting.voting_organisation_ids(semiconductors.pk)
    assert active.organisation_id in ids and suspended.organisation_id not in ids


def test_has_voting_rights_only_while_the_membership_is_active(semiconductors):
    active = fg.membership()
    suspended = fg.membership(state=Membership.State.SUSPENDED)
    assert voting.has_voting_rights(organisation_id=active.organisation_id, alliance_id=semiconductors.pk)
    assert not voting.has_voting_rights(organisation_id=suspended.organisation_id, alliance_id=semiconductors.pk)


def test_voting_rights_are_per_alliance(semiconductors, cloud_alliance):
    member = fg.membership()
    assert not voting.has_voting_rights(organisation_id=member.organisation_id, alliance_id=cloud_alliance.pk)


def test_named_representative_of_an_active_member_may_cast_its_vote(semiconductors):
    member = fg.membership()
    person = fg.representative(member)
    assert voting.may_cast_vote(user=person, organisation_id=member.organisation_id, alliance_id=semiconductors.pk)


def test_a_person_not_named_may_not_cast_the_vote(semiconductors):
    member = fg.membership()
    colleague = factories.UserFactory()
    member.organisation.memberships_of_users.create(user=colleague, role=OrganisationUser.Role.EDITOR)
    assert not voting.may_cast_vote(
        user=colleague, organisation_id=member.organisation_id, alliance_id=semiconductors.pk
    )


def test_a_named_representative_of_a_suspended_member_may_not_cast_the_vote_but_stays_named(semiconductors):
    member = fg.membership(state=Membership.State.SUSPENDED)
    person = fg.representative(member)
    arguments = {"user": person, "organisation_id": member.organisation_id, "alliance_id": semiconductors.pk}
    assert not voting.may_cast_vote(**arguments)
    assert voting.is_named_representative(**arguments)


def test_active_queryset_holds_only_active_memberships(semiconductors):
    active = fg.membership()
    fg.membership(state=Membership.State.SUSPENDED)
    fg.membership(state=Membership.State.ENDED)
    assert list(Membership.objects.active()) == [active]
