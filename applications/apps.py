from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        # Imported for its side effect: it connects the receivers to the alliances app's signals.
        from applications import receivers  # noqa: F401, PLC0415 - connects the receivers once the app registry is ready
