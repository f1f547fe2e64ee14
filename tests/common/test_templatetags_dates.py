"""The date filters that combine named formats (common/templatetags/dates.py), in each language."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

THURSDAY = datetime(2031, 11, 27, 14, 30, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Thursday, 27 November 2031, 14:30 | 27 November 2031, 14:30 CET"),
        ("fr", "jeudi 27 novembre 2031 à 14:30 | 27 novembre 2031 à 14:30 CET"),
        ("de", "Donnerstag, 27. November 2031, 14:30 | 27. November 2031, 14:30 CET"),
    ],
)
def test_weekday_and_zone_filters_read_in_each_language(language, expected):
    template = Template("{% load dates %}{{ when|weekday_datetime }} | {{ when|datetime_zone }}")
    with translation.override(language):
        assert template.render(Context({"when": THURSDAY})) == expected


def test_date_filters_leave_a_missing_date_empty():
    template = Template("{% load dates %}[{{ when|weekday_datetime }}][{{ when|datetime_zone }}]")
    assert template.render(Context({"when": None})) == "[][]"
