"""Enrolling the first authenticator needs a fresh e-mail code; staff sessions last a working day."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.mfa import without_second_factor
from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def staff_without_mfa():
    user = rf.reviewer(mfa=False)
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()
    return user


def code_from_mail():
    return re.search(r"\b(\d{8})\b", mail.outbox[-1].body).group(1)


def test_totp_activation_without_email_confirmation_is_sent_to_confirm(client):
    client.force_login(staff_without_mfa())
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm_enrolment"))


def test_enrolment_confirmation_emails_a_code_to_the_verified_address(client):
    user = staff_without_mfa()
    client.force_login(user)
    response = client.get(reverse("accounts:confirm_enrolment"))
    assert response.status_code == 200
    assert mail.outbox[-1].to == [user.email]
    assert re.search(r"\b\d{8}\b", mail.outbox[-1].body)


def test_enrolment_confirmation_with_the_right_code_opens_totp_activation(client):
    client.force_login(staff_without_mfa())
    client.get(reverse("accounts:confirm_enrolment"))
    response = client.post(reverse("accounts:confirm_enrolment"), {"code": code_from_mail(), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    # allauth still asks for the password (reauthentication) or shows the form: never our confirmation again.
    activation = client.get(reverse("mfa_activate_totp"))
    assert not activation.get("Location", "").startswith(reverse("accounts:confirm_enrolment"))


def test_enrolment_confirmation_with_a_wrong_code_keeps_activation_closed(client):
    client.force_login(staff_without_mfa())
    client.get(reverse("accounts:confirm_enrolment"))
    wrong = "00000000" if code_from_mail() != "00000000" else "11111111"
    response = client.post(reverse("accounts:confirm_enrolment"), {"code": wrong})
    assert response.status_code == 200
    assert "wrong or has expired" in response.content.decode()
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("accounts:confirm_enrolment"))


def test_enrolment_confirmation_refuses_the_right_code_after_five_wrong_ones(client):
    client.force_login(staff_without_mfa())
    client.get(reverse("accounts:confirm_enrolment"))
    code = code_from_mail()
    for _attempt in range(5):
        client.post(reverse("accounts:confirm_enrolment"), {"code": "x"})
    response = client.post(reverse("accounts:confirm_enrolment"), {"code": code})
    assert response.status_code == 200


def test_enrolment_confirmation_is_not_asked_once_an_authenticator_exists(client):
    client.force_login(rf.reviewer())
    response = client.get(reverse("mfa_activate_totp"))
    assert not response.get("Location", "").startswith(reverse("accounts:confirm_enrolment"))


def test_staff_login_session_lasts_a_working_day(client, settings):
    client.force_login(rf.reviewer())
    assert client.session.get_expiry_age() == settings.MFA_USER_SESSION_AGE == 8 * 3600


def test_applicant_login_session_keeps_the_default_age(client, settings):
    client.force_login(factories.UserFactory())
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_recovery_codes_alone_do_not_open_totp_activation_without_email_confirmation(client):

    user = staff_without_mfa()
    RecoveryCodes.activate(user)
    client.force_login(user)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm_enrolment"))


def test_staff_session_after_password_and_totp_lasts_a_working_day(client, settings):
    user = rf.reviewer()
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": rf.totp_code()})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.get_expiry_age() == settings.MFA_USER_SESSION_AGE


def test_enrolment_confirmation_with_the_mail_server_down_says_so(client, mail_server_down):
    client.force_login(staff_without_mfa())
    response = client.get(reverse("accounts:confirm_enrolment"))
    assert response.status_code == 200
    assert "We could not e-mail you a code" in response.content.decode()
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("accounts:confirm_enrolment"))


def test_without_second_factor_lists_staff_with_no_app_and_nobody_else():
    unequipped = rf.reviewer(mfa=False)
    codes_only = rf.secretariat(mfa=False)
    RecoveryCodes.activate(codes_only)
    superuser = factories.UserFactory(is_superuser=True)
    rf.reviewer()  # has an authenticator app
    factories.UserFactory()  # an applicant: needs no second factor
    factories.UserFactory(roles=[roles.REVIEWER], is_active=False)  # cannot log in at all

    assert set(without_second_factor()) == {unequipped, codes_only, superuser}
