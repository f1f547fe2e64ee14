"""Public pages come from the cache for anonymous visitors, and are forgotten as soon as what they show changes."""

import pytest
from django.test import Client
from django.urls import reverse

from memberships.models import Membership
from tests import factories
from tests.factories import groups as fg
from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_public_list_is_rendered_once_for_anonymous_visitors(client, django_assert_num_queries):
    fg.membership(factories.OrganisationFactory(legal_name="Cached Chips B.V."))
    first = client.get(reverse("memberships:public"))
    with django_assert_num_queries(0):
        second = Client().get(reverse("memberships:public"))
    assert second.status_code == 200 and second.content == first.content
    assert "Cached Chips B.V." in second.content.decode()


def test_public_list_shows_a_new_member_at_once(client):
    client.get(reverse("memberships:public"))
    fg.membership(factories.OrganisationFactory(legal_name="Newly Admitted GmbH"))
    assert "Newly Admitted GmbH" in Client().get(reverse("memberships:public")).content.decode()


def test_public_list_drops_a_suspended_member_at_once(client):
    membership = fg.membership(factories.OrganisationFactory(legal_name="Soon Suspended SA"))
    assert "Soon Suspended SA" in client.get(reverse("memberships:public")).content.decode()
    membership.state = Membership.State.SUSPENDED
    membership.save()
    assert "Soon Suspended SA" not in Client().get(reverse("memberships:public")).content.decode()


def test_public_page_is_cached_per_language(client):
    english = Client().get(reverse("home"), headers={"accept-language": "en"}).content.decode()
    french = Client().get(reverse("home"), headers={"accept-language": "fr"}).content.decode()
    german = Client().get(reverse("home"), headers={"accept-language": "de"}).content.decode()
    assert 'lang="en"' in english and 'lang="fr"' in french and 'lang="de"' in german


def test_signed_in_person_never_gets_the_cached_page(client):
    user = factories.UserFactory(full_name="Anna Schmidt")
    Client().get(reverse("memberships:public"))
    body = login(client, user).get(reverse("memberships:public")).content.decode()
    assert "Log out" in body and "csrfmiddlewaretoken" in body


def test_cached_public_page_carries_no_csrf_token_and_its_language_switch_works():
    visitor = Client(enforce_csrf_checks=True)
    body = visitor.get(reverse("home")).content.decode()
    assert "csrfmiddlewaretoken" not in body
    response = visitor.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "de"


def test_signed_in_language_switch_still_needs_the_csrf_token():
    user = factories.UserFactory(language="en")
    person = Client(enforce_csrf_checks=True)
    person.force_login(user)
    assert person.post(reverse("set_language"), {"language": "de", "next": "/"}).status_code == 403
    user.refresh_from_db()
    assert user.language == "en"
