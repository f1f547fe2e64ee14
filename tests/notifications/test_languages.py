"""E-mails reach each recipient in their saved language, not the sender's.

The reference data (working-group and alliance names) is translated by migration, so the German names show now.
The assertions on the portal's own sentences compare with the German catalogue: they say "German" in earnest once
the translations are merged (until then the German of an untranslated msgid is its English).
"""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from notifications.models import OutgoingEmail
from notifications.services import queue_email
from tests import factories
from tests.factories import groups as factories_groups
from workinggroups import services as group_services
from workinggroups.models import RosterEntry

pytestmark = pytest.mark.django_db


def german(msgid, **values):
    with translation.override("de"):
        return gettext(msgid) % values


def test_a_german_speaking_member_gets_the_french_secretariats_email_in_german(django_capture_on_commit_callbacks):
    group = factories_groups.group("supply-chains")
    person = factories.UserFactory(language="de")
    member = factories_groups.membership(factories.OrganisationFactory(owner=person))
    factories_groups.representative(member, person)
    secretariat = factories.UserFactory(roles=["Secretariat"], language="fr")

    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        group_services.add_roster_entry(
            group=group,
            organisation=member.organisation,
            user=person,
            role=RosterEntry.Role.MEMBER_REPRESENTATIVE,
            by=secretariat,
        )

    email = OutgoingEmail.objects.get(to=[person.email])
    assert email.subject == german("You are on the roster of the working group %(group)s", group="Lieferketten")
    assert "Lieferketten" in email.body
    assert "Chaînes d'approvisionnement" not in email.subject + email.body
    assert "Supply Chains" not in email.subject + email.body
    assert [message.subject for message in mail.outbox] == [email.subject]


def test_recipients_of_different_languages_get_one_email_each_in_their_language(django_capture_on_commit_callbacks):
    group = factories_groups.group("skills")
    entry = RosterEntry(group=group, organisation=factories_groups.membership().organisation, role="observer")
    french, german_reader = factories.UserFactory(language="fr"), factories.UserFactory(language="de")
    english = factories.UserFactory(language="")

    with django_capture_on_commit_callbacks(execute=True):
        first = queue_email(
            key="languages:1",
            to=[french.email, german_reader.email, english.email.upper(), "nobody@example.eu"],
            template="workinggroups/email/roster_added",
            context={"entry": entry, "group": group},
        )
        again = queue_email(
            key="languages:1",
            to=[french.email, german_reader.email],
            template="workinggroups/email/roster_added",
            context={"entry": entry, "group": group},
        )

    emails = {email.key: email for email in OutgoingEmail.objects.all()}
    assert sorted(emails) == ["languages:1:de", "languages:1:en", "languages:1:fr"]
    assert emails["languages:1:fr"].to == [french.email]
    assert "Compétences" in emails["languages:1:fr"].subject
    assert emails["languages:1:de"].to == [german_reader.email]
    assert "Kompetenzen" in emails["languages:1:de"].subject
    # No saved preference, or no account at all: English.
    assert sorted(emails["languages:1:en"].to) == sorted([english.email.upper(), "nobody@example.eu"])
    assert "Skills" in emails["languages:1:en"].subject
    assert first is not None
    assert again is None
    assert len(mail.outbox) == 3


def test_recipients_of_one_language_share_one_email_under_the_key_as_given(django_capture_on_commit_callbacks):
    group = factories_groups.group("pfas")
    entry = RosterEntry(group=group, organisation=factories_groups.membership().organisation, role="observer")
    readers = [factories.UserFactory(language="de"), factories.UserFactory(language="de")]

    with django_capture_on_commit_callbacks(execute=True):
        queue_email(
            key="languages:2",
            to=[reader.email for reader in readers],
            template="workinggroups/email/roster_added",
            context={"entry": entry, "group": group},
        )

    email = OutgoingEmail.objects.get()
    assert email.key == "languages:2"
    assert sorted(email.to) == sorted(reader.email for reader in readers)
