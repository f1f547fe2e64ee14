from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliverablesConfig(AppConfig):
    name = "deliverables"
    verbose_name = _("Deliverables")

    def ready(self):
        from deliverables import receivers  # noqa: F401, PLC0415 - connects the receivers once the apps are loaded
