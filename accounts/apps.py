from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Inside ready(): the receivers import models, which exist only once the apps are loaded.
        from accounts import receivers  # noqa: F401  (connects them)
