"""SQL queries and median response time of the main pages, with 1 row and with N rows.

.venv/bin/python bench/pages.py [N] [RUNS]   (defaults 100 and 20)
DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/pages.py   (on PostgreSQL)

It builds its data with the test factories in a throwaway test database (never the portal's own),
requests each page through Django's test client as the role that uses it, and prints one line per
page and size: the number of SQL queries and the median time of RUNS requests. Equal query counts
for 1 and N rows are what "bounded" means; the times are this machine's, for comparison over time.
"""

import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
# WhiteNoise serves collected files in production; here the finders serve them, as in the tests.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def measure(client, address, runs):
    client.get(address)  # warm-up: templates compile once per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    # Counted now: every request_started clears the query log that `captured_queries` reads lazily.
    query_count = len(queries.captured_queries)
    if response.status_code != 200:
        raise SystemExit(f"{address} answered {response.status_code}")
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(address)
        timings.append(time.perf_counter() - start)
    return query_count, statistics.median(timings) * 1000


def applicant_dashboard(rows):
    from tests import factories  # noqa: PLC0415 - after django.setup() in main()

    user = factories.UserFactory()
    for _ in range(rows):
        factories.ApplicationFactory(organisation=factories.OrganisationFactory(owner=user), created_by=user)
    return user, "/applications/"


def review_queue(rows):
    from tests import factories  # noqa: PLC0415 - after django.setup() in main()
    from tests.factories import reviews as rf  # noqa: PLC0415 - after django.setup() in main()

    boss = rf.decision_maker()
    for _ in range(rows):
        factories.submitted_application()
    return boss, "/review/"


def decision_page(rows):
    from tests.factories import reviews as rf  # noqa: PLC0415 - after django.setup() in main()

    boss = rf.decision_maker()
    application = rf.reviewed_application(n_reviewers=min(rows, 10) if rows > 1 else 1, by=boss)
    return boss, f"/review/{application.pk}/decision/"


def working_group_roster(rows):
    from tests.factories import groups as fg  # noqa: PLC0415 - after django.setup() in main()

    group = fg.group()
    for _ in range(rows):
        fg.voter(group)
    return fg.secretariat(), f"/groups/{group.pk}/"


def member_directory(rows):
    from tests.factories import groups as fg  # noqa: PLC0415 - after django.setup() in main()

    for _ in range(rows):
        fg.membership()
    return fg.secretariat(), "/members/directory/"


def ballot_page(rows):
    from tests.factories import groups as fg  # noqa: PLC0415 - after django.setup() in main()
    from workinggroups import services  # noqa: PLC0415 - after django.setup() in main()

    group = fg.group()
    voters = [fg.voter(group) for _ in range(rows)]
    ballot = fg.ballot(group)
    for person, organisation in voters:
        services.cast_vote(ballot=ballot, organisation=organisation, choice=ballot.options[0], by=person)
    return voters[0][0], f"/groups/ballots/{ballot.pk}/"


PAGES = [
    ("applicant dashboard (applications)", applicant_dashboard),
    ("review queue (submitted applications)", review_queue),
    ("decision page (reviews, at most 10)", decision_page),
    ("working group and roster (roster entries)", working_group_roster),
    ("member directory (memberships)", member_directory),
    ("ballot page (cast ballots)", ballot_page),
]


def main():
    many = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"database: {connection.vendor}; {runs} requests per figure")
        print(f"{'page':46} {'rows':>5} {'queries':>8} {'median ms':>10}")
        for label, build in PAGES:
            for rows in (1, many):
                # Each scenario rolls back, as a TestCase does: the next one starts from the reference data.
                with transaction.atomic():
                    user, address = build(rows)
                    client = Client()
                    client.force_login(user)
                    queries, median = measure(client, address, runs)
                    transaction.set_rollback(True)
                print(f"{label:46} {rows:>5} {queries:>8} {median:>10.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
