from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.mfa import session_age_for


@receiver(user_logged_in, dispatch_uid="accounts.session_age")
def limit_session_age(sender, request, user, **kwargs):
    """Sessions of users who see other organisations' data end after a working day, not 14 days."""
    if request is not None and hasattr(request, "session"):
        request.session.set_expiry(session_age_for(user))
