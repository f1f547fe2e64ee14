import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = (
        "Run `migrate` connected as the tables' owner (MIGRATION_DATABASE_URL) instead of the application's role "
        "(DATABASE_URL), which owns no table. Other arguments are passed to migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("migrate_args", nargs="*")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, migrate_args, interactive, **options):
        if not settings.MIGRATION_DATABASE_URL:
            raise CommandError("MIGRATION_DATABASE_URL is not set: run `manage.py migrate` as the owner instead.")
        owner = dj_database_url.parse(settings.MIGRATION_DATABASE_URL, conn_max_age=0)
        connection = connections[DEFAULT_DB_ALIAS]
        connection.close()
        original = dict(connection.settings_dict)
        # The same database under the owner's credentials, for this process only: data migrations that
        # write through the default alias (as most do) then write as the owner too.
        for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT"):
            connection.settings_dict[key] = owner[key]
        try:
            call_command("migrate", *migrate_args, interactive=interactive, verbosity=options["verbosity"])
        finally:
            connection.close()
            connection.settings_dict.update(original)
