"""The pages every public-sector portal owes its users: legal notice, privacy, accessibility, contact."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

PAGES = {
    "legal-notice": "pages/legal_notice.html",
    "privacy": "pages/privacy.html",
    "accessibility": "pages/accessibility.html",
    "contact": "pages/contact.html",
}


def _contacts() -> dict[str, str]:
    return {
        "contact_email": settings.CONTACT_EMAIL,
        "data_protection_email": settings.DATA_PROTECTION_EMAIL,
        "accessibility_email": settings.ACCESSIBILITY_EMAIL,
    }


@require_safe
def page(request, slug: str):
    return render(request, PAGES[slug], _contacts())
