import pytest
from django.urls import reverse

from accounts.models import User
from tests import factories
from tests.helpers import login

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 42"


def test_signup_asks_for_the_full_name_and_keeps_it(client):
    client.post(
        "/accounts/signup/",
        {"full_name": "  Maria   Rossi ", "email": "maria@chips.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get(email="maria@chips.example").full_name == "Maria Rossi"


def test_signup_without_a_name_is_refused_next_to_the_field(client):
    response = client.post(
        "/accounts/signup/", {"email": "nameless@chips.example", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="nameless@chips.example").exists()
    assert "This field is required." in response.content.decode()


def test_account_without_a_name_is_asked_once_then_returns_where_it_was_going(client):
    person = factories.UserFactory(full_name="")
    login(client, person)

    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('account_name')}?next=%2Forganisations%2F"

    page = client.get(response.headers["Location"])
    assert "you are asked only once" in page.content.decode()
    saved = client.post(reverse("account_name"), {"full_name": "Jan de Vries", "next": "/organisations/"})
    assert saved.headers["Location"] == "/organisations/"
    person.refresh_from_db()
    assert person.full_name == "Jan de Vries"
    assert client.get("/organisations/").status_code == 200


def test_name_page_refuses_an_empty_name_with_a_summary_linking_to_the_field(client):
    login(client, factories.UserFactory(full_name=""))
    response = client.post(reverse("account_name"), {"full_name": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_full_name"' in html


def test_name_page_never_redirects_off_site(client):
    login(client, factories.UserFactory(full_name=""))
    response = client.post(reverse("account_name"), {"full_name": "Ana Silva", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_account_pages_and_logout_stay_reachable_without_a_name(client):
    login(client, factories.UserFactory(full_name=""))
    assert client.get("/accounts/email/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
