"""The staff-MFA middleware decides from the resolved view, never from a path prefix a client can influence."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/review/", "/admin/", "/members/"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_page_with_script_name_accounts_still_requires_mfa(client, path):
    """SCRIPT_NAME=/accounts made request.path start with /accounts/, which the old prefix list exempted."""
    client.force_login(rf.decision_maker(mfa=False, is_staff=True))
    response = client.get(path, SCRIPT_NAME="/accounts")
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


def test_staff_page_with_forwarded_prefix_still_requires_mfa(client):
    client.force_login(rf.reviewer(mfa=False))
    response = client.get("/review/", SCRIPT_NAME="/healthz", HTTP_X_FORWARDED_PREFIX="/accounts")
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


def test_allauth_pages_are_reachable_without_mfa_to_set_it_up(client):
    client.force_login(rf.reviewer(mfa=False))
    assert client.get(reverse("account_email")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_healthz_is_reachable_without_mfa(client):
    client.force_login(rf.reviewer(mfa=False))
    assert client.get("/healthz").status_code == 200


def test_secretariat_without_mfa_is_sent_to_set_it_up(client):
    client.force_login(rf.secretariat(mfa=False))
    response = client.get(reverse("applications:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_superuser_without_group_or_mfa_is_sent_to_set_it_up(client):
    client.force_login(factories.UserFactory(is_superuser=True))
    response = client.get(reverse("applications:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_redirect_to_mfa_keeps_the_page_asked_for(client):
    client.force_login(rf.reviewer(mfa=False))
    response = client.get("/review/?page=2")
    assert response["Location"] == f"{reverse('mfa_activate_totp')}?next=%2Freview%2F%3Fpage%3D2"


# The MFA gate costs no query once the session was signed in to with TOTP.


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
