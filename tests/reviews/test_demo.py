"""The demo seed: staff logins with TOTP, reviews and decisions on the demo applications; idempotent."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from applications import demo as application_demo
from applications.models import Application
from memberships.models import Membership
from reviews import demo
from reviews.models import Assignment, Decision
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def test_seed_creates_staff_reviews_and_decisions_idempotently():
    application_demo.seed(stdout=io.StringIO())
    logins = demo.seed(stdout=io.StringIO())
    emails = [email for _label, email in logins]
    assert "reviewer1@commission.example.eu" in emails and "decider@commission.example.eu" in emails
    assert Decision.objects.count() == 3
    assert Membership.objects.filter(state="active").count() == 2
    assert Application.objects.filter(state="rejected").count() == 1
    assert Application.objects.filter(state="clarification_requested").count() == 1
    counts = (Assignment.objects.count(), Decision.objects.count())
    demo.seed(stdout=io.StringIO())
    assert (Assignment.objects.count(), Decision.objects.count()) == counts


def test_demo_totp_prints_the_current_code():
    demo.seed(stdout=io.StringIO())
    out, err = io.StringIO(), io.StringIO()
    call_command("demo_totp", "reviewer1@commission.example.eu", stdout=out, stderr=err)
    assert out.getvalue().strip() == rf.totp_code(demo.DEMO_TOTP_SECRET)


def test_demo_totp_refuses_a_real_users_authenticator():
    person = rf.reviewer()
    with pytest.raises(CommandError):
        call_command("demo_totp", person.email, stdout=io.StringIO(), stderr=io.StringIO())


def test_demo_totp_login_works_with_the_printed_code(client):
    demo.seed(stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_totp", "decider@commission.example.eu", stdout=out, stderr=io.StringIO())
    client.post(reverse("account_login"), {"login": "decider@commission.example.eu", "password": DEMO_PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": out.getvalue().strip()})
    assert client.get(reverse("reviews:queue")).status_code == 200
