"""Helpers for the demo data that `make run` loads (manage.py seed_demo)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User

DEMO_PASSWORD = "alliance-demo-2026"  # noqa: S105 - printed by `make run` for the demo logins only

# The demo people who read the portal in French or German (everyone else: English), so that each language has
# logins on the applicant's side and on the Commission's and secretariat's side.
DEMO_LANGUAGES = {
    "editor@silicon.example.eu": "fr",
    "bearbeiterin@silicon.example.eu": "de",
    "reviewer2@commission.example.eu": "fr",
    "representative@epf.example.eu": "fr",
    "decider@commission.example.eu": "de",
    "secretariat@allpros.example.eu": "de",
}


def demo_user(email, full_name, roles=(), *, is_staff=False, is_superuser=False):
    """A verified demo account (idempotent), in its language of DEMO_LANGUAGES (else English)."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
            "language": DEMO_LANGUAGES.get(email, "en"),
        },
    )
    if not user.language:  # a demo database seeded before the portal had languages
        user.language = DEMO_LANGUAGES.get(email, "en")
        user.save(update_fields=["language"])
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if roles:
        user.groups.add(*Group.objects.filter(name__in=roles))
    return user
