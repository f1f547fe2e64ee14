"""The decision page, the decision letter and the audit trail."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from audit.services import record
from reviews.models import Assignment, Decision
from tests import factories
from tests.factories import reviews as rf
from tests.helpers import fetch, login
from tests.reviews.pages import decision_post, url

pytestmark = pytest.mark.django_db


def test_decision_page_shows_gates_spread_and_weighted_total(client, boss):
    application = rf.submitted_application()
    rf.submit_review(
        rf.assign(application, rf.reviewer(full_name="Rita One"), by=boss, declare=False), score=Decimal("5")
    )
    rf.submit_review(
        rf.assign(application, rf.reviewer(full_name="Rolf Two"), by=boss, declare=False), score=Decimal("2.5")
    )
    response = login(client, rf.decision_maker()).get(url("decision", application.pk))
    assert response.status_code == 200
    text = response.text
    assert "Rita One" in text and "Rolf Two" in text
    assert "Disagreement" in text and "3.75" in text
    assert 'id="weighted-total"' in text and 'id="decision-form"' in text


def test_decision_approve_through_the_page(client, django_capture_on_commit_callbacks):
    application = rf.reviewed_application()
    applicant = rf.applicant_of(application)
    login(client, rf.decision_maker())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("decision", application.pk), decision_post(application))
    assert response.status_code == 302
    decision = Decision.objects.get(application=application)
    assert decision.is_approval and decision.letter_ready
    assert decision.evaluation_summary[2]["score"] == "4"
    assert any(applicant.email in m.to for m in mail.outbox)
    # The applicant sees the decision, the summary and the letter; no reviewer name, no individual review.
    login(client, applicant)
    detail = client.get(reverse("applications:detail", args=[application.pk])).text
    assert "Meets every criterion of the Terms of Reference." in detail
    assert "Agreed on security." in detail and url("letter", decision.pk) in detail
    for assignment in Assignment.objects.filter(application=application).select_related("reviewer"):
        assert assignment.reviewer.full_name not in detail and assignment.reviewer.email not in detail
    assert "Convincing." not in detail  # the reviewers' own comments
    status, body = fetch(client, url("letter", decision.pk))
    assert status == 200 and body[:5] == b"%PDF-"


def test_decision_with_pending_review_needs_reason_on_the_page(client, boss):
    application = rf.submitted_application()
    rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False))
    rf.assign(application, rf.reviewer(), by=boss, declare=False)
    login(client, rf.decision_maker())
    response = client.post(url("decision", application.pk), decision_post(application))
    assert response.status_code == 200 and "record why you decide without them" in response.text
    assert not Decision.objects.exists()
    data = {**decision_post(application), "reason_without_all_reviews": "Reviewer on long leave."}
    assert client.post(url("decision", application.pk), data).status_code == 302
    assert Decision.objects.get().reason_without_all_reviews == "Reviewer on long leave."


def test_decision_page_for_own_reviewer_is_404(client):
    person = rf.decision_maker()
    person.groups.add(*factories.UserFactory(roles=["Reviewers"]).groups.all())
    application = rf.submitted_application()
    rf.assign(application, type(person).objects.get(pk=person.pk), declare=False)
    assert login(client, person).get(url("decision", application.pk)).status_code == 404


@pytest.mark.parametrize("role", ["reviewer", "secretariat", "applicant", "administrator"])
def test_decision_page_others_get_404(client, role):
    application = rf.reviewed_application()
    user = {
        "reviewer": lambda: Assignment.objects.filter(application=application).first().reviewer,
        "secretariat": rf.secretariat,
        "applicant": lambda: rf.applicant_of(application),
        "administrator": rf.administrator,
    }[role]()
    assert login(client, user).get(url("decision", application.pk)).status_code == 404
    assert login(client, user).post(url("decision", application.pk), decision_post(application)).status_code == 404
    assert not Decision.objects.exists()


def test_decision_page_query_count_is_the_same_with_2_and_8_reviews(client):
    boss = rf.decision_maker()
    login(client, rf.decision_maker())
    counts = {}
    for n in (2, 8):
        application = rf.application_with_reviews(n, boss)
        client.get(url("decision", application.pk))  # warm the session and the per-user caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("decision", application.pk))
        assert response.status_code == 200 and response.text.count("Convincing.") >= n
        counts[n] = len(queries)
    assert counts[2] == counts[8] <= 20


def test_letter_download_by_other_organisation_or_reviewer_is_404(client):
    application = rf.reviewed_application()
    decision = rf.services.decide(
        application=application, by=rf.decision_maker(), outcome="reject", justification="No.", evaluation_summary=[]
    )
    reviewer = Assignment.objects.filter(application=application).first().reviewer
    for user in (factories.UserFactory(), rf.secretariat(), reviewer):
        assert login(client, user).get(url("letter", decision.pk)).status_code == 404


def test_audit_trail_for_administrator_shows_every_step(client):
    application = rf.reviewed_application()
    rf.services.decide(
        application=application,
        by=rf.decision_maker(),
        outcome="approve",
        justification="Yes, clearly.",
        evaluation_summary=[],
    )
    response = login(client, rf.administrator()).get(url("audit", application.pk))
    assert response.status_code == 200
    for action in ("review.assigned", "review.no_conflict_declared", "review.submitted", "review.decided"):
        assert action in response.text
    assert "Yes, clearly." in response.text


def test_audit_trail_shows_labels_and_state_names_never_raw_codes(client):
    application = rf.reviewed_application()
    rf.services.decide(
        application=application, by=rf.decision_maker(), outcome="approve", justification="Yes.", evaluation_summary=[]
    )
    response = login(client, rf.administrator()).get(url("audit", application.pk))
    visible = re.sub(r"<[^>]+>", " ", response.text)  # what a person reads, without the markup
    for label in ("Reviewer assigned", "No conflict of interest declared", "Review submitted", "Decision recorded"):
        assert label in visible, label
    assert "Application status changed" in visible and "Under review" in visible and "Approved" in visible
    for code in ("review.assigned", "review.submitted", "review.decided", "application.state_changed", "under_review"):
        assert code not in visible, code


@pytest.mark.parametrize("role", ["reviewer", "secretariat", "applicant"])
def test_audit_trail_for_others_is_404(client, role):
    """Decision makers see it since issue 11 (test_audit_trail_for_a_decision_maker_...); the others never."""
    application = rf.reviewed_application()
    user = {
        "reviewer": lambda: Assignment.objects.filter(application=application).first().reviewer,
        "secretariat": rf.secretariat,
        "applicant": lambda: rf.applicant_of(application),
    }[role]()
    assert login(client, user).get(url("audit", application.pk)).status_code == 404


def test_audit_trail_for_a_decision_maker_names_who_acted_in_words(client):
    application = rf.reviewed_application()
    boss = rf.decision_maker()
    boss.full_name = "Dana Deciderson"
    boss.save()
    rf.services.decide(application=application, by=boss, outcome="approve", justification="Yes.", evaluation_summary=[])

    response = login(client, rf.decision_maker()).get(url("audit", application.pk))

    assert response.status_code == 200
    visible = re.sub(r"<[^>]+>", " ", response.text)
    assert "Dana Deciderson" in visible and "Decision recorded" in visible
    assert boss.email not in visible


def test_audit_trail_is_404_for_a_decision_maker_assigned_to_review_it(client):
    application = rf.submitted_application()
    boss = rf.decision_maker()
    boss.groups.add(*factories.UserFactory(roles=["Reviewers"]).groups.all())
    boss = type(boss).objects.get(pk=boss.pk)
    rf.assign(application, boss, by=rf.decision_maker(), declare=False)

    assert login(client, boss).get(url("audit", application.pk)).status_code == 404


def test_audit_trail_of_a_draft_is_404_for_a_decision_maker(client, draft):
    assert login(client, rf.decision_maker()).get(url("audit", draft.pk)).status_code == 404


@pytest.mark.parametrize("entries", [1, 50])
def test_audit_trail_query_count_is_bounded(client, entries, django_assert_max_num_queries):
    application = rf.submitted_application()
    admin_user = rf.administrator()
    for n in range(entries):
        record(actor=rf.decision_maker(), action=f"test.step{n}", target=application)
    login(client, admin_user)
    with django_assert_max_num_queries(15):
        assert client.get(url("audit", application.pk)).status_code == 200


@pytest.mark.parametrize(
    ("outcome", "statement"),
    [("approve", "Decision: the application is approved."), ("reject", "Decision: the application is rejected.")],
)
def test_letter_pdf_states_decision_and_justification_without_reviewer_names(client, outcome, statement):
    application = rf.submitted_application()
    people = [rf.reviewer(full_name="Rita Reviewerson"), rf.reviewer(full_name="Rolf Reviewerman")]
    for person in people:
        rf.submit_review(rf.assign(application, person, declare=False), comment=f"Remark of {person.full_name}.")
    decision = rf.services.decide(
        application=application,
        by=rf.decision_maker(full_name="Dora Decider"),
        outcome=outcome,
        justification="Weighed against the Terms of Reference.",
        evaluation_summary=rf.summary_for(application),
    )
    rf.services.store_decision_letter(decision_id=decision.pk)
    status, body = fetch(login(client, rf.applicant_of(application)), url("letter", decision.pk))
    assert status == 200
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(body)).pages)
    assert statement in text and "Weighed against the Terms of Reference." in text
    assert application.reference in text
    for person in people:
        assert person.full_name not in text and person.email not in text
        assert f"Remark of {person.full_name}." not in text
    # Issue 11: the letter names its signatory, the deciding person, and their function (before, it named nobody).
    assert "Dora Decider Authorising officer for the EU Industrial Alliances, European Commission" in text
    assert ("How to ask for a review of this decision" in text) == (outcome == "reject")


def test_rejection_letter_says_who_to_write_to_and_within_what_time(client, settings):
    settings.CONTACT_EMAIL = "appeals@alliances.example.eu"
    settings.DECISION_SIGNATORY_FUNCTION = "Head of Unit CNECT.A3"
    application = rf.reviewed_application()
    decision = rf.services.decide(
        application=application, by=rf.decision_maker(), outcome="reject", justification="No.", evaluation_summary=[]
    )

    text = pdf_text(rf.services.render_decision_letter_pdf(decision))

    assert "within 2 months of receiving this letter" in text
    assert "Write to appeals@alliances.example.eu, quoting the reference " + application.reference in text
    assert "Head of Unit CNECT.A3" in text


def test_letter_keeps_each_row_of_the_evaluation_summary_whole_across_pages(client):
    application = rf.reviewed_application()
    decision = rf.services.decide(
        application=application, by=rf.decision_maker(), outcome="approve", justification="Yes.", evaluation_summary=[]
    )
    long_comment = " ".join(["The evidence is detailed and convincing on this point."] * 12)
    decision.evaluation_summary = [
        {
            "title": f"Criterion R{n:02d}",
            "kind": "gate",
            "verdict_label": "Met",
            "comment": f"{long_comment} End{n:02d}.",
        }
        for n in range(24)
    ]

    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(BytesIO(rf.services.render_decision_letter_pdf(decision))).pages
    ]

    assert len(pages) > 2
    for n in range(24):
        [page_with_title] = [i for i, page in enumerate(pages) if f"Criterion R{n:02d}" in page]
        assert f"End{n:02d}." in pages[page_with_title], f"row {n} is split across pages"


def pdf_text(body: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(body)).pages)


def test_decision_form_asks_for_confirmation_and_a_failed_form_shows_the_error_summary(client):
    application = rf.reviewed_application()
    login(client, rf.decision_maker())

    page = client.get(url("decision", application.pk)).text
    response = client.post(url("decision", application.pk), {**decision_post(application), "justification": ""})

    assert 'data-confirm="Record the decision? It is final' in page
    assert 'class="error-summary"' in response.text and 'href="#id_justification"' in response.text
    application.refresh_from_db()
    assert application.state == "under_review"
