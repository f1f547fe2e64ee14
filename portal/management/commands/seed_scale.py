"""manage.py seed_scale: a fake alliance at the size of a real one, on top of seed_demo, for measuring.

Bulk (bulk_create, no services, no e-mails): users, organisations, applications in every state with their
answers, signed Declarations (no PDF), snapshots and audit entries, reviewers, assignments and conflicts,
reviews and assessments, clarifications, decisions (no letter PDF), memberships and representatives,
rosters, meetings and attendance. Through the services: the two ballots of the Supply Chains group and
their votes, so that their hash chains verify. It writes fake data, so it runs only with DEBUG on or with
--yes-i-know; run seed_demo first (its logins get the loads), on an otherwise empty database, once.
"""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from portal.scale import EMAIL_DOMAIN, Scale, Size, build


class Command(BaseCommand):
    help = (
        "Fill the database with a fake alliance at the size of a real one (defaults: issue 10's size), on top of "
        "seed_demo. Bulk inserts for organisations, people, applications, answers, signatures, audit entries, "
        "reviews, assessments, decisions, memberships, rosters, meetings and attendance; the services for the "
        "ballots and their votes. Needs DEBUG or --yes-i-know: it writes fake data."
    )

    def add_arguments(self, parser):
        defaults = Size()
        for name, text in (
            ("organisations", "organisations, each with an owner who also represents it"),
            ("applications", "applications in every state"),
            ("reviews", "reviews (Review rows), about --reviewer-load per reviewer"),
            ("members", "active memberships (a tenth more approvals end suspended or ended)"),
            ("roster", "roster entries of the largest working group (Supply Chains)"),
            ("reviewer-load", "reviews per reviewer; the demo reviewer gets about as many"),
            ("seed", "random seed: the same seed gives the same data"),
        ):
            attribute = name.replace("-", "_")
            parser.add_argument(f"--{name}", type=int, default=getattr(defaults, attribute), help=text)
        parser.add_argument("--yes-i-know", action="store_true", help="run without DEBUG (writes fake data)")

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["yes_i_know"]):
            raise CommandError("seed_scale writes fake data: run it with DEBUG=1 or --yes-i-know.")
        if not User.objects.filter(email="decider@commission.example.eu").exists():
            raise CommandError("Run manage.py seed_demo first: seed_scale gives its logins their loads.")
        if User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
            raise CommandError("This database already holds the scale data: seed_scale runs once.")
        size = Size(**{name: options[name] for name in Size.__dataclass_fields__})
        started = time.perf_counter()
        counts = build(Scale(size=size, rng=random.Random(size.seed)), stdout=self.stdout)
        for label, number in counts.items():
            self.stdout.write(f"  {number:>8,}  {label}")
        self.stdout.write(self.style.SUCCESS(f"Scale data ready in {time.perf_counter() - started:.0f} s."))
