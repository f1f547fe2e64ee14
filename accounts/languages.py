"""Which language a person reads: their saved preference, else English (settings.LANGUAGE_CODE).

Pages follow the request (the saved preference, else the browser's); e-mails and PDFs, which leave without a
request, follow the recipient's saved preference alone.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import get_supported_language_variant

from accounts.models import User


def supported_language(code: str | None) -> str | None:
    """The code of settings.LANGUAGES that `code` names (e.g. "de-AT" -> "de"), or None."""
    if not code:
        return None
    try:
        return get_supported_language_variant(code)
    except LookupError:
        return None


def language_of(user: User | None) -> str:
    """The language to write to `user` in: their saved preference, else the portal's default."""
    return supported_language(getattr(user, "language", "")) or settings.LANGUAGE_CODE


def saved_language_of_email(address: str) -> str | None:
    """The saved language of the person with this address, or None (no such person, or nothing saved)."""
    saved = User.objects.filter(email=address.lower()).values_list("language", flat=True).first()
    return supported_language(saved)


def languages_by_email(addresses: Iterable[str]) -> dict[str, str]:
    """{address: language} for each address; an address without a user (or a preference) gets the default."""
    addresses = list(addresses)
    saved = dict(
        User.objects.filter(email__in=[address.lower() for address in addresses]).values_list("email", "language")
    )
    return {address: supported_language(saved.get(address.lower())) or settings.LANGUAGE_CODE for address in addresses}


def save_language(*, user: User, language: str) -> bool:
    """Save `language` as the user's preference; False (nothing saved) for a language the portal lacks."""
    code = supported_language(language)
    if code is None or not user.is_authenticated:
        return False
    if user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return True
