"""seed_demo's logins and TOTP secret are public: it refuses to run unless DEBUG is on."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_without_debug_refuses_and_creates_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG=1"):
        call_command("seed_demo")
    assert not User.objects.filter(email__endswith="@commission.example.eu").exists()
