"""Membership pages (memberships/views.py): the public list, the directory, the register export, a membership."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEntry
from memberships.admin import MemberRepresentativeInline
from memberships.models import MemberRepresentative, Membership
from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from workinggroups.models import RosterEntry

pytestmark = pytest.mark.django_db


def test_public_list_shows_active_members_name_country_type_only(client):
    active = fg.membership(factories.OrganisationFactory(legal_name="Visible Chips B.V.", country="NL"))
    fg.membership(factories.OrganisationFactory(legal_name="Suspended Fab GmbH"), state=Membership.State.SUSPENDED)
    response = client.get(reverse("memberships:public"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Visible Chips B.V." in body and "Netherlands" in body and "SME" in body
    assert "Suspended Fab GmbH" not in body
    assert active.organisation.registration_number not in body
    assert active.organisation.contact_email not in body


def test_directory_anonymous_redirects_to_login(client):
    response = client.get(reverse("memberships:directory"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_directory_non_member_gets_404(client):
    assert login(client, factories.UserFactory()).get(reverse("memberships:directory")).status_code == 404


def test_directory_member_sees_only_active_members(client):
    mine = fg.membership()
    fg.membership(factories.OrganisationFactory(legal_name="Dormant Wafers SA"), state=Membership.State.SUSPENDED)
    response = login(client, mine.organisation.users.first()).get(reverse("memberships:directory"))
    body = response.content.decode()
    assert response.status_code == 200
    assert mine.organisation.legal_name in body and "Dormant Wafers SA" not in body
    assert "Export as CSV" not in body


def test_directory_secretariat_sees_every_state(client):
    fg.membership(factories.OrganisationFactory(legal_name="Dormant Wafers SA"), state=Membership.State.SUSPENDED)
    body = login(client, fg.secretariat()).get(reverse("memberships:directory")).content.decode()
    assert "Dormant Wafers SA" in body and "Export as CSV" in body


@pytest.mark.parametrize("rows", [1, 100])
def test_directory_query_count_is_bounded_with_1_and_100_rows(client, rows, django_assert_max_num_queries, settings):
    for _ in range(rows):
        fg.membership()
    login(client, fg.secretariat())
    with django_assert_max_num_queries(12):
        response = client.get(reverse("memberships:directory"))
    assert response.status_code == 200


def test_export_csv_for_secretariat_and_commission(client):
    fg.membership(factories.OrganisationFactory(legal_name="=HYPERLINK(evil)"))
    response = login(client, fg.secretariat()).get(reverse("memberships:export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Alliance", "Organisation", "Acronym"]
    assert rows[1][1] == "'=HYPERLINK(evil)"
    assert login(client, fg.decision_maker()).get(reverse("memberships:export")).status_code == 200


def test_export_csv_member_gets_404(client):
    member = fg.membership()
    assert login(client, member.organisation.users.first()).get(reverse("memberships:export")).status_code == 404


@pytest.mark.parametrize("rows", [1, 100])
def test_export_csv_query_count_is_bounded_with_1_and_100_rows(client, rows, django_assert_max_num_queries):
    for _ in range(rows):
        fg.membership()
    login(client, fg.secretariat())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("memberships:export"))
    assert len(response.content.decode().strip().splitlines()) == rows + 1


def test_membership_detail_of_another_organisation_is_404(client):
    membership = fg.membership()
    url = reverse("memberships:detail", args=[membership.pk])
    assert login(client, factories.UserFactory()).get(url).status_code == 404


def test_decision_maker_suspends_membership_with_reason(client):
    membership = fg.membership()
    url = reverse("memberships:change_state", args=[membership.pk])
    response = login(client, fg.decision_maker()).post(url, {"to_state": "suspended", "reason": "Audit findings"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.state == "suspended"
    assert AuditEntry.objects.get(action="membership.suspended").reason == "Audit findings"


def test_secretariat_cannot_change_membership_state(client):
    membership = fg.membership()
    url = reverse("memberships:change_state", args=[membership.pk])
    response = login(client, fg.secretariat()).post(url, {"to_state": "suspended", "reason": "x"})
    assert response.status_code == 404
    assert Membership.objects.get(pk=membership.pk).state == "active"


def test_owner_names_a_colleague_as_representative(client):
    membership = fg.membership()
    owner = membership.organisation.users.first()
    colleague = factories.UserFactory()
    membership.organisation.memberships_of_users.create(user=colleague, role="editor")
    url = reverse("memberships:name_representative", args=[membership.pk])
    assert login(client, owner).post(url, {"user": colleague.pk}).status_code == 302
    assert MemberRepresentative.objects.filter(membership=membership, user=colleague).exists()
    page = client.get(reverse("memberships:detail", args=[membership.pk])).content.decode()
    assert escape(colleague.display_name) in page and colleague.email not in page


def test_outsider_cannot_name_representative(client):
    membership = fg.membership()
    outsider = factories.UserFactory()
    url = reverse("memberships:name_representative", args=[membership.pk])
    assert login(client, outsider).post(url, {"user": outsider.pk}).status_code == 404


@pytest.mark.parametrize("rows", [1, 100])
def test_public_list_query_count_is_bounded_with_1_and_100_rows(client, rows, django_assert_max_num_queries):
    for _ in range(rows):
        fg.membership()
    with django_assert_max_num_queries(6):
        response = client.get(reverse("memberships:public"))
    assert response.status_code == 200


def test_owner_removes_a_representative_who_leaves_the_groups_voting_roles(client):
    group = fg.group()
    user, organisation = fg.voter(group)
    owner = factories.UserFactory()
    organisation.memberships_of_users.create(user=owner, role="owner")
    membership = Membership.objects.get(organisation=organisation)
    representative = MemberRepresentative.objects.get(membership=membership, user=user)
    url = reverse("memberships:remove_representative", args=[representative.pk])
    assert login(client, factories.UserFactory()).post(url).status_code == 404
    assert login(client, owner).post(url).status_code == 302
    assert not MemberRepresentative.objects.filter(pk=representative.pk).exists()
    assert AuditEntry.objects.get(action="membership.representative_removed").data == {"user": user.email}
    assert not RosterEntry.objects.filter(group=group, user=user).exists()


@pytest.mark.parametrize("rows", [1, 100])
def test_directory_as_member_query_count_is_bounded_with_1_and_100_rows(client, rows, django_assert_max_num_queries):
    mine = fg.membership()
    for _ in range(rows):
        fg.membership()
    login(client, mine.organisation.users.first())
    with django_assert_max_num_queries(14):
        response = client.get(reverse("memberships:directory"))
    assert response.status_code == 200 and mine.organisation.legal_name in response.content.decode()


def test_representatives_are_read_only_in_the_admin(rf):
    membership = fg.membership()
    request = rf.get("/admin/")
    request.user = factories.UserFactory(is_superuser=True, is_staff=True)
    inline = MemberRepresentativeInline(Membership, admin.site)
    assert not inline.has_add_permission(request, membership)
    assert not inline.has_change_permission(request, membership)
    assert not inline.has_delete_permission(request, membership)
    assert set(inline.get_readonly_fields(request, membership)) >= {"user", "named_by"}
