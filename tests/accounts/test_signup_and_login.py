import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-and-unusual-passphrase-42"


def test_signup_requires_email_verification_before_the_portal_opens(client):
    response = client.post(
        "/accounts/signup/",
        {"full_name": "Nora Neu", "email": "new@example.eu", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.headers["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new@example.eu")
    assert not EmailAddress.objects.get(user=user).verified
    assert "confirm-email" in mail.outbox[-1].body

    login = client.post("/accounts/login/", {"login": "new@example.eu", "password": PASSWORD})
    assert login.headers["Location"] == "/accounts/confirm-email/"
    assert client.get("/applications/").status_code == 302


def test_email_confirmation_link_verifies_the_address_and_logs_in(client):
    client.post(
        "/accounts/signup/",
        {"full_name": "Nora Neu", "email": "new@example.eu", "password1": PASSWORD, "password2": PASSWORD},
    )
    link = re.search(r"http://\S+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)

    client.post(link)

    assert EmailAddress.objects.get(email="new@example.eu").verified
    assert client.get("/applications/").status_code == 200


def test_signup_refuses_a_short_password_next_to_the_field(client):
    response = client.post(
        "/accounts/signup/",
        {"full_name": "Xavier Court", "email": "x@example.eu", "password1": "short", "password2": "short"},
    )

    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_login_is_rate_limited_after_repeated_failures(client):
    user = factories.UserFactory(email="target@example.eu")

    for _ in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "wrong-password"})
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post("/accounts/login/", {"login": user.email, "password": factories.PASSWORD})

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link(client):
    factories.UserFactory(email="forgetful@example.eu")

    client.post("/accounts/password/reset/", {"email": "forgetful@example.eu"})

    assert mail.outbox[-1].to == ["forgetful@example.eu"]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_logged_in_user_lands_on_their_home(client, applicant):
    client.force_login(applicant)

    response = client.get("/")

    assert response.status_code == 200
    assert "Your applications" in response.content.decode()


def test_home_page_lists_the_open_alliances(client, db):
    html = client.get("/").content.decode()

    assert "Alliance on Processors and Semiconductor Technologies" in html
    assert "European Alliance for Industrial Data, Edge and Cloud" in html


def test_password_reset_link_sets_a_new_password_that_logs_in(client):
    user = factories.UserFactory(email="forgetful@example.eu")
    new_password = "another-long-and-unusual-passphrase-17"
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)

    # allauth moves the key from the address into the session, then shows the form on a key-less address.
    form_page = client.get(link)
    assert form_page.status_code == 302
    set_password_url = form_page.headers["Location"]
    assert client.get(set_password_url).status_code == 200
    done = client.post(set_password_url, {"password1": new_password, "password2": new_password})
    assert done.headers["Location"] == "/accounts/password/reset/key/done/"

    old = client.post("/accounts/login/", {"login": user.email, "password": factories.PASSWORD})
    assert "_auth_user_id" not in client.session
    assert old.status_code == 200
    login = client.post("/accounts/login/", {"login": user.email, "password": new_password})
    assert login.headers["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    # The link works once: a second visit is refused.
    client.logout()
    assert "Bad Token" in client.get(link, follow=True).content.decode()
