from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from accounts.languages import supported_language
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
            and not user_has_mfa(user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the session's and the browser's (set by LocaleMiddleware).

    Placed after AuthenticationMiddleware; LocaleMiddleware, before it, still sets Content-Language and Vary on
    the way out from the language active then.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = supported_language(user.language) if user.is_authenticated else None
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def requires_mfa(user):
    """Commission staff, and anyone the Django admin lets in (is_staff), whatever their groups."""
    return user.is_authenticated and (user.is_staff or is_commission_staff(user))


def user_has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
