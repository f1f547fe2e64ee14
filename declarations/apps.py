from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = _("Declarations")

    def ready(self):
        # Imported for its side effect: it connects the receivers to the applications app's signals.
        from declarations import receivers  # noqa: F401, PLC0415 - connects the receivers once the app registry is ready
