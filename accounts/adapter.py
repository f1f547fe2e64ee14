from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from accounts.client_ip import client_ip
from accounts.languages import saved_language_of_email


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's rate limits count per client IP: the real one, not our proxy's (accounts/client_ip.py)."""
        return client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails (confirmation, password reset, ...) in the recipient's saved language, else the page's."""
        language = saved_language_of_email(email) or translation.get_language()
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)
