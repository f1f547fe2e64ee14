"""Membership state changes and representatives (memberships/services.py)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from memberships import services
from memberships.models import MemberRepresentative, Membership
from tests import factories
from tests.factories import groups as fg

pytestmark = pytest.mark.django_db


def test_admit_creates_active_membership_and_audits(semiconductors, organisation):
    officer = factories.UserFactory(roles=["Decision makers"])
    membership = services.admit(organisation=organisation, alliance=semiconductors, by=officer, reason="Approved")
    assert membership.state == Membership.State.ACTIVE
    entry = AuditEntry.objects.get(action="membership.admitted")
    assert entry.to_state == "active" and entry.reason == "Approved"


def test_suspend_records_reason_and_emails_organisation(django_capture_on_commit_callbacks):
    membership = fg.membership()
    officer = factories.UserFactory(roles=["Decision makers"])
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend(membership=membership, by=officer, reason="Unpaid obligations")
    membership.refresh_from_db()
    assert membership.state == Membership.State.SUSPENDED
    entry = AuditEntry.objects.get(action="membership.suspended")
    assert (entry.from_state, entry.to_state, entry.reason) == ("active", "suspended", "Unpaid obligations")
    assert "Unpaid obligations" in mail.outbox[-1].body


def test_change_state_without_reason_is_refused():
    membership = fg.membership()
    with pytest.raises(ValidationError):
        services.suspend(membership=membership, by=fg.decision_maker(), reason="  ")


def test_ended_membership_cannot_be_reinstated():
    membership = fg.membership(state=Membership.State.ENDED)
    with pytest.raises(ValidationError):
        services.reinstate(membership=membership, by=fg.decision_maker(), reason="Oops")


def test_end_sets_ended_on():
    membership = services.end(membership=fg.membership(), by=fg.decision_maker(), reason="Left the alliance")
    assert membership.ended_on is not None and membership.state == "ended"


def test_name_representative_must_be_own_person():
    membership = fg.membership()
    owner = membership.organisation.users.first()
    with pytest.raises(ValidationError):
        services.name_representative(membership=membership, user=factories.UserFactory(), by=owner)
    services.name_representative(membership=membership, user=owner, by=owner)
    assert MemberRepresentative.objects.filter(membership=membership, user=owner).exists()


def test_name_representative_by_outsider_is_refused():
    membership = fg.membership()
    owner = membership.organisation.users.first()
    with pytest.raises(PermissionDenied):
        services.name_representative(membership=membership, user=owner, by=factories.UserFactory())


@pytest.mark.parametrize("role", [None, "Secretariat", "Reviewers"])
def test_change_state_refused_without_permission(role):
    """Only decision makers and administrators change a membership's state (memberships.change_membership_state)."""
    membership = fg.membership()
    outsider = factories.UserFactory(roles=[role] if role else [])
    with pytest.raises(PermissionDenied):
        services.suspend(membership=membership, by=outsider, reason="Unpaid obligations")
    membership.refresh_from_db()
    assert membership.state == Membership.State.ACTIVE
    assert not AuditEntry.objects.filter(action="membership.suspended").exists()


@pytest.mark.parametrize("role", [None, "Secretariat", "Reviewers"])
def test_admit_refused_without_permission(semiconductors, organisation, role):
    """Admission follows a decision: only decision makers and administrators admit (memberships.admit)."""
    outsider = factories.UserFactory(roles=[role] if role else [])
    with pytest.raises(PermissionDenied):
        services.admit(organisation=organisation, alliance=semiconductors, by=outsider, reason="Approved")
    assert not Membership.objects.filter(organisation=organisation).exists()
