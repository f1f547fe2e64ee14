"""What memberships announce (memberships/signals.py) for the apps built on them."""

import pytest

from memberships import services
from memberships.models import Membership
from memberships.signals import membership_admitted, membership_deactivated, representative_removed
from tests import factories
from tests.factories import groups as fg

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every announcement of the two signals: (signal name, kwargs without the signal itself)."""
    received = []

    def on_deactivated(sender, **kwargs):
        received.append(("deactivated", sender, {k: v for k, v in kwargs.items() if k != "signal"}))

    def on_removed(sender, **kwargs):
        received.append(("removed", sender, {k: v for k, v in kwargs.items() if k != "signal"}))

    membership_deactivated.connect(on_deactivated, weak=False)
    representative_removed.connect(on_removed, weak=False)
    yield received
    membership_deactivated.disconnect(on_deactivated)
    representative_removed.disconnect(on_removed)


@pytest.mark.parametrize("change", [services.suspend, services.end])
def test_suspending_or_ending_a_membership_announces_it_with_the_reason(heard, change):
    membership = fg.membership()
    by = fg.decision_maker()
    change(membership=membership, by=by, reason="  Sanctions review  ")
    [(name, sender, kwargs)] = heard
    assert (name, sender) == ("deactivated", Membership)
    assert (kwargs["membership"].pk, kwargs["by"], kwargs["reason"]) == (membership.pk, by, "Sanctions review")


def test_reinstating_a_membership_announces_nothing(heard):
    membership = fg.membership(state=Membership.State.SUSPENDED)
    services.reinstate(membership=membership, by=fg.decision_maker(), reason="Cleared")
    assert heard == []


def test_removing_a_representative_announces_the_person(heard):
    membership = fg.membership()
    owner = membership.organisation.users.first()
    person = fg.representative(membership, owner)
    representative = membership.representatives.get(user=person)
    services.remove_representative(representative=representative, by=owner)
    [(name, sender, kwargs)] = heard
    assert (name, sender, kwargs["membership"], kwargs["user"], kwargs["by"]) == (
        "removed",
        Membership,
        membership,
        person,
        owner,
    )


def test_admitting_an_organisation_announces_the_membership_and_its_application():
    received = []

    def on_admitted(sender, **kwargs):
        received.append((sender, kwargs["membership"], kwargs["by"], kwargs["application"]))

    membership_admitted.connect(on_admitted, weak=False)
    try:
        organisation = factories.OrganisationFactory(owner=factories.UserFactory())
        application = factories.ApplicationFactory(organisation=organisation, state="approved")
        by = fg.decision_maker()
        membership = services.admit(
            organisation=organisation, alliance=application.alliance, by=by, application=application
        )
    finally:
        membership_admitted.disconnect(on_admitted)
    assert received == [(Membership, membership, by, application)] and membership.is_active
