"""The roster's rows for the CSV and the PDF (workinggroups/exporters.py): page labels, ISO 8601 dates."""

import csv
import io
import re

import pytest
from django.urls import reverse

from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from workinggroups import exporters
from workinggroups.models import RosterEntry

pytestmark = pytest.mark.django_db


def test_roster_rows_use_the_pages_labels_and_one_date_format(group):
    user, _ = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Label Org", country="DE"))
    fg.voter(group, role=RosterEntry.Role.OBSERVER)
    rows = {row[0]: row for row in exporters.roster_rows(group)}
    name, row = "Label Org", rows["Label Org"]
    assert row[:6] == [
        name,
        "Germany",
        user.display_name,
        user.email,
        "Member representative",
        "Votes for the organisation",
    ]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", row[6])
    assert any(other[4] == "Observer" and other[5] == "No vote" for other in rows.values())


def test_roster_csv_header_is_in_words(client, group):
    fg.voter(group)
    response = login(client, fg.secretariat()).get(reverse("workinggroups:roster_csv", args=[group.pk]))
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header == ["Organisation", "Country", "Person", "E-mail", "Role", "Vote", "On the roster since"]
