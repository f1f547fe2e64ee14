"""allauth speaks the reader's language: its messages and e-mails (accounts/adapter.py)."""

import pytest
from django.contrib.messages import get_messages
from django.utils import translation
from django.utils.translation import gettext

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_login_message_is_in_the_saved_language_not_the_browsers(client):
    person = factories.UserFactory(full_name="Lena Weber", language="de")

    response = client.post(
        "/accounts/login/",
        {"login": person.email, "password": factories.PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en-GB",
    )

    with translation.override("de"):
        german = gettext("Successfully signed in as %(name)s.") % {"name": "Lena Weber"}
    assert german != "Successfully signed in as Lena Weber."
    assert [str(message) for message in get_messages(response.wsgi_request)] == [german]


def test_the_login_message_follows_the_browser_without_a_saved_language(client):
    person = factories.UserFactory(full_name="Nora Neu", language="")

    response = client.post(
        "/accounts/login/", {"login": person.email, "password": factories.PASSWORD}, HTTP_ACCEPT_LANGUAGE="fr"
    )

    with translation.override("fr"):
        french = gettext("Successfully signed in as %(name)s.") % {"name": "Nora Neu"}
    assert [str(message) for message in get_messages(response.wsgi_request)] == [french]
