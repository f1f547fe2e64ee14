"""The working-group links of the main navigation (templatetags/workinggroups_nav.py)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import groups as fg
from tests.helpers import login

pytestmark = pytest.mark.django_db


# Navigation and more bounded lists ---------------------------------------------------------------------


def test_nav_shows_working_groups_to_secretariat_and_ballots_to_representatives(client, group):
    body = login(client, fg.secretariat()).get(reverse("workinggroups:ballots")).content.decode()
    assert ">Working groups</a>" in body
    user, _ = fg.voter(group)
    body = login(client, user).get(reverse("workinggroups:ballots")).content.decode()
    assert ">My working groups</a>" in body and ">Ballots</a>" in body


def test_nav_hides_working_groups_from_applicant(client):
    body = login(client, factories.UserFactory()).get(reverse("organisations:list")).content.decode()
    assert "/groups/" not in body
