import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from accounts.demo import DEMO_PASSWORD
from accounts.models import User

# Each app seeds its own part, in the order the life of an application goes.
SEEDERS = ["applications.demo", "reviews.demo", "workinggroups.demo", "deliverables.demo"]


class Command(BaseCommand):
    help = "Load demo organisations, applications in every state and a login for each role (idempotent)."

    def handle(self, *args, **options):
        # The demo logins share a public password and a public TOTP secret: never in production.
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo runs only with DEBUG=1 (make run sets it): its logins and TOTP secret are public."
            )
        logins = []
        for module_name in SEEDERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            # The demo's own notifications are recorded, not printed: the console stays readable.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                logins.extend(module.seed(stdout=self.stdout))
        port = settings.SITE_URL
        self.stdout.write(self.style.SUCCESS(f"\nDemo data ready. Log in at {port}/accounts/login/ with:"))
        # Each login reads the portal (pages, e-mails, PDFs) in its saved language, shown after it.
        languages = dict(
            User.objects.filter(email__in=[email for _role, email in logins]).values_list("email", "language")
        )
        names = dict(settings.LANGUAGES)
        width = max((len(role) for role, _email in logins), default=10)
        email_width = max((len(email) for _role, email in logins), default=10)
        for role, email in logins:
            language = languages.get(email)
            suffix = f"  {names.get(language, language)}" if language else ""
            self.stdout.write(f"  {role.ljust(width)}  {email.ljust(email_width)}{suffix}".rstrip())
        self.stdout.write(f"  Password for every demo login: {DEMO_PASSWORD}")
        self.stdout.write("  E-mails (verification, receipts) are printed on this console.")
