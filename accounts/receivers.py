"""What accounts does when allauth signs someone up."""

from allauth.account.signals import user_signed_up
from django.dispatch import receiver
from django.utils.translation import get_language

from accounts.languages import save_language


@receiver(user_signed_up)
def keep_the_language_of_sign_up(sender, request, user, **kwargs):
    """Whoever signs up in French gets their e-mails in French from then on (they can change it in the header)."""
    if not user.language:
        save_language(user=user, language=get_language() or "")
