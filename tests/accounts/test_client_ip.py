"""The client IP comes from X-Forwarded-For only as far as our own proxies (TRUSTED_PROXIES) appended it."""

import pytest
from django.test import RequestFactory

from accounts.client_ip import client_ip
from tests import factories


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]


def ip_of(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_client_ip_without_trusted_proxies_is_the_peer_whatever_the_header_says(settings):
    settings.TRUSTED_PROXIES = []
    assert ip_of("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_client_ip_behind_a_trusted_proxy_is_the_right_most_untrusted_address(behind_proxy):
    # The client wrote "1.2.3.4" itself; our proxies appended the real peer and each other.
    assert ip_of("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.1") == "203.0.113.7"


def test_client_ip_from_an_untrusted_peer_ignores_the_header(behind_proxy):
    assert ip_of("198.51.100.9", "10.0.0.1, 1.2.3.4") == "198.51.100.9"


def test_client_ip_with_garbage_in_the_header_stops_at_the_last_trusted_hop(behind_proxy):
    assert ip_of("10.0.0.2", "not-an-ip") == "10.0.0.2"


def test_client_ip_ipv6_behind_a_trusted_proxy(behind_proxy):
    assert ip_of("2001:db8::1", "2001:db8::2, [2a00:1450::5]") == "2a00:1450::5"


@pytest.mark.django_db
def test_login_failures_behind_the_proxy_lock_out_only_the_guessing_client(client, behind_proxy):
    """Ten wrong passwords from one visitor used to lock everyone behind the proxy out for a minute."""
    guesser = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for number in range(10):
        client.post("/accounts/login/", {"login": f"nobody{number}@example.eu", "password": "wrong"}, **guesser)
    refused = client.post("/accounts/login/", {"login": "nobody99@example.eu", "password": "wrong"}, **guesser)
    assert "Too many failed login attempts" in refused.content.decode()

    user = factories.UserFactory()
    colleague = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    response = client.post("/accounts/login/", {"login": user.email, "password": factories.PASSWORD}, **colleague)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_correct_logins_behind_the_proxy_are_counted_per_real_client(client, behind_proxy):
    """allauth allows 30 logins a minute per IP; counted per proxy, the 31st colleague of the day was refused."""
    user = factories.UserFactory()
    for number in range(31):
        client.logout()
        visitor = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": f"198.51.100.{number + 1}"}
        response = client.post("/accounts/login/", {"login": user.email, "password": factories.PASSWORD}, **visitor)
        assert response.status_code == 302, f"login {number + 1} refused"
        assert client.session["_auth_user_id"] == str(user.pk)
