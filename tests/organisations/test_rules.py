"""Issue 9: staff see an organisation only through an application assigned to them (after declaring no conflict)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def profile(client, user, organisation):
    client.force_login(user)
    return client.get(reverse("organisations:detail", args=[organisation.pk]))


@pytest.mark.parametrize(("declare", "label"), [(None, "not yet declared"), (True, "conflicted")])
def test_assigned_reviewer_not_cleared_gets_404_for_the_organisation(client, declare, label):
    application = rf.submitted_application()
    person = rf.reviewer()
    rf.assign(application, person, declare=declare)

    assert profile(client, person, application.organisation).status_code == 404


def test_unassigned_reviewer_gets_404_for_any_organisation(client):
    application = rf.submitted_application()
    rf.assign(application, rf.reviewer(), declare=False)  # someone else reviews it

    assert profile(client, rf.reviewer(application.alliance), application.organisation).status_code == 404


def test_cleared_reviewer_sees_the_organisation_of_the_assigned_application(client):
    application = rf.submitted_application()
    person = rf.reviewer()
    rf.assign(application, person, declare=False)

    response = profile(client, person, application.organisation)

    assert response.status_code == 200
    assert application.organisation.legal_name in response.content.decode()


def test_decision_maker_gets_404_for_an_organisation_with_only_a_draft(client, semiconductors):
    owner = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=owner)
    factories.ApplicationFactory(organisation=organisation, created_by=owner)

    assert profile(client, rf.decision_maker(), organisation).status_code == 404
