from django.apps import AppConfig
from django.db.backends.signals import connection_created

from common import table_versions


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

    def ready(self) -> None:
        connection_created.connect(table_versions.install, dispatch_uid="common.table_versions.install")
