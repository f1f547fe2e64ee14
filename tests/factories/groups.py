"""Factories for memberships, working groups, meetings and ballots, on top of tests/factories.py."""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from memberships.models import MemberRepresentative, Membership
from tests import factories
from workinggroups import services
from workinggroups.models import Ballot, RosterEntry, WorkingGroup


def secretariat(mfa=True):
    """The secretariat sees other organisations' data, so it signs in with TOTP like Commission staff."""
    user = factories.UserFactory(roles=["Secretariat"])
    return with_totp(user) if mfa else user


def group(slug="supply-chains", alliance_slug="semiconductors"):
    """The seeded working groups are reference data, like the alliances."""
    return WorkingGroup.objects.get(alliance__slug=alliance_slug, slug=slug)


def membership(organisation=None, alliance=None, state=Membership.State.ACTIVE):
    organisation = organisation or factories.OrganisationFactory(owner=factories.UserFactory())
    return Membership.objects.create(
        organisation=organisation,
        alliance=alliance or factories.alliance("semiconductors"),
        state=state,
        started_on=timezone.localdate(),
    )


def representative(membership, user=None):
    """A person of the member organisation, named as its representative."""
    user = user or membership.organisation.users.order_by("pk").first() or factories.UserFactory()
    membership.organisation.memberships_of_users.get_or_create(user=user, defaults={"role": "editor"})
    MemberRepresentative.objects.get_or_create(membership=membership, user=user, defaults={"named_by": user})
    return user


def voter(working_group, *, organisation=None, user=None, role=RosterEntry.Role.MEMBER_REPRESENTATIVE):
    """An active member organisation with a named representative on the group's roster: (user, organisation)."""
    organisation = organisation or factories.OrganisationFactory(owner=user or factories.UserFactory())
    member = Membership.objects.filter(organisation=organisation, alliance=working_group.alliance).first()
    member = member or membership(organisation, working_group.alliance)
    person = representative(member, user)
    RosterEntry.objects.get_or_create(
        group=working_group, user=person, meeting=None, defaults={"organisation": organisation, "role": role}
    )
    return person, organisation


def ballot(working_group, *, by=None, minutes=60, **options):
    """An open ballot (eligible organisations fixed now)."""
    return services.create_ballot(
        group=working_group,
        by=by or secretariat(),
        question=options.pop("question", "Adopt the work programme 2027?"),
        closes_at=timezone.now() + timedelta(minutes=minutes),
        **options,
    )


def meeting(working_group, *, by=None, days=7, **fields):
    starts = timezone.now() + timedelta(days=days)
    return services.schedule_meeting(
        group=working_group,
        by=by or secretariat(),
        title=fields.pop("title", "Plenary of the working group"),
        starts_at=fields.pop("starts_at", starts),
        ends_at=fields.pop("ends_at", starts + timedelta(hours=2)),
        time_zone=fields.pop("time_zone", "Europe/Brussels"),
        location=fields.pop("location", "Brussels, BERL 1/123"),
        agenda=fields.pop("agenda", "1. Welcome\n2. Work programme"),
        **fields,
    )


def closed(ballot_obj):
    return Ballot.objects.get(pk=ballot_obj.pk)


def with_totp(user):
    """Commission staff reach staff pages only with MFA: give the user an active TOTP authenticator."""

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


def decision_maker():
    return with_totp(factories.UserFactory(roles=["Decision makers"]))


def reviewer():
    return with_totp(factories.UserFactory(roles=["Reviewers"]))


def unname(user, organisation):
    """The organisation stops naming the person, behind the portal's back (the roster is not touched)."""
    MemberRepresentative.objects.filter(user=user, membership__organisation=organisation).delete()
