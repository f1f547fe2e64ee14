"""Dates read as each language writes them (portal/formats): "27. November 2026" in German, "27 November 2026" in
English, "27 novembre 2026" in French, on pages, in e-mails, with a 24-hour clock."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from applications.models import Application
from tests import factories
from tests.factories import groups as fg
from tests.helpers import login
from workinggroups import services

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
THURSDAY = datetime(2031, 11, 27, 14, 30, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("language", "date", "datetime_", "short"),
    [
        ("en", "27 November 2031", "27 November 2031, 14:30", "27 Nov 2031"),
        ("fr", "27 novembre 2031", "27 novembre 2031 à 14:30", "27 nov. 2031"),
        ("de", "27. November 2031", "27. November 2031, 14:30", "27. Nov. 2031"),
    ],
)
def test_formats_follow_the_language_with_a_24_hour_clock(language, date, datetime_, short):
    with translation.override(language):
        assert date_format(THURSDAY, "DATE_FORMAT") == date
        assert date_format(THURSDAY, "DATETIME_FORMAT") == datetime_
        assert date_format(THURSDAY, "SHORT_DATE_FORMAT") == short
        assert date_format(THURSDAY.replace(month=6), "SHORT_DATE_FORMAT") != date_format(
            THURSDAY.replace(month=7), "SHORT_DATE_FORMAT"
        )  # Django's three-letter French months read "Jui" for June and July alike


@pytest.mark.parametrize(
    ("language", "started"), [("de", "27. November 2031"), ("en", "27 November 2031"), ("fr", "27 novembre 2031")]
)
def test_the_application_page_shows_the_date_in_the_readers_language(client, semiconductors, language, started):
    applicant = factories.UserFactory(language=language)
    application = factories.ApplicationFactory(
        organisation=factories.OrganisationFactory(owner=applicant), alliance=semiconductors
    )
    Application.objects.filter(pk=application.pk).update(created_at=THURSDAY)

    page = login(client, applicant).get(f"/applications/{application.pk}/").content.decode()

    assert started in page


def test_a_german_member_is_invited_to_a_meeting_with_a_german_date(group, django_capture_on_commit_callbacks):
    german, _organisation = fg.voter(group, user=factories.UserFactory(language="de"))
    english, _organisation = fg.voter(group, user=factories.UserFactory(language="en"))
    meeting = fg.meeting(group, starts_at=THURSDAY, ends_at=THURSDAY + timedelta(hours=2))

    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting=meeting, by=fg.secretariat())

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "Donnerstag, 27. November 2031, 14:30–16:30 (Europe/Brussels)" in bodies[german.email]
    assert "Thursday, 27 November 2031, 14:30–16:30 (Europe/Brussels)" in bodies[english.email]
    assert "27. Nov. 2031, 13:30–15:30 UTC" in bodies[german.email]
