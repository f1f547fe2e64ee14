from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Alliance Portal"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from portal import checks  # noqa: F401  (registers the deployment checks)
        from portal.site import sync_site

        # The portal has no models, so it gets no post_migrate of its own: follow the sites app's.
        post_migrate.connect(sync_site, sender=apps.get_app_config("sites"), dispatch_uid="portal.sync_site")
