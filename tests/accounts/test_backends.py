"""The signed-in person is loaded with their roles in one statement, on SQLite and PostgreSQL alike."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.backends import PersonModelBackend, person_with_role_names
from accounts.roles import DECISION_MAKER, REVIEWER, role_names
from tests import factories

pytestmark = pytest.mark.django_db


def test_person_is_loaded_with_every_role_in_one_query(django_assert_num_queries):
    user = factories.UserFactory(full_name="Rhea Reviewer")
    user.groups.add(*Group.objects.filter(name__in=[REVIEWER, DECISION_MAKER]))
    with django_assert_num_queries(1):
        person = person_with_role_names(user.pk)
        roles = role_names(person)
    assert person.full_name == "Rhea Reviewer" and person.email == user.email
    assert roles == {REVIEWER, DECISION_MAKER}


def test_person_without_a_role_has_none(django_assert_num_queries):
    user = factories.UserFactory()
    with django_assert_num_queries(1):
        assert role_names(person_with_role_names(user.pk)) == frozenset()


def test_unknown_id_loads_nobody(db):
    assert person_with_role_names(999_999) is None


def test_deactivated_person_is_signed_out():
    user = factories.UserFactory(is_active=False)
    assert PersonModelBackend().get_user(user.pk) is None


def test_login_form_signs_in_through_a_role_loading_backend(client):
    user = factories.UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_backend"].startswith("accounts.backends.Person")
    assert client.get(reverse("applications:dashboard")).status_code == 200
