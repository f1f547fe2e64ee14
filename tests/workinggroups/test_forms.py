"""Issue 9: the secretariat's ad-hoc invitee picker lists people of organisations the alliance knows, by name."""

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import groups as fg
from tests.factories import reviews as rf
from workinggroups.forms import AdHocInviteeForm
from workinggroups.models import RosterEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return fg.meeting(fg.group())


def person_of(organisation, name):
    user = factories.UserFactory(full_name=name)
    organisation.memberships_of_users.create(user=user, role="editor")
    return organisation.memberships_of_users.get(user=user)


def test_picker_lists_applicants_and_members_by_name_but_no_outsider(meeting):
    outsider = person_of(factories.OrganisationFactory(legal_name="Never Applied Ltd"), "Olga Outsider")
    applicant_org = factories.OrganisationFactory(legal_name="Applied GmbH")
    rf.submitted_application(organisation=applicant_org)
    applicant = person_of(applicant_org, "Anton Applicant")
    member = person_of(fg.membership(alliance=meeting.group.alliance).organisation, "Maria Member")

    form = AdHocInviteeForm(meeting=meeting)
    choices = [label for _value, label in form.fields["person"].choices]

    assert set(form.fields["person"].queryset) >= {applicant, member}
    assert outsider not in form.fields["person"].queryset
    assert "Anton Applicant — Applied GmbH" in choices and "Maria Member" in " ".join(choices)
    assert not any("@" in label for label in choices)


def test_meeting_page_shows_no_outsider_and_no_address(client, meeting):
    outsider = person_of(factories.OrganisationFactory(legal_name="Never Applied Ltd"), "Olga Outsider")
    client.force_login(rf.with_totp(fg.secretariat()))

    body = client.get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()

    assert "Olga Outsider" not in body and "Never Applied Ltd" not in body
    assert outsider.user.email not in body


def test_secretariat_cannot_invite_an_outsider_by_forging_the_form(client, meeting):
    outsider = person_of(factories.OrganisationFactory(legal_name="Never Applied Ltd"), "Olga Outsider")
    client.force_login(rf.with_totp(fg.secretariat()))

    client.post(reverse("workinggroups:meeting_ad_hoc", args=[meeting.pk]), {"person": outsider.pk})

    assert not RosterEntry.objects.filter(user=outsider.user).exists()
