"""What accounts does when people sign up and log in."""

from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import get_language

from accounts.languages import save_language
from accounts.mfa import session_age_for


@receiver(user_logged_in, dispatch_uid="accounts.session_age")
def limit_session_age(sender, request, user, **kwargs):
    """Sessions of users who see other organisations' data end after a working day, not 14 days."""
    if request is not None and hasattr(request, "session"):
        request.session.set_expiry(session_age_for(user))


@receiver(user_signed_up)
def keep_the_language_of_sign_up(sender, request, user, **kwargs):
    """Whoever signs up in French gets their e-mails in French from then on (they can change it in the header)."""
    if not user.language:
        save_language(user=user, language=get_language() or "")
