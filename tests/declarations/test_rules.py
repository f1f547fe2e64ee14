"""Issue 9: reviewers see a signed Declaration only through an application assigned to them, once cleared."""

import pytest
from django.urls import reverse

from declarations.models import Signature
from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db

URLS = ["declarations:pdf", "declarations:verify"]


def answers(client, user, signature):
    client.force_login(user)
    statuses = []
    for name in URLS:
        response = client.get(reverse(name, args=[signature.pk]))
        if response.streaming:
            b"".join(response.streaming_content)  # reading a streamed download to its end closes the file
        statuses.append(response.status_code)
    return statuses


@pytest.mark.parametrize("case", ["unassigned", "not yet declared", "conflicted"])
def test_reviewer_without_a_cleared_assignment_gets_404_for_the_declaration(client, semiconductors, case):
    application = factories.submitted_application()
    signature = Signature.objects.get(application=application)
    person = rf.reviewer(application.alliance)
    if case != "unassigned":
        rf.assign(application, person, declare=None if case == "not yet declared" else True)

    assert answers(client, person, signature) == [404, 404]


def test_cleared_reviewer_reads_and_verifies_the_declaration(client, semiconductors):
    application = factories.submitted_application()
    signature = Signature.objects.get(application=application)
    person = rf.reviewer()
    rf.assign(application, person, declare=False)

    assert answers(client, person, signature) == [200, 200]
