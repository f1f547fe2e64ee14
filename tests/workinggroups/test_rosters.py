"""Roster services (services/rosters.py): several ad-hoc invitations, and ticked groups turned into requests."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Application
from audit.models import AuditEntry
from tests import factories
from tests.factories import groups as fg
from workinggroups import services
from workinggroups.models import JoinRequest, RosterEntry

pytestmark = pytest.mark.django_db


def _guest():
    return factories.OrganisationFactory(owner=factories.UserFactory()).memberships_of_users.get()


def _invite(group, meeting, guest, by):
    return services.add_roster_entry(
        group=group,
        organisation=guest.organisation,
        user=guest.user,
        role=RosterEntry.Role.AD_HOC_INVITEE,
        meeting=meeting,
        by=by,
    )


def test_ad_hoc_invitee_may_be_invited_to_several_meetings_once_each(group):
    secretariat = fg.secretariat()
    guest = _guest()
    first, second = fg.meeting(group, title="First"), fg.meeting(group, days=14, title="Second")
    other_group_meeting = fg.meeting(fg.group("pfas"), title="PFAS plenary")
    _invite(group, first, guest, secretariat)
    _invite(group, second, guest, secretariat)
    _invite(fg.group("pfas"), other_group_meeting, guest, secretariat)
    with pytest.raises(ValidationError):
        _invite(group, first, guest, secretariat)
    titles = set(RosterEntry.objects.filter(user=guest.user).values_list("meeting__title", flat=True))
    assert titles == {"First", "Second", "PFAS plenary"}


def test_ad_hoc_invitation_email_says_what_the_person_is_invited_to(group, django_capture_on_commit_callbacks):
    meeting = fg.meeting(group, title="Supply risks workshop", location="Brussels, BERL 1/123", agenda="1. Risks")
    guest = _guest()
    with django_capture_on_commit_callbacks(execute=True):
        _invite(group, meeting, guest, fg.secretariat())
    message = next(m for m in mail.outbox if m.to == [guest.user.email])
    assert "Supply risks workshop" in message.subject and group.name in message.subject
    local = meeting.local_starts_at.strftime("%H:%M")
    for expected in (group.name, local, "Europe/Brussels", "Brussels, BERL 1/123", "1. Risks", "you do not vote"):
        assert expected in message.body
    assert f"/groups/meetings/{meeting.pk}/" in message.body and f"/groups/{group.pk}/" not in message.body


def _approved_application(organisation, owner, groups):
    application = factories.ApplicationFactory(organisation=organisation, created_by=owner, state="approved")
    application.working_groups.set(groups)
    return application


def test_ticked_groups_become_pending_requests_once(group, django_capture_on_commit_callbacks):
    secretariat = fg.secretariat()
    owner = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=owner)
    membership = fg.membership(organisation)
    application = _approved_application(organisation, owner, [group, fg.group("pfas")])
    with django_capture_on_commit_callbacks(execute=True):
        created = services.request_ticked_groups(membership=membership, application=application, by=secretariat)
    again = services.request_ticked_groups(membership=membership, application=application, by=secretariat)
    assert again == []
    requests = JoinRequest.objects.filter(user=owner, state="pending")
    assert sorted(r.group.slug for r in requests) == ["pfas", "supply-chains"] and len(created) == 2
    assert all(application.reference in r.motivation for r in requests)
    assert (
        AuditEntry.objects.filter(action="workinggroup.join_requested", data__application=application.pk).count() == 2
    )
    told = [m for m in mail.outbox if secretariat.email in m.to]
    assert len(told) == 1 and "2 working groups" in told[0].subject and "PFAS" in told[0].body


def test_ticked_groups_skip_a_group_the_person_is_already_in(group):
    user, organisation = fg.voter(group)
    membership = organisation.alliance_memberships.get()
    application = _approved_application(organisation, user, [group])
    assert services.request_ticked_groups(membership=membership, application=application, by=None) == []
    assert not JoinRequest.objects.exists()


def test_ticked_groups_not_requested_for_a_person_who_left_the_organisation(group):
    owner = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=owner)
    membership = fg.membership(organisation)
    application = _approved_application(organisation, owner, [group])
    organisation.memberships_of_users.filter(user=owner).delete()
    assert services.request_ticked_groups(membership=membership, application=application, by=None) == []
    assert Application.objects.filter(pk=application.pk).exists() and not JoinRequest.objects.exists()


@pytest.mark.parametrize("who", ["chair", "member", "decision_maker"])
def test_remove_roster_entry_refused_without_permission(group, who):
    """Only the secretariat keeps the roster (workinggroups.manage_roster): a chair, a member or a decision maker
    cannot take someone off it."""
    user, _organisation = fg.voter(group)
    entry = RosterEntry.objects.get(group=group, user=user, meeting=None)
    by = {
        "chair": lambda: fg.voter(group, role=RosterEntry.Role.CHAIR)[0],
        "member": lambda: user,
        "decision_maker": fg.decision_maker,
    }[who]()
    with pytest.raises(PermissionDenied):
        services.remove_roster_entry(entry=entry, by=by, reason="Gone")
    assert RosterEntry.objects.filter(pk=entry.pk).exists()
    assert not AuditEntry.objects.filter(action="workinggroup.roster_removed").exists()


def test_remove_roster_entry_by_the_secretariat(group):
    user, _organisation = fg.voter(group)
    entry = RosterEntry.objects.get(group=group, user=user, meeting=None)
    services.remove_roster_entry(entry=entry, by=fg.secretariat(), reason="Left the organisation")
    assert not RosterEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEntry.objects.get(action="workinggroup.roster_removed").reason == "Left the organisation"
