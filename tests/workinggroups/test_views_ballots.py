"""Ballot pages (views/ballots.py): creating, voting, proxies, closing, the result, verification."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from memberships import services as membership_services
from memberships.models import Membership
from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from workinggroups import services
from workinggroups.models import Ballot, CastBallot, Proxy, RosterEntry

pytestmark = pytest.mark.django_db


# Ballots -----------------------------------------------------------------------------------------------


def test_secretariat_opens_ballot_through_form(client, group):
    fg.voter(group)
    response = login(client, fg.secretariat()).post(
        reverse("workinggroups:ballot_create", args=[group.pk]),
        {
            "question": "Adopt the PFAS roadmap?",
            "kind": "motion",
            "closes_at": "2099-01-01T12:00",
            "quorum_percent": "50",
            "majority": "simple",
            "majority_base": "cast",
        },
    )
    ballot = Ballot.objects.get()
    assert response.status_code == 302 and ballot.is_open and ballot.eligible_count == 1


def test_member_votes_and_changes_vote_through_view(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    url = reverse("workinggroups:ballot_vote", args=[ballot.pk])
    login(client, user)
    page = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert f"Cast the vote of {organisation.legal_name}" in page
    client.post(url, {"organisation": organisation.pk, "choice": "Yes"})
    client.post(url, {"organisation": organisation.pk, "choice": "No"})
    assert CastBallot.objects.get().choice == "No"


def test_member_cannot_vote_for_another_organisation(client, group):
    user, _ = fg.voter(group)
    _, other = fg.voter(group)
    ballot = fg.ballot(group)
    login(client, user).post(
        reverse("workinggroups:ballot_vote", args=[ballot.pk]), {"organisation": other.pk, "choice": "Yes"}
    )
    assert not CastBallot.objects.exists()


def test_ad_hoc_invitee_never_sees_a_ballot(client, group):
    fg.voter(group)
    ballot = fg.ballot(group)
    meeting = fg.meeting(group)
    guest_org = factories.OrganisationFactory(owner=factories.UserFactory())
    guest = guest_org.users.first()
    services.add_roster_entry(
        group=group, organisation=guest_org, user=guest, role="ad_hoc_invitee", meeting=meeting, by=fg.secretariat()
    )
    login(client, guest)
    assert client.get(reverse("workinggroups:meeting", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("workinggroups:ballot", args=[ballot.pk])).status_code == 404
    assert client.get(reverse("workinggroups:ballot_verify", args=[ballot.pk])).status_code == 404
    assert ballot.question not in client.get(reverse("workinggroups:ballots")).content.decode()
    response = client.post(
        reverse("workinggroups:ballot_vote", args=[ballot.pk]), {"organisation": guest_org.pk, "choice": "Yes"}
    )
    assert response.status_code == 404
    assert ballot.question not in client.get(reverse("workinggroups:meeting", args=[meeting.pk])).content.decode()


def test_secret_ballot_page_shows_who_took_part_not_what(client, group):
    user, organisation = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Secret Org"))
    ballot = fg.ballot(group, is_secret=True, kind="choice", options=["Lisbon", "Dresden"])
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Dresden", by=user)
    services.close_ballot(ballot=ballot)
    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    fg.with_totp(admin)
    for viewer in (fg.secretariat(), admin, user):
        body = login(client, viewer).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
        participation = body.split("Organisations that took part")[1]
        assert "Secret Org" in participation and "Dresden" not in participation


def test_named_ballot_hides_other_choices_until_closing(client, group):
    user, organisation = fg.voter(group)
    other_user, other = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Other Org"))
    ballot = fg.ballot(group, kind="choice", options=["Lisbon", "Dresden"])
    services.cast_vote(ballot=ballot, organisation=other, choice="Dresden", by=other_user)
    body = login(client, user).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "shown at closing" in body and "Running count" not in body


def test_close_by_member_is_404_and_by_secretariat_publishes_result(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    url = reverse("workinggroups:ballot_close", args=[ballot.pk])
    assert login(client, user).post(url).status_code == 404
    login(client, fg.secretariat()).post(url, {"reason": "The group agreed to close it at the meeting."})
    body = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "Carried" in body and "Turnout: 1 of 1 eligible organisations (100.0 %)" in body
    pdf = client.get(reverse("workinggroups:ballot_pdf", args=[ballot.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_chair_cannot_close_ballot(client, group):
    """The chair is a voter: the closing time or the secretariat closes a ballot (issue 9)."""
    chair, _ = fg.voter(group, role="chair")
    ballot = fg.ballot(group)
    response = login(client, chair).post(
        reverse("workinggroups:ballot_close", args=[ballot.pk]), {"reason": "We have heard enough."}
    )
    assert response.status_code == 404
    assert Ballot.objects.get(pk=ballot.pk).is_open


def test_verify_view_reports_altered_vote(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    login(client, fg.secretariat())
    url = reverse("workinggroups:ballot_verify", args=[ballot.pk])
    assert "The chain is intact." in client.get(url).content.decode()
    CastBallot.objects.update(choice="No")
    response = client.get(url)
    assert response.status_code == 409 and "The chain is broken" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 100])
def test_ballot_detail_query_count_is_bounded_with_1_and_100_rows(client, group, rows, django_assert_max_num_queries):
    people = [fg.voter(group) for _ in range(rows)]
    ballot = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    login(client, people[0][0])
    with django_assert_max_num_queries(30):
        response = client.get(reverse("workinggroups:ballot", args=[ballot.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 100])
def test_ballot_list_query_count_is_bounded_with_1_and_100_rows(client, group, rows, django_assert_max_num_queries):
    user, _ = fg.voter(group)
    secretariat = fg.secretariat()
    for _ in range(rows):
        fg.ballot(group, by=secretariat)
    login(client, user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workinggroups:ballots"))
    assert response.status_code == 200


def test_secret_ballot_shows_no_running_count_even_to_secretariat(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group, is_secret=True)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=user)
    body = login(client, fg.secretariat()).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "Running count" not in body and "Votes per option" not in body


def test_named_ballot_shows_running_count_to_secretariat(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=user)
    body = login(client, fg.secretariat()).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "Running count" in body


def test_scheduled_ballot_from_form_opens_later(client, group):
    fg.voter(group)
    login(client, fg.secretariat()).post(
        reverse("workinggroups:ballot_create", args=[group.pk]),
        {
            "question": "Later?",
            "kind": "choice",
            "options": "Lisbon\nDresden",
            "opens_at": "2098-01-01T09:00",
            "closes_at": "2098-01-08T17:00",
            "quorum_percent": "0",
            "majority": "two_thirds",
            "majority_base": "eligible",
            "is_secret": "on",
        },
    )
    ballot = Ballot.objects.get()
    assert ballot.state == "scheduled" and ballot.options == ["Lisbon", "Dresden", "Abstain"] and ballot.is_secret
    assert ballot.opens_at.isoformat() == "2098-01-01T08:00:00+00:00"


def test_chair_opens_ballot_through_form(client, group):
    chair, _ = fg.voter(group, role="chair")
    fg.voter(group)
    response = login(client, chair).post(
        reverse("workinggroups:ballot_create", args=[group.pk]),
        {
            "question": "Adopt the chair's agenda?",
            "kind": "motion",
            "closes_at": "2099-01-01T12:00",
            "quorum_percent": "50",
            "majority": "simple",
            "majority_base": "cast",
        },
    )
    ballot = Ballot.objects.get()
    assert response.status_code == 302 and ballot.is_open and ballot.eligible_count == 2
    assert ballot.created_by == chair


def test_roster_member_downloads_result_pdf_of_closed_ballot(client, group):
    user, organisation = fg.voter(group, role="observer")
    voter, voting = fg.voter(group)
    ballot = fg.ballot(group)
    services.cast_vote(ballot=ballot, organisation=voting, choice="Yes", by=voter)
    url = reverse("workinggroups:ballot_pdf", args=[ballot.pk])
    assert login(client, user).get(url).status_code == 404  # not before closing
    services.close_ballot(ballot=ballot)
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert login(client, factories.UserFactory()).get(url).status_code == 404


def test_ballot_past_closing_time_shows_closing_without_a_vote_form(client, group):
    user, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=timezone.now() - timedelta(hours=1), closes_at=timezone.now() - timedelta(seconds=1)
    )
    body = login(client, user).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert '<span class="status status-closing">Closing</span>' in body
    assert f"Cast the vote of {organisation.legal_name}" not in body and "(proxy)" not in body
    assert client.get(reverse("workinggroups:ballot_proxy", args=[ballot.pk])).status_code == 404
    assert ">Open<" not in body and "accepts no more votes" in body
    listing = client.get(reverse("workinggroups:ballots")).content.decode()
    assert "<td>Closing</td>" in listing


@pytest.mark.parametrize("rows", [1, 100])
def test_closed_ballot_detail_query_count_is_bounded_with_1_and_100_rows(
    client, group, rows, django_assert_max_num_queries
):
    people = [fg.voter(group) for _ in range(rows)]
    ballot = fg.ballot(group)
    for user, organisation in people:
        services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    services.close_ballot(ballot=ballot)
    login(client, people[0][0])
    with django_assert_max_num_queries(15):
        response = client.get(reverse("workinggroups:ballot", args=[ballot.pk]))
    assert response.status_code == 200 and "Turnout" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 100])
def test_ballot_detail_for_secretariat_query_count_is_bounded_with_1_and_100_rows(
    client, group, rows, django_assert_max_num_queries
):
    people = [fg.voter(group) for _ in range(rows)]
    ballot = fg.ballot(group)
    for index, (user, organisation) in enumerate(people):
        if index % 10 == 1:
            services.give_proxy(ballot=ballot, organisation=organisation, holder=people[0][1], by=user)
        else:
            services.cast_vote(ballot=ballot, organisation=organisation, choice="Yes", by=user)
    login(client, fg.secretariat())
    with django_assert_max_num_queries(15):
        response = client.get(reverse("workinggroups:ballot", args=[ballot.pk]))
    assert response.status_code == 200 and "Running count" in response.content.decode()


def test_ballot_page_offers_to_take_the_proxy_back(client, group):
    delegator_user, delegator = fg.voter(group)
    _, holder = fg.voter(group)
    ballot = fg.ballot(group)
    services.give_proxy(ballot=ballot, organisation=delegator, holder=holder, by=delegator_user)
    login(client, delegator_user)
    page = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert f"Take back the vote of {delegator.legal_name}" in page
    assert f"Cast the vote of {delegator.legal_name}" not in page
    client.post(reverse("workinggroups:ballot_proxy_revoke", args=[ballot.pk]), {"organisation": delegator.pk})
    assert not Proxy.objects.exists()
    page = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert f"Cast the vote of {delegator.legal_name}" in page


# Powers in the group need an active membership ----------------------------------------------------------


def test_chair_whose_membership_ended_can_neither_open_nor_close_a_ballot(client, group):
    chair, organisation = fg.voter(group, role=RosterEntry.Role.CHAIR)
    ballot = fg.ballot(group)
    membership_services.end(
        membership=Membership.objects.get(organisation=organisation), by=fg.decision_maker(), reason="Left"
    )
    login(client, chair)
    create = reverse("workinggroups:ballot_create", args=[group.pk])
    assert client.get(create).status_code == 404
    response = client.post(
        create,
        {
            "question": "Still chairing?",
            "kind": "motion",
            "closes_at": "2099-01-01T12:00",
            "quorum_percent": "50",
            "majority": "simple",
            "majority_base": "cast",
        },
    )
    assert response.status_code == 404 and Ballot.objects.count() == 1
    assert client.post(reverse("workinggroups:ballot_close", args=[ballot.pk])).status_code == 404
    assert Ballot.objects.get(pk=ballot.pk).is_open


# Whether my organisation voted; why it has no vote ----------------------------------------------------


def test_ballot_list_tells_each_member_whether_their_organisation_voted(client, group):
    user, organisation = fg.voter(group)
    secretariat = fg.secretariat()
    voted = fg.ballot(group, by=secretariat, question="Adopt the roadmap?")
    fg.ballot(group, by=secretariat, question="Elect the co-chairs?")
    services.cast_vote(ballot=voted, organisation=organisation, choice="Yes", by=user)
    body = login(client, user).get(reverse("workinggroups:ballots")).content.decode()
    assert '<th scope="col">Your organisation</th>' in body
    row_voted = body[body.index("Adopt the roadmap?") :].split("</tr>")[0]
    row_waiting = body[body.index("Elect the co-chairs?") :].split("</tr>")[0]
    assert ">Voted<" in row_voted and "Not voted yet" in row_waiting
    staff = login(client, secretariat).get(reverse("workinggroups:ballots")).content.decode()
    assert "Your organisation" not in staff


def test_member_whose_organisation_joined_after_the_ballot_opened_is_told_why_it_cannot_vote(client, group):
    fg.voter(group)
    ballot = fg.ballot(group)
    late_user, late_organisation = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Late Fab"))
    login(client, late_user)
    listing = client.get(reverse("workinggroups:ballots")).content.decode()
    assert "No vote: it opened before your organisation had one" in listing
    page = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "Late Fab has no vote in this ballot" in page and "fixed when it opened" in page
    assert "Cast the vote of" not in page


def test_eligible_member_is_not_told_it_has_no_vote(client, group):
    user, _ = fg.voter(group)
    ballot = fg.ballot(group)
    page = login(client, user).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert "has no vote in this ballot" not in page and "Cast the vote of" in page


def test_closing_a_ballot_asks_for_confirmation(client, group):
    fg.voter(group)
    ballot = fg.ballot(group)
    body = login(client, fg.secretariat()).get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    assert 'data-confirm="Close the ballot now?' in body


def test_member_gives_a_proxy_from_its_own_page_linked_from_the_ballot(client, group):
    user, organisation = fg.voter(group)
    _holder_user, holder = fg.voter(group)
    ballot = fg.ballot(group)
    login(client, user)
    page = client.get(reverse("workinggroups:ballot", args=[ballot.pk])).content.decode()
    url = reverse("workinggroups:ballot_proxy", args=[ballot.pk])
    assert f'href="{url}"' in page and 'name="holder"' not in page
    form = client.get(url).content.decode()
    assert f'<option value="{holder.pk}">{holder.legal_name}</option>' in form
    assert f'<option value="{organisation.pk}">{organisation.legal_name}</option>' in form  # the vote to give
    response = client.post(url, {"organisation": organisation.pk, "holder": holder.pk})
    assert response.status_code == 302 and Proxy.objects.get(ballot=ballot, organisation=organisation).holder == holder
    assert client.get(url).status_code == 404  # nothing left to give
