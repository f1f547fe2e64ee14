"""The portal's name and address in the sites framework, kept in step with settings after every migrate.

allauth's e-mails greet and sign with `Site.name`; without this they would say "example.com".
"""

from urllib.parse import urlsplit

from django.conf import settings


def sync_site(sender=None, *, using: str = "default", apps=None, **kwargs) -> None:
    """post_migrate receiver; `apps` is the migrated state, which lacks the Site model until sites is migrated."""
    try:
        Site = apps.get_model("sites", "Site")  # noqa: N806 - a model class
    except (AttributeError, LookupError):
        return
    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain[:100], "name": settings.PORTAL_NAME[:50]}
    )
