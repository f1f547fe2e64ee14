"""Proposals for new working groups (views/proposals.py): members propose, the Commission decides."""

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from workinggroups import services
from workinggroups.models import GroupProposal, WorkingGroup

pytestmark = pytest.mark.django_db


# Proposals ---------------------------------------------------------------------------------------------


def test_member_proposes_and_commission_approves_group(client, django_capture_on_commit_callbacks):
    member = fg.membership()
    user = member.organisation.users.first()
    login(client, user).post(
        reverse("workinggroups:proposal_create"),
        {"membership": member.pk, "name": "Chips Act Pilot Lines", "mandate": "Pilot lines.", "rationale": "Needed."},
    )
    proposal = GroupProposal.objects.get()
    url = reverse("workinggroups:proposal", args=[proposal.pk])
    assert login(client, fg.secretariat()).post(url, {"decision": "approve", "reason": "x"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        login(client, fg.decision_maker()).post(url, {"decision": "approve", "reason": "Fits the mandate."})
    proposal.refresh_from_db()
    assert proposal.state == "approved" and proposal.group.name == "Chips Act Pilot Lines"
    assert any(user.email in m.to and "Approved" in m.subject for m in mail.outbox)


def test_non_member_cannot_propose(client):
    assert login(client, factories.UserFactory()).get(reverse("workinggroups:proposal_create")).status_code == 404


def test_proposal_of_another_organisation_is_404(client):
    member = fg.membership()
    proposal = services.propose_group(
        alliance=member.alliance,
        organisation=member.organisation,
        by=member.organisation.users.first(),
        name="X",
        mandate="Y",
        rationale="Z",
    )
    other = fg.membership().organisation.users.first()
    assert login(client, other).get(reverse("workinggroups:proposal", args=[proposal.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 100])
def test_proposal_list_query_count_is_bounded_with_1_and_100_rows(client, rows, django_assert_max_num_queries):
    member = fg.membership()
    user = member.organisation.users.first()
    for index in range(rows):
        services.propose_group(
            alliance=member.alliance,
            organisation=member.organisation,
            by=user,
            name=f"G{index}",
            mandate="M",
            rationale="R",
        )
    login(client, user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workinggroups:proposals"))
    assert response.status_code == 200


def test_commission_declines_proposal_with_reason(client, django_capture_on_commit_callbacks):
    member = fg.membership()
    user = member.organisation.users.first()
    proposal = services.propose_group(
        alliance=member.alliance, organisation=member.organisation, by=user, name="Quantum", mandate="Q", rationale="R"
    )
    url = reverse("workinggroups:proposal", args=[proposal.pk])
    groups_before = WorkingGroup.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        login(client, fg.decision_maker()).post(url, {"decision": "decline", "reason": "Covered by Skills."})
    proposal.refresh_from_db()
    assert proposal.state == "declined" and proposal.decision_reason == "Covered by Skills."
    assert proposal.group is None and WorkingGroup.objects.count() == groups_before
    assert any(user.email in m.to and "Declined" in m.subject for m in mail.outbox)
