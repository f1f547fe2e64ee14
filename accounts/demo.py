"""Helpers for the demo data that `make run` loads (manage.py seed_demo)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User

DEMO_PASSWORD = "alliance-demo-2026"  # noqa: S105 - printed by `make run` for the demo logins only


def demo_user(email, full_name, roles=(), *, is_staff=False, is_superuser=False):
    """A verified demo account (idempotent)."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": is_staff, "is_superuser": is_superuser}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if roles:
        user.groups.add(*Group.objects.filter(name__in=roles))
    return user
