import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from reviews.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo Commission login (only for the demo's public secret)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        authenticator = Authenticator.objects.filter(user__email__iexact=email, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            raise CommandError(f"{email} has no TOTP authenticator (run manage.py seed_demo first).")
        secret = decrypt(authenticator.data["secret"])
        if secret != DEMO_TOTP_SECRET:
            # Never reveal the code of a real person's authenticator.
            raise CommandError(f"{email} does not use the demo TOTP secret.")
        now = int(time.time())
        code = format_hotp_value(hotp_value(secret, now // app_settings.TOTP_PERIOD))
        remaining = app_settings.TOTP_PERIOD - now % app_settings.TOTP_PERIOD
        self.stdout.write(code)
        self.stderr.write(f"valid for {remaining} more seconds (secret {DEMO_TOTP_SECRET} for an authenticator app)")
