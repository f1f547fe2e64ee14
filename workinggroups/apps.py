from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkinggroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = _("Working groups")

    def ready(self) -> None:
        # Imported for its side effect: connecting the receivers of the memberships' signals (needs the app
        # registry ready, so it cannot sit at module top).
        from workinggroups import receivers  # noqa: F401, PLC0415 - connects the receivers once the app registry is ready
