"""Commission staff need MFA (allauth TOTP) before any staff page; the real login flow works with TOTP."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["reviewer", "decision_maker", "administrator"])
def test_review_queue_staff_without_mfa_is_sent_to_set_it_up(client, role):
    user = {"reviewer": rf.reviewer, "decision_maker": rf.decision_maker, "administrator": rf.administrator}[role](
        mfa=False
    )
    client.force_login(user)
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_review_application_staff_without_mfa_is_sent_to_set_it_up(client):
    application = rf.submitted_application()
    client.force_login(rf.decision_maker(mfa=False))
    response = client.get(reverse("reviews:decision", args=[application.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_review_queue_staff_with_mfa_is_let_in(client):
    client.force_login(rf.reviewer())
    assert client.get(reverse("reviews:queue")).status_code == 200


def test_review_queue_secretariat_with_mfa_gets_404(client):
    client.force_login(rf.secretariat())
    assert client.get(reverse("reviews:queue")).status_code == 404


def test_review_queue_secretariat_without_mfa_is_sent_to_set_it_up(client):
    """The secretariat sees other organisations' data (rosters, the register): MFA, like Commission staff."""
    client.force_login(rf.secretariat(mfa=False))
    response = client.get(reverse("reviews:queue"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def _password_step(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    return response


def test_totp_login_reviewer_with_correct_code_reaches_the_queue(client):
    user = rf.reviewer()
    _password_step(client, user)
    # Not logged in yet: the staff page still asks for a login.
    assert client.get(reverse("reviews:queue"))["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("mfa_authenticate"), {"code": rf.totp_code()})
    assert response.status_code == 302
    assert client.get(reverse("reviews:queue")).status_code == 200


def test_totp_login_with_wrong_code_is_refused(client):
    user = rf.reviewer()
    _password_step(client, user)
    wrong = "000000" if rf.totp_code() != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200  # the form again, with an error
    assert client.get(reverse("reviews:queue")).status_code == 302


def test_totp_login_recovery_code_works(client):
    user = rf.reviewer()
    codes = RecoveryCodes.activate(user).generate_codes()
    _password_step(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("reviews:queue")).status_code == 200


def test_admin_login_goes_through_allauth_and_totp(client):
    user = factories.UserFactory(is_staff=True, is_superuser=True)
    rf.with_totp(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    _password_step(client, user)
    client.post(reverse("mfa_authenticate"), {"code": rf.totp_code()})
    assert client.get("/admin/").status_code == 200


def test_admin_superuser_without_mfa_is_sent_to_set_it_up(client):
    user = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_admin_staff_user_without_group_or_mfa_is_sent_to_set_it_up(client):
    """is_staff alone opens the Django admin, so it alone requires MFA, whatever the user's groups."""
    client.force_login(factories.UserFactory(is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_admin_staff_user_without_mfa_is_sent_to_set_it_up_from_any_page(client):
    client.force_login(factories.UserFactory(is_staff=True))
    response = client.get(reverse("applications:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_admin_staff_user_with_mfa_reaches_the_admin(client):
    user = factories.UserFactory(is_staff=True)
    rf.with_totp(user)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_admin_staff_secretariat_without_mfa_is_sent_to_set_it_up(client):
    client.force_login(factories.UserFactory(is_staff=True, roles=["Secretariat"]))
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_applicant_without_mfa_is_not_asked_for_it(client):
    client.force_login(factories.UserFactory())
    assert client.get(reverse("applications:dashboard")).status_code == 200


def test_totp_login_code_one_period_ahead_is_accepted(client):
    """A phone clock up to one 30-second step ahead still logs in (MFA_TOTP_TOLERANCE = 1)."""
    user = rf.reviewer()
    _password_step(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": rf.totp_code(offset=1)}).status_code == 302
    assert client.get(reverse("reviews:queue")).status_code == 200


def test_totp_login_code_three_periods_old_is_refused(client):
    user = rf.reviewer()
    _password_step(client, user)
    stale = rf.totp_code(offset=-3)
    if stale in {rf.totp_code(offset=n) for n in (-1, 0, 1)}:
        pytest.skip("the stale code happens to equal a valid one")
    assert client.post(reverse("mfa_authenticate"), {"code": stale}).status_code == 200
    assert client.get(reverse("reviews:queue")).status_code == 302
