from django.core.management.base import BaseCommand, CommandError

from audit.verification import verify_trail
from workinggroups.models import Ballot
from workinggroups.vote_chain import verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit trail the ballots are anchored in, then the SHA-256 chain of cast ballots of every ballot "
        "(or of the ones given); fail if a row changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("ballot_ids", nargs="*", type=int, help="Only these ballots.")

    def handle(self, *args, ballot_ids=(), **options):
        ballots = Ballot.objects.order_by("pk")
        if ballot_ids:
            ballots = ballots.filter(pk__in=ballot_ids)
        # A ballot's chain is compared with its latest vote entry in the audit trail: that entry is evidence only
        # while the trail holds (a forged entry there could vouch for rewritten rows).
        trail = verify_trail()
        if not trail.ok:
            raise CommandError(
                f"The audit trail the ballots are anchored in is broken at entry #{trail.broken_id}: "
                f"{trail.problem}. Run verify_audit."
            )
        broken = 0
        for ballot in ballots:
            check = verify_chain(ballot)
            if check.intact:
                self.stdout.write(f"ok       ballot {ballot.pk}: {check.links} cast ballot(s) chained")
            else:
                broken += 1
                for problem in check.problems:
                    self.stdout.write(f"TAMPERED ballot {ballot.pk}: {problem}")
        if broken:
            raise CommandError(f"{broken} ballot(s) failed verification.")
        self.stdout.write(self.style.SUCCESS("Every ballot's chain is intact."))
