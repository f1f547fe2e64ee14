"""A fake alliance at the size of a real one, for measuring (manage.py seed_scale).

What is bulk (bulk_create, no service, no e-mail): users, organisations and the people acting for them,
applications in every state with their answers, signed Declarations (text and SHA-256, no PDF), snapshots
and audit entries of their moves, reviewers, assignments, conflicts, reviews and assessments,
clarification requests, decisions (no letter PDF), memberships, representatives, roster entries, meetings
and attendance. What goes through the services: the ballots (open_ballot fixes the eligible
organisations, cast_vote chains every vote, close_ballot freezes the result), so that verify_ballots holds.
The demo logins of seed_demo (run it first) get realistic loads: see demo_loads.
"""

import time

from django.db import connection, transaction
from django.test.utils import override_settings

from accounts.models import User
from organisations.models import OrganisationUser
from portal.scale import applications, groups, organisations, reviews
from portal.scale.common import Scale, Size, bulk
from portal.scale.organisations import EMAIL_DOMAIN

__all__ = ["EMAIL_DOMAIN", "Scale", "Size", "build"]

APPLICANT = "applicant@silicon.example.eu"
APPLICANT_EXTRA_ORGANISATIONS = 6


def build(scale: Scale, *, stdout) -> dict:
    """Everything in one transaction, so that a failed run leaves nothing half made."""
    steps = [
        ("organisations", lambda state: organisations.build(scale)),
        ("applications", lambda state: applications.build(scale, state["organisations"])),
        ("reviews", lambda state: reviews.build(scale, state["applications"])),
        ("memberships", lambda state: groups.build_memberships(scale, state["applications"])),
        ("groups", lambda state: groups.build_groups(scale, state["memberships"])),
        ("demo", lambda state: demo_loads(scale, state["applications"])),
    ]
    state = {}
    # The e-mails of the ballots (sent on commit) are recorded, not printed, as seed_demo does.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        for name, step in steps:
            started = time.perf_counter()
            state[name] = step(state)
            stdout.write(f"  {name}: {time.perf_counter() - started:.1f} s")
    # The planner's statistics, as autovacuum would gather them in a while on a real database: without them
    # PostgreSQL plans every query as if the tables were still nearly empty, and the measures would mislead.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return scale.counts


def demo_loads(scale: Scale, applications_made: list) -> None:
    """The demo applicant also acts (as an editor) for organisations whose applications are in every state.

    The demo reviewer's ~200 assignments, the decision maker's whole queue and the representatives' rosters of
    hundreds come from the other parts; this adds what only the applicant needs.
    """
    applicant = User.objects.filter(email=APPLICANT).first()
    if applicant is None:
        return
    chosen, states = [], set()
    for application in applications_made:
        if application.state not in states and application.organisation not in chosen:
            states.add(application.state)
            chosen.append(application.organisation)
        if len(chosen) == APPLICANT_EXTRA_ORGANISATIONS:
            break
    links = [
        OrganisationUser(organisation=o, user=applicant, role=OrganisationUser.Role.EDITOR, created_at=scale.now)
        for o in chosen
    ]
    bulk(scale, OrganisationUser, links, "people acting for organisations")
