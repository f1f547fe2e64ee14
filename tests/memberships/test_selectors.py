"""Shared reads about memberships (memberships/selectors.py)."""

import pytest

from memberships import selectors
from memberships.models import Membership
from tests.factories import groups as fg

pytestmark = pytest.mark.django_db


def test_public_member_list_shows_only_active_and_only_name_country_type(semiconductors):
    active = fg.membership()
    fg.membership(state=Membership.State.SUSPENDED)
    rows = list(selectors.public_member_list(semiconductors))
    assert rows == [
        {
            "organisation__legal_name": active.organisation.legal_name,
            "organisation__country": "NL",
            "organisation__organisation_type": "sme",
        }
    ]
