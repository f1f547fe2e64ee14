"""The rules of review and decision, at the service level."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import Application
from audit.selectors import entries_for
from memberships.models import Membership
from notifications.models import OutgoingEmail
from reviews import selectors, services
from reviews.models import Assignment, Clarification, Decision, Review
from tests import factories
from tests.factories import reviews as rf
from tests.pdfs import pdf_upload

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


def test_save_review_before_declaration_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer())
    with pytest.raises(PermissionDenied):
        rf.submit_review(assignment)


def test_save_review_draft_then_submit_is_read_only_after():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    application = assignment.application
    draft = services.save_review(
        assignment=assignment, by=assignment.reviewer, assessments={}, recommendation="", justification=""
    )
    assert draft.status == Review.Status.DRAFT
    review = rf.submit_review(assignment)
    assert review.is_submitted and review.submitted_at is not None
    assert review.assessments.count() == application.criteria_version.criteria.count()
    with pytest.raises(ValidationError):
        rf.submit_review(assignment)


def test_save_review_incomplete_submission_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    with pytest.raises(ValidationError) as error:
        services.save_review(
            assignment=assignment,
            by=assignment.reviewer,
            assessments={},
            recommendation="admit",
            justification="Fine.",
            submit=True,
        )
    assert "security" in error.value.message_dict
    assert not Review.objects.filter(status="submitted").exists()


def test_save_review_score_off_scale_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    assessments = rf.assessments_for(assignment.application)
    criterion = assignment.application.criteria_version.criteria.filter(kind="score").first()
    for bad in (Decimal("5.5"), Decimal("3.3"), Decimal("-1")):
        assessments[criterion.pk]["score"] = bad
        with pytest.raises(ValidationError):
            services.save_review(assignment=assignment, by=assignment.reviewer, assessments=assessments)


def test_save_review_half_points_are_accepted():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    review = rf.submit_review(assignment, score=Decimal("3.5"))
    assert {a.score for a in review.assessments.exclude(score=None)} == {Decimal("3.5")}


def test_save_review_low_score_without_comment_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    assessments = rf.assessments_for(assignment.application, score=Decimal("2"), comment="")
    with pytest.raises(ValidationError) as error:
        services.save_review(
            assignment=assignment,
            by=assignment.reviewer,
            assessments=assessments,
            recommendation="refuse",
            justification="Weak.",
            submit=True,
        )
    assert any("comment" in " ".join(m) for m in error.value.message_dict.values())


def test_save_review_gate_not_met_without_comment_is_refused():
    assignment = rf.assign(rf.submitted_application(), rf.reviewer(), declare=False)
    assessments = rf.assessments_for(assignment.application, verdict="not_met", comment="")
    with pytest.raises(ValidationError):
        services.save_review(
            assignment=assignment,
            by=assignment.reviewer,
            assessments=assessments,
            recommendation="refuse",
            justification="No.",
            submit=True,
        )


def test_save_review_last_submission_tells_decision_makers_once(django_capture_on_commit_callbacks):
    boss = rf.decision_maker()
    application = rf.submitted_application()
    first = rf.assign(application, rf.reviewer(), by=boss, declare=False)
    second = rf.assign(application, rf.reviewer(), by=boss, declare=False)
    with django_capture_on_commit_callbacks(execute=True):
        rf.submit_review(first)
    assert not OutgoingEmail.objects.filter(key=f"review:complete:{application.pk}").exists()
    with django_capture_on_commit_callbacks(execute=True):
        rf.submit_review(second)
    email = OutgoingEmail.objects.get(key=f"review:complete:{application.pk}")
    assert boss.email in email.to


def test_ask_clarification_and_answer_keeps_the_exchange(django_capture_on_commit_callbacks):
    application = rf.submitted_application()
    assignment = rf.assign(application, rf.reviewer(), declare=False)
    applicant = rf.applicant_of(application)
    with django_capture_on_commit_callbacks(execute=True):
        clarification = services.ask_clarification(
            application=application, by=assignment.reviewer, question="Which ISO certificates do you hold?"
        )
    application.refresh_from_db()
    assert application.state == Application.State.CLARIFICATION_REQUESTED
    applicant_mail = [m for m in mail.outbox if applicant.email in m.to]
    assert applicant_mail and "Which ISO certificates" in applicant_mail[-1].body
    assert assignment.reviewer.full_name not in applicant_mail[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_clarification(
            clarification=clarification, by=applicant, answer="ISO 27001.", uploaded_file=pdf_upload()
        )
    application.refresh_from_db()
    clarification.refresh_from_db()
    assert application.state == Application.State.UNDER_REVIEW
    assert clarification.answer == "ISO 27001." and len(clarification.answer_sha256) == 64
    assert any(assignment.reviewer.email in m.to for m in mail.outbox)
    actions = list(entries_for(application).values_list("action", flat=True))
    assert "review.clarification_requested" in actions and "review.clarification_answered" in actions


def test_ask_clarification_by_unassigned_reviewer_is_refused():
    application = rf.submitted_application()
    rf.assign(application, rf.reviewer(), declare=False)
    with pytest.raises(PermissionDenied):
        services.ask_clarification(application=application, by=rf.reviewer(), question="?")


def test_answer_clarification_twice_is_refused():
    application = rf.submitted_application()
    assignment = rf.assign(application, rf.reviewer(), declare=False)
    clarification = services.ask_clarification(application=application, by=assignment.reviewer, question="Why?")
    applicant = rf.applicant_of(application)
    services.answer_clarification(clarification=clarification, by=applicant, answer="Because.")
    with pytest.raises(ValidationError):
        services.answer_clarification(clarification=clarification, by=applicant, answer="Again.")


def test_answer_clarification_with_fake_pdf_is_refused():
    from tests.pdfs import fake_pdf_upload

    application = rf.submitted_application()
    assignment = rf.assign(application, rf.reviewer(), declare=False)
    clarification = services.ask_clarification(application=application, by=assignment.reviewer, question="Why?")
    with pytest.raises(ValidationError):
        services.answer_clarification(
            clarification=clarification,
            by=rf.applicant_of(application),
            answer="See file.",
            uploaded_file=fake_pdf_upload(),
        )
    assert Clarification.objects.get(pk=clarification.pk).is_open


def test_summarise_flags_disagreement_and_weighted_total():
    boss = rf.decision_maker()
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False), score=Decimal("5"))
    rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False), score=Decimal("2.5"))
    summary = selectors.summarise(selectors.application_for_review(application.pk).get())
    line = summary.score_lines[0]
    assert line.spread == Decimal("2.5") and line.disagreement
    assert line.mean == Decimal("3.75")
    assert summary.weighted_total == sum((x.weighted for x in summary.score_lines), Decimal("0"))
    assert summary.complete and summary.all_gates_met


def test_decide_approval_admits_and_renders_letter(django_capture_on_commit_callbacks):
    application = rf.reviewed_application()
    applicant = rf.applicant_of(application)
    boss = rf.decision_maker()
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(
            application=application,
            by=boss,
            outcome="approve",
            justification="Strong on every criterion.",
            evaluation_summary=rf.summary_for(application),
        )
    application.refresh_from_db()
    decision.refresh_from_db()
    assert application.state == Application.State.APPROVED
    membership = Membership.objects.get(organisation=application.organisation, alliance=application.alliance)
    assert membership.is_active and membership.application == application
    assert decision.letter_ready
    with decision.letter.open("rb") as handle:
        content = handle.read()
    assert content[:5] == b"%PDF-"
    from documents.pdf import sha256_hex

    assert sha256_hex(content) == decision.letter_sha256
    assert any(applicant.email in m.to and "Strong on every criterion." in m.body for m in mail.outbox)
    assert entries_for(application).filter(action="review.decided").exists()


@pytest.mark.parametrize(
    ("outcome", "subject", "sentence"),
    [
        ("approve", "approved: you are a member of the {alliance}", "Decision: your application is approved."),
        ("reject", "rejected", "Decision: your application is rejected."),
    ],
)
def test_decide_applicant_email_states_outcome_justification_and_letter(
    django_capture_on_commit_callbacks, settings, outcome, subject, sentence
):
    settings.SITE_URL = "https://alliances.example.eu"
    application = rf.reviewed_application()
    applicant = rf.applicant_of(application)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=application,
            by=rf.decision_maker(),
            outcome=outcome,
            justification="Assessed against every criterion of the Terms of Reference.",
            evaluation_summary=rf.summary_for(application),
        )
    [email] = [m for m in mail.outbox if applicant.email in m.to]
    expected = f"Application {application.reference} {subject.format(alliance=application.alliance.name)}"
    assert email.subject.endswith(expected)
    assert sentence in email.body
    assert "Under review" not in email.body and "Under review" not in email.subject
    assert "Justification:\nAssessed against every criterion of the Terms of Reference." in email.body
    assert "download the decision letter" in email.body
    assert f"https://alliances.example.eu/applications/{application.pk}/" in email.body
    if outcome == "approve":
        assert f"is now a member of the {application.alliance.name}" in email.body


def test_decide_rejection_creates_no_membership():
    application = rf.reviewed_application(score=Decimal("1"))
    services.decide(
        application=application,
        by=rf.decision_maker(),
        outcome="reject",
        justification="Below threshold.",
        evaluation_summary=[],
    )
    application.refresh_from_db()
    assert application.state == Application.State.REJECTED
    assert not Membership.objects.filter(organisation=application.organisation).exists()


def test_decide_by_own_reviewer_is_refused_four_eyes():
    boss = rf.decision_maker()
    boss.groups.add(*factories.UserFactory(roles=["Reviewers"]).groups.all())
    boss = type(boss).objects.get(pk=boss.pk)
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, boss, by=rf.decision_maker(), declare=False))
    rf.submit_review(rf.assign(application, rf.reviewer(), declare=False))
    with pytest.raises(PermissionDenied):
        services.decide(
            application=application, by=boss, outcome="approve", justification="Mine.", evaluation_summary=[]
        )
    assert not Decision.objects.exists()


def test_decide_with_pending_review_needs_a_reason():
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, rf.reviewer(), declare=False))
    rf.assign(application, rf.reviewer(), declare=False)
    boss = rf.decision_maker()
    with pytest.raises(ValidationError):
        services.decide(application=application, by=boss, outcome="reject", justification="No.", evaluation_summary=[])
    decision = services.decide(
        application=application,
        by=boss,
        outcome="reject",
        justification="No.",
        evaluation_summary=[],
        reason_without_all_reviews="The second reviewer left the Commission.",
    )
    assert decision.reason_without_all_reviews == "The second reviewer left the Commission."


def test_decide_conflicted_reviewer_does_not_block():
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, rf.reviewer(), declare=False))
    rf.assign(application, rf.reviewer(), declare=True)
    decision = services.decide(
        application=application, by=rf.decision_maker(), outcome="approve", justification="OK.", evaluation_summary=[]
    )
    assert decision.pk


def test_decide_twice_is_refused():
    application = rf.reviewed_application()
    services.decide(
        application=application, by=rf.decision_maker(), outcome="approve", justification="Yes.", evaluation_summary=[]
    )
    with pytest.raises(ValidationError):
        services.decide(
            application=application,
            by=rf.decision_maker(),
            outcome="reject",
            justification="No.",
            evaluation_summary=[],
        )
    assert Decision.objects.count() == 1


def test_decide_by_reviewer_role_is_refused():
    application = rf.reviewed_application()
    with pytest.raises(PermissionDenied):
        services.decide(
            application=application, by=rf.reviewer(), outcome="approve", justification="Yes.", evaluation_summary=[]
        )


def test_store_decision_letter_is_idempotent():
    application = rf.reviewed_application()
    decision = services.decide(
        application=application,
        by=rf.decision_maker(),
        outcome="approve",
        justification="Yes.",
        evaluation_summary=[],
    )
    first = services.store_decision_letter(decision_id=decision.pk)
    second = services.store_decision_letter(decision_id=decision.pk)
    assert first.letter_sha256 == second.letter_sha256 and first.letter.name == second.letter.name


def test_assign_reviewer_acting_for_the_applicant_is_refused():
    application = rf.submitted_application()
    person = rf.reviewer(application.alliance)
    from organisations.models import OrganisationUser

    OrganisationUser.objects.create(organisation=application.organisation, user=person, role="editor")
    with pytest.raises(ValidationError):
        services.assign(application=application, reviewer=person, by=rf.decision_maker())
    created, short = services.balance(alliance=application.alliance, by=rf.decision_maker())
    assert created == [] and short == [application]


def test_answer_clarification_by_outsider_is_refused():
    application = rf.submitted_application()
    assignment = rf.assign(application, rf.reviewer(), declare=False)
    clarification = services.ask_clarification(application=application, by=assignment.reviewer, question="Why?")
    with pytest.raises(PermissionDenied):
        services.answer_clarification(clarification=clarification, by=factories.UserFactory(), answer="Me.")
