"""A person's saved language: looked up by address for e-mails, allauth's included, and offered in the admin."""

import pytest
from django.core import mail

from accounts.languages import language_of, languages_by_email, saved_language_of_email
from tests import factories
from tests.factories import groups as factories_groups

pytestmark = pytest.mark.django_db


def test_a_password_reset_email_is_in_the_recipients_saved_language_not_the_pages(client):
    person = factories.UserFactory(language="de")

    client.post("/accounts/password/reset/", {"email": person.email}, headers={"accept-language": "fr"})

    assert len(mail.outbox) == 1
    # allauth's own German ("Passwort zurücksetzen"), not its French ("Réinitialisation du mot de passe").
    assert "Passwort" in mail.outbox[0].subject
    assert "mot de passe" not in mail.outbox[0].subject


def test_a_person_without_a_saved_language_gets_the_pages_language(client):
    person = factories.UserFactory(language="")

    client.post("/accounts/password/reset/", {"email": person.email}, headers={"accept-language": "fr"})

    assert "mot de passe" in mail.outbox[0].subject


def test_languages_of_addresses_default_to_english():
    german = factories.UserFactory(language="de")
    nothing_saved = factories.UserFactory(language="")

    assert languages_by_email([german.email.upper(), nothing_saved.email, "nobody@example.eu"]) == {
        german.email.upper(): "de",
        nothing_saved.email: "en",
        "nobody@example.eu": "en",
    }
    assert saved_language_of_email(nothing_saved.email) is None
    assert language_of(german) == "de"
    assert language_of(None) == "en"


def test_the_admin_offers_the_portals_languages(client):
    client.force_login(factories_groups.with_totp(factories.UserFactory(is_staff=True, is_superuser=True)))
    person = factories.UserFactory(language="fr")

    page = client.get(f"/admin/accounts/user/{person.pk}/change/").content.decode()

    assert '<option value="fr" selected>French</option>' in page
    assert '<option value="de">German</option>' in page
