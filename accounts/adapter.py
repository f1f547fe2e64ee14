from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from accounts.languages import saved_language_of_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails (confirmation, password reset, ...) in the recipient's saved language, else the page's."""

    def send_mail(self, template_prefix, email, context):
        language = saved_language_of_email(email) or translation.get_language()
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)
