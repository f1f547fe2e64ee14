"""The member register's CSV rows (memberships/exporters.py): the directory's labels, ISO 8601 dates."""

import csv
import io
import re

import pytest
from django.urls import reverse

from memberships.models import Membership
from tests import factories
from tests.factories import groups as fg
from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_register_csv_uses_labels_not_codes(client):
    fg.membership(factories.OrganisationFactory(legal_name="Words Org", country="FR"), state=Membership.State.SUSPENDED)
    response = login(client, fg.secretariat()).get(reverse("memberships:export") + "?state=suspended")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Alliance",
        "Organisation",
        "Acronym",
        "Type",
        "Country",
        "State",
        "Member since",
        "Ended on",
        "Website",
    ]
    [row] = [row for row in rows[1:] if row[1] == "Words Org"]
    assert (row[3], row[4], row[5]) == ("SME", "France", "Suspended")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[6])
    assert re.search(r'filename="members-\d{4}-\d{2}-\d{2}\.csv"', response["Content-Disposition"])
