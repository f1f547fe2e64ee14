"""Things that happen at the same moment, on PostgreSQL (SQLite serialises every write, so it cannot race)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from applications.models import Application
from audit.models import AuditEntry
from memberships.models import Membership
from notifications.models import OutgoingEmail
from reviews import services
from reviews.models import Assignment, Decision, Review
from tests.factories import reviews as rf
from tests.helpers import load_reference_data

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite cannot run two write transactions at once",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    load_reference_data()


def run_at_once(*calls):
    """Run the calls in threads released together; return (results, errors) in call order."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_two_reviewers_submitting_at_once_both_stand_and_decision_makers_hear_once():
    boss = rf.decision_maker()
    application = rf.submitted_application()
    first = rf.assign(application, rf.reviewer(), by=boss, declare=False)
    second = rf.assign(application, rf.reviewer(), by=boss, declare=False)
    results, errors = run_at_once(lambda: rf.submit_review(first), lambda: rf.submit_review(second))
    assert errors == [None, None]
    assert Review.objects.filter(assignment__application=application, status="submitted").count() == 2
    assert OutgoingEmail.objects.filter(key=f"review:complete:{application.pk}").count() == 1
    assert AuditEntry.objects.filter(action="review.submitted", target_id=str(application.pk)).count() == 2


def test_decision_attempted_twice_at_once_exactly_one_stands():
    application = rf.reviewed_application()
    one, two = rf.decision_maker(), rf.decision_maker()

    def decide(by, outcome):
        return lambda: services.decide(
            application=application,
            by=by,
            outcome=outcome,
            justification=f"{outcome} by {by.pk}",
            evaluation_summary=[],
        )

    results, errors = run_at_once(decide(one, "approve"), decide(two, "reject"))
    assert sum(error is None for error in errors) == 1
    assert all(isinstance(error, ValidationError) for error in errors if error is not None)
    decision = Decision.objects.get(application=application)
    application.refresh_from_db()
    expected = Application.State.APPROVED if decision.is_approval else Application.State.REJECTED
    assert application.state == expected
    assert Membership.objects.filter(organisation=application.organisation).count() == (
        1 if decision.is_approval else 0
    )
    assert AuditEntry.objects.filter(action="review.decided", target_id=str(application.pk)).count() == 1


def test_same_decision_maker_double_click_exactly_one_stands():
    application = rf.reviewed_application()
    boss = rf.decision_maker()

    def decide():
        return services.decide(
            application=application, by=boss, outcome="approve", justification="Yes.", evaluation_summary=[]
        )

    _results, errors = run_at_once(decide, decide)
    assert sum(error is None for error in errors) == 1
    assert Decision.objects.filter(application=application).count() == 1
    assert Membership.objects.filter(organisation=application.organisation, state="active").count() == 1


def test_balance_run_twice_at_once_never_over_assigns():
    alliance = application_alliance = rf.submitted_application().alliance
    for _ in range(2):
        rf.submitted_application()
    for _ in range(4):
        rf.reviewer(alliance)
    boss = rf.decision_maker()
    _results, errors = run_at_once(
        lambda: services.balance(alliance=application_alliance, by=boss),
        lambda: services.balance(alliance=application_alliance, by=boss),
    )
    assert errors == [None, None]

    for application in Application.objects.filter(alliance=alliance):
        assert Assignment.objects.filter(application=application).count() == 2
