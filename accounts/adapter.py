from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from accounts.client_ip import client_ip
from accounts.languages import saved_language_of_email, supported_language


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's rate limits count per client IP: the real one, not our proxy's (accounts/client_ip.py)."""
        return client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails (confirmation, password reset, ...) in the recipient's saved language, else the page's."""
        language = saved_language_of_email(email) or translation.get_language()
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        """allauth's messages in the language of the page that shows them: a signed-in person's saved language.

        "Successfully signed in" is written during the login request, still in the browser's language, and shown
        on the next page, already in the person's own (UserLanguageMiddleware).
        """
        user = getattr(request, "user", None)
        saved = supported_language(user.language) if user is not None and user.is_authenticated else None
        with translation.override(saved or translation.get_language()):
            super().add_message(request, level, message_template, message_context, extra_tags, message)
