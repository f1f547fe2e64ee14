"""Assigning reviewers, balancing an alliance's queue, and the reviewers' conflict declarations (services)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Application
from audit.selectors import entries_for
from organisations.models import OrganisationUser
from reviews import selectors, services
from reviews.models import Assignment
from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def test_assign_first_reviewer_puts_application_under_review(django_capture_on_commit_callbacks):
    application = rf.submitted_application()
    person = rf.reviewer(application.alliance)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assign(application=application, reviewer=person, by=rf.decision_maker())
    application.refresh_from_db()
    assert application.state == Application.State.UNDER_REVIEW
    assert assignment.reviewer == person
    assert any(person.email in message.to for message in mail.outbox)
    assert entries_for(application).filter(action="review.assigned").count() == 1


def test_assign_by_reviewer_is_refused():
    application = rf.submitted_application()
    with pytest.raises(PermissionDenied):
        services.assign(application=application, reviewer=rf.reviewer(), by=rf.reviewer())


def test_assign_twice_is_refused():
    application = rf.submitted_application()
    person = rf.reviewer(application.alliance)
    boss = rf.decision_maker()
    services.assign(application=application, reviewer=person, by=boss)
    with pytest.raises(ValidationError):
        services.assign(application=application, reviewer=person, by=boss)


def test_assign_non_reviewer_is_refused():
    application = rf.submitted_application()
    with pytest.raises(ValidationError):
        services.assign(application=application, reviewer=factories.UserFactory(), by=rf.decision_maker())


def test_assign_over_maximum_load_is_refused():
    alliance = factories.alliance()
    person = rf.reviewer(alliance, max_load=1)
    boss = rf.decision_maker()
    services.assign(application=rf.submitted_application(), reviewer=person, by=boss)
    with pytest.raises(ValidationError):
        services.assign(application=rf.submitted_application(), reviewer=person, by=boss)


def test_balance_spreads_evenly_with_two_reviewers_each():
    alliance = factories.alliance()
    applications = [rf.submitted_application() for _ in range(3)]
    people = [rf.reviewer(alliance) for _ in range(3)]
    created, short = services.balance(alliance=alliance, by=rf.decision_maker())
    assert len(created) == 6 and short == []
    for application in applications:
        assert Assignment.objects.filter(application=application).count() == 2
    loads = selectors.reviewer_loads()
    assert sorted(loads[p.pk] for p in people) == [2, 2, 2]


def test_balance_respects_maximum_load_and_reports_shortfall():
    alliance = factories.alliance()
    applications = [rf.submitted_application() for _ in range(2)]
    rf.reviewer(alliance, max_load=1)
    rf.reviewer(alliance, max_load=1)
    created, short = services.balance(alliance=alliance, by=rf.decision_maker())
    assert len(created) == 2
    assert short == [applications[1]]


def test_balance_skips_conflicted_reviewer_and_replaces_them():
    alliance = factories.alliance()
    application = rf.submitted_application()
    first, second, third = (rf.reviewer(alliance) for _ in range(3))
    boss = rf.decision_maker()
    rf.assign(application, first, by=boss, declare=True)  # conflicted
    created, _short = services.balance(alliance=alliance, by=boss)
    assigned = set(Assignment.objects.filter(application=application).values_list("reviewer_id", flat=True))
    assert assigned == {first.pk, second.pk, third.pk}
    assert len(created) == 2


def test_balance_ignores_other_alliances_reviewers():
    application = rf.submitted_application()
    rf.reviewer(factories.alliance("industrial-cloud"))
    created, short = services.balance(alliance=application.alliance, by=rf.decision_maker())
    assert created == [] and short == [application]


def test_assign_reviewer_of_another_alliance_is_refused():
    application = rf.submitted_application()
    person = rf.reviewer(factories.alliance("industrial-cloud"))
    with pytest.raises(ValidationError, match="is not a reviewer of the Alliance on Processors"):
        services.assign(application=application, reviewer=person, by=rf.decision_maker())
    assert not Assignment.objects.filter(application=application).exists()


def test_assign_reviewer_without_any_alliance_is_refused():
    application = rf.submitted_application()
    with pytest.raises(ValidationError, match="is not a reviewer of the"):
        services.assign(application=application, reviewer=rf.reviewer(), by=rf.decision_maker())


def test_assign_unavailable_reviewer_is_refused():
    application = rf.submitted_application()
    person = rf.reviewer(application.alliance)
    person.review_capacities.update(is_available=False)
    with pytest.raises(ValidationError, match="is marked unavailable"):
        services.assign(application=application, reviewer=person, by=rf.decision_maker())
    assert not Assignment.objects.filter(application=application).exists()


def test_assign_reviewer_who_declared_a_conflict_is_refused():
    application = rf.submitted_application()
    person = rf.reviewer(application.alliance)
    boss = rf.decision_maker()
    rf.assign(application, person, by=boss, declare=True)
    with pytest.raises(ValidationError, match="declared a conflict of interest"):
        services.assign(application=application, reviewer=person, by=boss)
    assert Assignment.objects.filter(application=application, reviewer=person).count() == 1


def test_declare_conflict_tells_the_assigner(django_capture_on_commit_callbacks):
    application = rf.submitted_application()
    boss = rf.decision_maker()
    person = rf.reviewer(application.alliance)
    assignment = services.assign(application=application, reviewer=person, by=boss)
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(
            assignment=assignment, by=person, has_conflict=True, conflict_type="employment", reason="I worked there."
        )
    assignment.refresh_from_db()
    assert assignment.is_conflicted
    assert any(boss.email in m.to and "Conflict of interest" in m.subject for m in mail.outbox)
    assert entries_for(application).filter(action="review.conflict_declared").exists()


def test_conflict_email_names_the_reviewer_not_their_address(django_capture_on_commit_callbacks):
    application = rf.submitted_application()
    boss = rf.decision_maker()
    person = rf.reviewer(application.alliance, full_name="Rita Reviewerson")
    assignment = services.assign(application=application, reviewer=person, by=boss)
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(
            assignment=assignment, by=person, has_conflict=True, conflict_type="employment", reason="I worked there."
        )

    [message] = [m for m in mail.outbox if boss.email in m.to and "Conflict of interest" in m.subject]
    assert "Rita Reviewerson" in message.body and person.email not in message.body


def test_declare_conflict_without_reason_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer())
    with pytest.raises(ValidationError):
        services.declare_conflict(
            assignment=assignment, by=assignment.reviewer, has_conflict=True, conflict_type="other", reason=""
        )


def test_declare_conflict_twice_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    with pytest.raises(ValidationError):
        services.declare_conflict(assignment=assignment, by=assignment.reviewer, has_conflict=False)


def test_declare_conflict_by_someone_else_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer())
    with pytest.raises(PermissionDenied):
        services.declare_conflict(assignment=assignment, by=rf.reviewer(), has_conflict=False)


def test_assign_reviewer_acting_for_the_applicant_is_refused():
    application = rf.submitted_application()
    person = rf.reviewer(application.alliance)

    OrganisationUser.objects.create(organisation=application.organisation, user=person, role="editor")
    with pytest.raises(ValidationError):
        services.assign(application=application, reviewer=person, by=rf.decision_maker())
    created, short = services.balance(alliance=application.alliance, by=rf.decision_maker())
    assert created == [] and short == [application]


@pytest.mark.parametrize("role", ["reviewer", "secretariat"])
def test_balance_refused_without_permission(role):
    """Balancing is the decision makers' and administrators' (reviews.balance_assignments), even when it would
    assign nobody: nothing is recorded in the trail for whoever lacks the role."""
    application = rf.submitted_application()
    by = {"reviewer": rf.reviewer, "secretariat": rf.secretariat}[role]()
    with pytest.raises(PermissionDenied):
        services.balance(alliance=application.alliance, by=by)
    assert not entries_for(application.alliance).filter(action="review.balanced").exists()
    assert not Assignment.objects.exists()
