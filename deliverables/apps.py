from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliverablesConfig(AppConfig):
    name = "deliverables"
    verbose_name = _("Deliverables")

    def ready(self):
        # Connects the receivers of the working groups' signals (ballot closed).
        from deliverables import receivers  # noqa: F401
