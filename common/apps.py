from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

from common import table_versions


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        connection_created.connect(table_versions.install, dispatch_uid="common.table_versions.install")
        # Every deploy migrates: a page kept by the code before it must not be served by the code after it.
        # (Sent once for each app with models: moving the version again costs nothing.)
        post_migrate.connect(table_versions.after_migrate, dispatch_uid="common.table_versions.migrate")
