import pytest

from accounts import roles
from notifications.recipients import emails_in_role, organisation_emails, owner_emails_by_organisation
from organisations.models import OrganisationUser
from tests import factories

pytestmark = pytest.mark.django_db


def test_emails_in_role_lists_active_holders_except_excluded():
    kept = factories.UserFactory(email="kept@ec.europa.eu", roles=[roles.SECRETARIAT])
    excluded = factories.UserFactory(email="excluded@ec.europa.eu", roles=[roles.SECRETARIAT])
    factories.UserFactory(email="inactive@ec.europa.eu", roles=[roles.SECRETARIAT], is_active=False)
    factories.UserFactory(email="other@ec.europa.eu", roles=[roles.REVIEWER])
    assert emails_in_role(roles.SECRETARIAT, exclude_ids=[excluded.pk]) == [kept.email]


def test_organisation_emails_lists_people_and_contact():
    owner = factories.UserFactory(email="owner@chips.example")
    organisation = factories.OrganisationFactory(owner=owner, contact_email="contact@chips.example")
    editor = factories.UserFactory(email="editor@chips.example")
    OrganisationUser.objects.create(organisation=organisation, user=editor, role=OrganisationUser.Role.EDITOR)
    factories.OrganisationFactory(owner=factories.UserFactory(email="stranger@other.example"))
    assert sorted(organisation_emails(organisation)) == [
        "contact@chips.example",
        "editor@chips.example",
        "owner@chips.example",
    ]


def test_organisation_emails_leave_out_people_whose_account_is_deactivated():
    organisation = factories.OrganisationFactory(
        owner=factories.UserFactory(email="owner@chips.example"), contact_email="contact@chips.example"
    )
    gone = factories.UserFactory(email="gone@chips.example", is_active=False)
    OrganisationUser.objects.create(organisation=organisation, user=gone, role=OrganisationUser.Role.EDITOR)
    assert sorted(organisation_emails(organisation)) == ["contact@chips.example", "owner@chips.example"]


def test_owner_emails_by_organisation_only_owners_of_each(django_assert_num_queries):
    first = factories.OrganisationFactory(owner=factories.UserFactory(email="one@first.example"))
    second = factories.OrganisationFactory(owner=factories.UserFactory(email="two@second.example"))
    editor = factories.UserFactory(email="editor@first.example")
    OrganisationUser.objects.create(organisation=first, user=editor, role=OrganisationUser.Role.EDITOR)
    # The editor owns another organisation: that must not make them an owner of the first.
    factories.OrganisationFactory(owner=editor)
    with django_assert_num_queries(1):
        owners = owner_emails_by_organisation([first.pk, second.pk])
    assert owners == {first.pk: ["one@first.example"], second.pk: ["two@second.example"]}


def test_owner_role_name_matches_the_organisations_model():
    assert OrganisationUser.Role.OWNER == "owner"
