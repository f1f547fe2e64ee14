"""The MFA gate for staff costs no query once the session was signed in to with TOTP."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def _authenticator_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response, [q["sql"] for q in captured.captured_queries if "mfa_authenticator" in q["sql"]]


def test_staff_page_after_totp_login_asks_no_authenticator_query(client):
    user = rf.reviewer()
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": rf.totp_code()})

    response, queries = _authenticator_queries(client, reverse("reviews:queue"))

    assert response.status_code == 200 and queries == []


def test_staff_page_of_a_session_without_totp_still_checks_the_authenticator(client):
    client.force_login(rf.reviewer())

    response, queries = _authenticator_queries(client, reverse("reviews:queue"))

    assert response.status_code == 200 and len(queries) == 1


def test_staff_without_authenticator_is_still_sent_to_set_it_up(client):
    client.force_login(rf.reviewer(mfa=False))

    response = client.get(reverse("reviews:queue"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))
