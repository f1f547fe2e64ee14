"""Issue 9: the superuser is the platform's operator, not an applicant, reviewer or voter.

Django's PermissionsMixin grants an active superuser every permission; User.has_perm asks the declared policy
for the domain's permissions instead, and keeps the Django admin's model permissions for the operator.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from applications import services as application_services
from tests import factories
from tests.factories import groups as fg
from tests.factories import reviews as rf
from workinggroups import services as group_services
from workinggroups.models import CastBallot

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return rf.with_totp(factories.UserFactory(is_staff=True, is_superuser=True))


def test_superuser_cannot_withdraw_another_organisations_application(client, superuser, semiconductors):
    application = factories.submitted_application()
    client.force_login(superuser)

    response = client.post(reverse("applications:withdraw", args=[application.pk]), {"reason": "Cleaning up."})

    assert response.status_code == 404
    application.refresh_from_db()
    assert application.state == "submitted"
    with pytest.raises(PermissionDenied):
        application_services.withdraw(application=application, by=superuser, reason="Cleaning up.")
    application.refresh_from_db()
    assert application.state == "submitted"


def test_superuser_cannot_vote(client, superuser):
    group = fg.group()
    _member, organisation = fg.voter(group)
    ballot = fg.ballot(group)
    client.force_login(superuser)

    client.post(
        reverse("workinggroups:ballot_vote", args=[ballot.pk]), {"organisation": organisation.pk, "choice": "No"}
    )

    assert not CastBallot.objects.filter(ballot=ballot).exists()
    with pytest.raises(PermissionDenied):
        group_services.cast_vote(ballot=ballot, organisation=organisation, choice="No", by=superuser)
    assert not CastBallot.objects.filter(ballot=ballot).exists()


def test_superuser_holds_no_domain_permission_without_the_role(superuser, semiconductors):
    application = factories.submitted_application()

    assert not superuser.has_perm("applications.withdraw_application", application)
    assert not superuser.has_perm("applications.view_application", application)
    assert not superuser.has_perm("reviews.decide", application)
    assert not superuser.has_perm("workinggroups.manage_roster")


def test_superuser_keeps_the_django_admins_model_permissions(client, superuser):
    assert superuser.has_perm("applications.view_application")
    assert superuser.has_perm("applications.change_application")
    assert superuser.has_perm("organisations.change_organisation")
    assert superuser.has_perm("accounts.add_user")
