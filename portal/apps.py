from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Alliance Portal"

    def ready(self):
        # Inside ready(): both modules import models, which exist only once the app registry is ready.
        from portal import checks  # noqa: F401, PLC0415 - registers the deployment checks
        from portal.site import sync_site  # noqa: PLC0415

        # The portal has no models, so it gets no post_migrate of its own: follow the sites app's.
        post_migrate.connect(sync_site, sender=apps.get_app_config("sites"), dispatch_uid="portal.sync_site")
