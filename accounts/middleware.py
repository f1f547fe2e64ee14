from allauth.account.authentication import get_authentication_records
from django.shortcuts import redirect
from django.urls import reverse

from accounts.roles import is_commission_staff

# Pages a staff user without MFA may still reach: setting MFA up, logging out, static health checks.
ALLOWED_PREFIXES = ("/accounts/", "/healthz", "/static/", "/i18n/")


class RequireStaffMFAMiddleware:
    """allauth cannot make MFA mandatory by a setting, so staff are sent to set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and requires_mfa(user)
            and not user_has_mfa(user, request)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


def requires_mfa(user):
    """Commission staff, and anyone the Django admin lets in (is_staff), whatever their groups."""
    return user.is_authenticated and (user.is_staff or is_commission_staff(user))


def user_has_mfa(user, request=None):
    """Whether the user has a TOTP authenticator.

    One used to sign in to this session answers without a query (allauth records it in the session): every
    page of a signed-in member of staff would otherwise ask the database again.
    """
    from allauth.mfa.models import Authenticator

    if request is not None and any(
        record.get("method") == "mfa" and record.get("type") == Authenticator.Type.TOTP
        for record in get_authentication_records(request, user)
    ):
        return True
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
