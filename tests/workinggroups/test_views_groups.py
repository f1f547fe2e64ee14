"""Group pages (views/groups.py): the list, a group, its roster and requests to join."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from workinggroups import services
from workinggroups.models import RosterEntry, WorkingGroup

pytestmark = pytest.mark.django_db


# Working groups and rosters ---------------------------------------------------------------------------


def test_group_list_secretariat_sees_all_groups(client, group):
    body = login(client, fg.secretariat()).get(reverse("workinggroups:list")).content.decode()
    assert "Supply Chains" in body and "PFAS" in body and "Skills" in body


def test_group_detail_outsider_gets_404(client, group):
    assert (
        login(client, factories.UserFactory()).get(reverse("workinggroups:detail", args=[group.pk])).status_code == 404
    )


def test_group_detail_member_of_alliance_may_ask_to_join(client, group):
    member = fg.membership()
    user = member.organisation.users.first()
    body = login(client, user).get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert "Ask to join" in body
    response = client.post(
        reverse("workinggroups:join", args=[group.pk]), {"organisation": member.organisation.pk, "motivation": "PFAS"}
    )
    assert response.status_code == 302
    join = group.join_requests.get()
    secretariat = fg.secretariat()
    login(client, secretariat).post(reverse("workinggroups:join_decide", args=[join.pk]), {"decision": "accept"})
    assert RosterEntry.objects.filter(group=group, user=user, meeting__isnull=True).exists()


@pytest.mark.parametrize("rows", [1, 100])
def test_group_detail_roster_query_count_is_bounded_with_1_and_100_rows(
    client, group, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        fg.voter(group)
    login(client, fg.secretariat())
    with django_assert_max_num_queries(25):
        response = client.get(reverse("workinggroups:detail", args=[group.pk]))
    assert response.status_code == 200


def test_roster_says_plainly_who_votes(client, group):
    fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Voting Org"))
    user, suspended = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Paused Org"))
    suspended.alliance_memberships.update(state="suspended")
    body = login(client, fg.secretariat()).get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert "Votes for the organisation" in body and "No vote: membership not active" in body


def test_secretariat_adds_roster_entry_and_non_member_is_refused(client, group):
    member = fg.membership()
    person = member.organisation.users.first()
    fg.representative(member, person)
    secretariat = fg.secretariat()
    url = reverse("workinggroups:roster_add", args=[group.pk])
    pair = member.organisation.memberships_of_users.get(user=person)
    assert login(client, secretariat).post(url, {"person": pair.pk, "role": "chair"}).status_code == 302
    assert RosterEntry.objects.get(group=group, user=person).role == "chair"
    outsider = factories.OrganisationFactory(owner=factories.UserFactory())
    with pytest.raises(Exception, match="ad-hoc invitee"):
        services.add_roster_entry(
            group=group, organisation=outsider, user=outsider.users.first(), role="observer", by=secretariat
        )


def test_member_cannot_add_to_roster(client, group):
    user, organisation = fg.voter(group)
    pair = organisation.memberships_of_users.get(user=user)
    response = login(client, user).post(
        reverse("workinggroups:roster_add", args=[group.pk]), {"person": pair.pk, "role": "chair"}
    )
    assert response.status_code == 404


def test_roster_csv_for_secretariat(client, group):
    fg.voter(group, organisation=factories.OrganisationFactory(legal_name="CSV Org"))
    response = login(client, fg.secretariat()).get(reverse("workinggroups:roster_csv", args=[group.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "CSV Org" in body
    assert "Member representative,Votes for the organisation" in body


def test_roster_csv_member_gets_404(client, group):
    user, _ = fg.voter(group)
    assert login(client, user).get(reverse("workinggroups:roster_csv", args=[group.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 100])
def test_group_list_query_count_is_bounded_with_1_and_100_rows(client, rows, django_assert_max_num_queries):
    alliance = factories.alliance("semiconductors")
    for index in range(rows):
        WorkingGroup.objects.create(alliance=alliance, slug=f"g-{index}", name=f"Group {index}")
    login(client, fg.secretariat())
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workinggroups:list"))
    assert response.status_code == 200


def test_join_request_notifies_secretariat(group, django_capture_on_commit_callbacks):
    secretariat = fg.secretariat()
    member = fg.membership()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(group=group, organisation=member.organisation, user=member.organisation.users.first())
    assert any(secretariat.email in message.to and "asks to join" in message.subject for message in mail.outbox)


@pytest.mark.parametrize("rows", [1, 100])
def test_roster_csv_query_count_is_bounded_with_1_and_100_rows(client, group, rows, django_assert_max_num_queries):
    for _ in range(rows):
        fg.voter(group)
    login(client, fg.secretariat())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("workinggroups:roster_csv", args=[group.pk]))
    assert len(response.content.decode().strip().splitlines()) == rows + 1


def test_secretariat_changes_role_and_removes_entry(client, group, django_capture_on_commit_callbacks):
    user, _ = fg.voter(group)
    entry = RosterEntry.objects.get(user=user)
    login(client, fg.secretariat())
    client.post(reverse("workinggroups:roster_edit", args=[entry.pk]), {"role": "observer"})
    assert RosterEntry.objects.get(pk=entry.pk).role == "observer"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workinggroups:roster_remove", args=[entry.pk]))
    assert not RosterEntry.objects.filter(pk=entry.pk).exists()
    assert any(m.to == [user.email] and "no longer on the roster" in m.subject for m in mail.outbox)


def test_member_cannot_change_or_remove_roster_entries(client, group):
    user, _ = fg.voter(group)
    entry = RosterEntry.objects.get(user=user)
    login(client, user)
    assert client.get(reverse("workinggroups:roster_edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("workinggroups:roster_remove", args=[entry.pk])).status_code == 404


# Decisions, chairs, results and closing time ------------------------------------------------------------


def test_secretariat_declines_join_request_and_person_is_told(client, group, django_capture_on_commit_callbacks):
    member = fg.membership()
    user = member.organisation.users.first()
    join = services.request_to_join(group=group, organisation=member.organisation, user=user, motivation="PFAS")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, fg.secretariat()).post(
            reverse("workinggroups:join_decide", args=[join.pk]), {"decision": "decline", "reason": "Group is full"}
        )
    assert response.status_code == 302
    join.refresh_from_db()
    assert (join.state, join.reason) == ("declined", "Group is full")
    assert not RosterEntry.objects.filter(group=group, user=user).exists()
    assert any(m.to == [user.email] and "Declined" in m.subject for m in mail.outbox)


def test_roster_page_does_not_claim_a_vote_for_a_person_no_longer_named(client, group):
    user, organisation = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Unnamed Org"))
    fg.unname(user, organisation)
    login(client, fg.secretariat())
    body = client.get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert "No vote: not a named representative of the organisation" in body
    assert "Votes for the organisation" not in body
    csv_body = client.get(reverse("workinggroups:roster_csv", args=[group.pk])).content.decode()
    assert "Member representative,No vote: not a named representative of the organisation" in csv_body


# The roster printed, failed forms, confirmations -------------------------------------------------------


def _pdf_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_roster_pdf_for_whoever_sees_the_roster_with_names_and_labels(client, group):
    user, _ = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Printed Org"))
    response = login(client, user).get(reverse("workinggroups:roster_pdf", args=[group.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Printed Org" in text and user.full_name.split()[-1] in text and "Member" in text
    assert "member_representative" not in text
    page = client.get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert f'href="/groups/{group.pk}/roster.pdf"' in page


def test_roster_pdf_of_a_group_the_user_may_not_see_is_404(client, group):
    assert (
        login(client, factories.UserFactory()).get(reverse("workinggroups:roster_pdf", args=[group.pk])).status_code
        == 404
    )


def test_failed_roster_form_shows_the_error_summary(client, group):
    response = login(client, fg.secretariat()).post(reverse("workinggroups:roster_add", args=[group.pk]), {})
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body and 'href="#id_person"' in body
    assert "<title>Error: Add to the roster" in body


def test_group_page_links_to_the_roster_form_instead_of_listing_every_person(client, group):
    member = fg.membership()
    person = member.organisation.users.first()
    login(client, fg.secretariat())
    page = client.get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert f'href="{reverse("workinggroups:roster_add", args=[group.pk])}"' in page and 'name="person"' not in page
    form = client.get(reverse("workinggroups:roster_add", args=[group.pk])).content.decode()
    assert person.display_name in form and 'name="person"' in form


def test_group_page_asks_confirmation_before_removing_or_deciding(client, group):
    fg.voter(group)
    member = fg.membership()
    services.request_to_join(group=group, organisation=member.organisation, user=member.organisation.users.first())
    body = login(client, fg.secretariat()).get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    assert body.count("data-confirm=") >= 3
    assert "from the roster of Supply Chains?" in body and "into the working group?" in body
    assert f"<title>{group.name}" in body


def test_group_page_lists_coming_meetings_soonest_first_before_past_ones(client, group):
    user, _ = fg.voter(group)
    now = timezone.now()
    for title, days in (("Later", 30), ("Sooner", 3), ("Recently", -5)):
        starts = now + timedelta(days=days)
        fg.meeting(group, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2))
    body = login(client, user).get(reverse("workinggroups:detail", args=[group.pk])).content.decode()
    positions = [body.index(f">{title}</a>") for title in ("Sooner", "Later", "Recently")]
    assert positions == sorted(positions)
