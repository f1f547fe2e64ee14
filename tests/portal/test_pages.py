import pytest
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("legal_notice", "Legal notice"),
        ("privacy", "Privacy statement"),
        ("accessibility", "Accessibility statement"),
        ("contact", "Contact"),
    ],
)
def test_footer_page_answers_with_its_heading_and_is_linked_from_every_page(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert f"<title>{heading} — " in html
    assert f'href="{reverse(name)}"' in client.get("/").content.decode()


def test_privacy_statement_names_the_regulation_and_whom_to_ask(client, settings):
    settings.DATA_PROTECTION_EMAIL = "dpo@alliances.example.eu"
    html = client.get(reverse("privacy")).content.decode()
    assert "Regulation (EU) 2018/1725" in html
    assert "mailto:dpo@alliances.example.eu" in html
    assert "How long" in html


def test_accessibility_statement_gives_a_feedback_contact(client, settings):
    settings.ACCESSIBILITY_EMAIL = "a11y@alliances.example.eu"
    html = client.get(reverse("accessibility")).content.decode()
    assert "mailto:a11y@alliances.example.eu" in html


def test_unknown_address_answers_the_portals_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="/contact/"' in html


@override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False)
def test_server_error_answers_the_portals_500_page(settings):
    settings.ROOT_URLCONF = "tests.portal.broken_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


def test_favicon_is_linked(client):
    assert 'rel="icon"' in client.get("/").content.decode()


def test_account_emails_carry_the_portals_name_not_example_com(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "full_name": "Paula Nova",
            "email": "new.person@chips.example",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
    )
    assert mailoutbox, "the sign-up sends a confirmation e-mail"
    message = mailoutbox[-1]
    assert "example.com" not in message.subject + message.body
    assert "Alliance Portal" in message.body
