from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from accounts.languages import supported_language
from accounts.mfa import enrolment_confirmed, has_second_factor, requires_mfa, user_has_mfa

# Views a user who must have MFA may reach without it: allauth's own account and MFA pages (log in and
# out, set MFA up), the enrolment confirmation, the health check and the language switch. Decided from
# the view the URL resolved to (path_info), never from a path prefix: SCRIPT_NAME and forwarded prefixes
# are in the client's or a proxy's hands.
EXEMPT_VIEW_MODULES = ("allauth.account.", "allauth.mfa.")
EXEMPT_VIEW_NAMES = frozenset({"healthz", "set_language", "accounts:confirm_enrolment"})
# Enrolling the first authenticator needs a fresh e-mail confirmation, not the password alone.
ENROLMENT_VIEW_NAMES = frozenset({"mfa_activate_totp", "mfa_add_webauthn", "mfa_generate_recovery_codes"})


class RequireStaffMFAMiddleware:
    """allauth cannot make MFA mandatory by a setting, so staff are sent to set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        enrolling = match.view_name in ENROLMENT_VIEW_NAMES
        if enrolling and not enrolment_confirmed(request) and not has_second_factor(user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:confirm_enrolment')}?{query}")
        if is_exempt(match) or not requires_mfa(user) or user_has_mfa(user, request):
            return None
        return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")


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


def is_exempt(match) -> bool:
    module = getattr(match.func, "__module__", "") or ""
    return match.view_name in EXEMPT_VIEW_NAMES or module.startswith(EXEMPT_VIEW_MODULES)
