"""The review pages: who sees what (404 where it must stay hidden), and what each page does."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from applications.models import Application
from reviews.models import Assignment, Clarification, Decision, Review
from tests import factories
from tests.factories import reviews as rf
from tests.helpers import fetch, login
from tests.pdfs import fake_pdf_upload, pdf_upload

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"reviews:{name}", args=args)


@pytest.fixture
def boss():
    return rf.decision_maker(full_name="Dora Decider")


@pytest.fixture
def under_review(boss):
    """An application with one cleared reviewer (draft), one undeclared, one conflicted."""
    application = rf.submitted_application()
    cleared = rf.assign(application, rf.reviewer(full_name="Clara Cleared"), by=boss, declare=False)
    undeclared = rf.assign(application, rf.reviewer(full_name="Uma Undeclared"), by=boss)
    conflicted = rf.assign(application, rf.reviewer(full_name="Conrad Conflicted"), by=boss, declare=True)
    application.refresh_from_db()
    return application, cleared, undeclared, conflicted


# The queue -------------------------------------------------------------------------------------------------------


def test_queue_reviewer_sees_only_assigned_applications(client, under_review):
    application, cleared, _u, _c = under_review
    other = rf.submitted_application()
    response = login(client, cleared.reviewer).get(url("queue"))
    assert response.status_code == 200
    assert application.reference in response.text
    assert other.reference not in response.text
    assert "Dora Decider" not in response.text


def test_queue_decision_maker_sees_all_with_reviewer_names(client, under_review, boss):
    application, *_ = under_review
    other = rf.submitted_application()
    response = login(client, boss).get(url("queue"))
    assert application.reference in response.text and other.reference in response.text
    assert "Clara Cleared" in response.text


@pytest.mark.parametrize("role", ["secretariat", "applicant"])
def test_queue_secretariat_and_applicant_get_404(client, under_review, role):
    user = rf.secretariat() if role == "secretariat" else rf.applicant_of(under_review[0])
    assert login(client, user).get(url("queue")).status_code == 404


def test_queue_anonymous_is_sent_to_login(client):
    response = client.get(url("queue"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_queue_filters_by_alliance_country_type_state_and_search(client, boss):
    dutch = rf.submitted_application(organisation=factories.OrganisationFactory(country="NL", legal_name="Tulip Chips"))
    german = rf.submitted_application(
        organisation=factories.OrganisationFactory(
            country="DE", organisation_type="large_company", legal_name="Bach AG"
        )
    )
    cloud = rf.submitted_application(alliance=factories.alliance("industrial-cloud"))
    login(client, boss)

    def refs(**params):
        text = client.get(url("queue"), params).text
        return {a.reference for a in (dutch, german, cloud) if a.reference in text}

    assert refs(country="DE") == {german.reference}
    assert refs(organisation_type="large_company") == {german.reference}
    assert refs(q="tulip") == {dutch.reference}
    assert refs(q=german.reference) == {german.reference}
    assert refs(alliance=cloud.alliance.pk) == {cloud.reference}
    assert refs(state="submitted") == {dutch.reference, german.reference, cloud.reference}
    assert refs(state="approved") == set()


def test_queue_filters_by_reviewer_and_sorts(client, boss, under_review):
    application, cleared, *_ = under_review
    other = rf.submitted_application(organisation=factories.OrganisationFactory(legal_name="AAA First"))
    login(client, boss)
    text = client.get(url("queue"), {"reviewer": cleared.reviewer.pk}).text
    assert application.reference in text and other.reference not in text
    text = client.get(url("queue"), {"sort": "organisation"}).text
    assert text.index("AAA First") < text.index(application.organisation.legal_name)


def test_queue_paginates(client, boss, settings):
    settings.PAGINATE_BY = 2
    for _ in range(3):
        rf.submitted_application()
    response = login(client, boss).get(url("queue"), {"sort": "submitted"})
    assert "Page 1 of 2" in response.text
    assert "Page 2 of 2" in client.get(url("queue"), {"sort": "submitted", "page": 2}).text


@pytest.mark.parametrize("rows", [1, 50])
def test_queue_query_count_is_bounded_with_1_and_50_rows(client, boss, rows, django_assert_max_num_queries, settings):
    settings.PAGINATE_BY = 50
    people = [rf.reviewer() for _ in range(2)]
    for _ in range(rows):
        application = rf.submitted_application()
        for person in people:
            rf.AssignmentFactory(application=application, reviewer=person, assigned_by=boss)
    login(client, boss)
    with django_assert_max_num_queries(16):
        response = client.get(url("queue"))
    assert response.text.count("APP-") >= rows


@pytest.mark.parametrize("rows", [1, 50])
def test_queue_reviewer_query_count_is_bounded_with_1_and_50_rows(
    client, rows, django_assert_max_num_queries, settings
):
    settings.PAGINATE_BY = 50
    person = rf.reviewer()
    boss = rf.decision_maker()
    for _ in range(rows):
        rf.AssignmentFactory(application=rf.submitted_application(), reviewer=person, assigned_by=boss)
    login(client, person)
    with django_assert_max_num_queries(16):
        assert client.get(url("queue")).status_code == 200


# Balance and assignment --------------------------------------------------------------------------------------------


def test_balance_view_assigns_two_reviewers_each(client, boss):
    alliance = factories.alliance()
    applications = [rf.submitted_application() for _ in range(2)]
    for _ in range(2):
        rf.reviewer(alliance)
    response = login(client, boss).post(url("balance"), {"balance-alliance": alliance.pk})
    assert response.status_code == 302
    for application in applications:
        assert Assignment.objects.filter(application=application).count() == 2


@pytest.mark.parametrize("role", ["reviewer", "secretariat"])
def test_balance_view_by_reviewer_or_secretariat_is_404(client, role):
    user = rf.reviewer() if role == "reviewer" else rf.secretariat()
    assert login(client, user).post(url("balance"), {"balance-alliance": factories.alliance().pk}).status_code == 404


def test_assign_view_by_decision_maker_assigns(client, boss):
    application = rf.submitted_application()
    person = rf.reviewer(application.alliance)
    response = login(client, boss).post(url("assign", application.pk), {"reviewer": person.pk})
    assert response.status_code == 302
    assert Assignment.objects.filter(application=application, reviewer=person).exists()


def test_assign_view_offers_only_available_reviewers_of_the_alliance(client, boss):
    application = rf.submitted_application()
    offered = rf.reviewer(application.alliance, full_name="Olga Offered")
    rf.reviewer(factories.alliance("industrial-cloud"), full_name="Clive Cloud")
    rf.reviewer(application.alliance, full_name="Una Unavailable").review_capacities.update(is_available=False)
    rf.assign(application, rf.reviewer(application.alliance, full_name="Connie Conflicted"), by=boss, declare=True)
    text = login(client, boss).get(url("application", application.pk)).text
    form = text[text.index(f'action="{url("assign", application.pk)}"') :]
    form = form[: form.index("</form>")]
    assert f'value="{offered.pk}"' in form and "Olga Offered" in form
    assert "Clive Cloud" not in form and "Una Unavailable" not in form and "Connie Conflicted" not in form


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other_alliance", "is not a reviewer of the Alliance on Processors and Semiconductor Technologies."),
        ("unavailable", "is marked unavailable for the Alliance on Processors and Semiconductor Technologies."),
        ("conflict", "declared a conflict of interest on"),
    ],
)
def test_assign_view_refused_reviewer_shows_the_reason_next_to_the_field(client, boss, case, message):
    application = rf.submitted_application()
    if case == "other_alliance":
        person = rf.reviewer(factories.alliance("industrial-cloud"))
    elif case == "unavailable":
        person = rf.reviewer(application.alliance)
        person.review_capacities.update(is_available=False)
    else:
        person = rf.reviewer(application.alliance)
        rf.assign(application, person, by=boss, declare=True)
    response = login(client, boss).post(url("assign", application.pk), {"reviewer": person.pk})
    assert response.status_code == 200
    assert f'<p class="error" id="id_reviewer_error">{person} {message}' in response.text
    assert 'class="field field-invalid"' in response.text
    assert Assignment.objects.filter(application=application, reviewer=person).count() == (case == "conflict")


def test_assign_view_by_reviewer_is_404(client, under_review):
    application, cleared, *_ = under_review
    assert (
        login(client, cleared.reviewer)
        .post(url("assign", application.pk), {"reviewer": cleared.reviewer.pk})
        .status_code
        == 404
    )


# The application page and the conflict declaration -----------------------------------------------------------------


def test_application_unassigned_reviewer_gets_404(client, under_review):
    application, *_ = under_review
    assert login(client, rf.reviewer()).get(url("application", application.pk)).status_code == 404


def test_application_undeclared_reviewer_is_sent_to_declare(client, under_review):
    application, _c, undeclared, _x = under_review
    response = login(client, undeclared.reviewer).get(url("application", application.pk))
    assert response.status_code == 302 and response["Location"] == url("declare", application.pk)


def test_declare_page_shows_nothing_of_the_application(client, under_review):
    application, _c, undeclared, _x = under_review
    response = login(client, undeclared.reviewer).get(url("declare", application.pk))
    assert response.status_code == 200
    assert application.organisation.legal_name in response.text
    assert "Our answer on" not in response.text and application.presentation not in response.text


def test_declare_no_conflict_then_sees_the_application(client, under_review):
    application, _c, undeclared, _x = under_review
    login(client, undeclared.reviewer)
    response = client.post(url("declare", application.pk), {"has_conflict": "no"})
    assert response.status_code == 302
    response = client.get(url("application", application.pk))
    assert response.status_code == 200 and application.presentation in response.text
    assert 'id="review-form"' in response.text


def test_declare_conflict_then_sees_nothing_more(client, under_review, boss, django_capture_on_commit_callbacks):
    application, _c, undeclared, _x = under_review
    login(client, undeclared.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("declare", application.pk), {"has_conflict": "yes", "conflict_type": "personal", "reason": "My sister."}
        )
    assert response.status_code == 302
    assert client.get(url("application", application.pk)).status_code == 404
    assert client.get(url("declare", application.pk)).status_code == 404
    assert any(boss.email in m.to for m in mail.outbox)


def test_declare_conflict_without_reason_shows_error(client, under_review):
    application, _c, undeclared, _x = under_review
    response = login(client, undeclared.reviewer).post(
        url("declare", application.pk), {"has_conflict": "yes", "conflict_type": "", "reason": ""}
    )
    assert response.status_code == 200 and "Explain the conflict." in response.text
    undeclared.refresh_from_db()
    assert not undeclared.is_declared


def test_declare_by_unassigned_reviewer_is_404(client, under_review):
    assert login(client, rf.reviewer()).get(url("declare", under_review[0].pk)).status_code == 404


def test_application_conflicted_reviewer_gets_404(client, under_review):
    application, _c, _u, conflicted = under_review
    assert login(client, conflicted.reviewer).get(url("application", application.pk)).status_code == 404


@pytest.mark.parametrize("role", ["secretariat", "applicant", "other"])
def test_application_secretariat_applicant_and_others_get_404(client, under_review, role):
    application = under_review[0]
    user = {
        "secretariat": rf.secretariat,
        "applicant": lambda: rf.applicant_of(application),
        "other": factories.UserFactory,
    }[role]()
    assert login(client, user).get(url("application", application.pk)).status_code == 404


def test_application_cleared_reviewer_does_not_see_other_reviews_before_submitting(client, under_review, boss):
    application, cleared, *_ = under_review
    colleague = rf.assign(application, rf.reviewer(full_name="Otto Other"), by=boss, declare=False)
    rf.submit_review(colleague, score=Decimal("1.5"), comment="Otto thinks it is weak.")
    login(client, cleared.reviewer)
    text = client.get(url("application", application.pk)).text
    assert "All reviews" not in text and "Otto Other" not in text and "Otto thinks it is weak." not in text
    rf.submit_review(cleared)
    text = client.get(url("application", application.pk)).text
    assert "All reviews" in text and "Otto thinks it is weak." in text
    assert "Otto Other" not in text  # reviewers see each other's reviews, not each other's names


def _decision_maker_and_reviewer():
    person = rf.decision_maker(full_name="Dana Double")
    person.groups.add(*factories.UserFactory(roles=["Reviewers"]).groups.all())
    return type(person).objects.get(pk=person.pk)


def test_application_decision_maker_assigned_as_reviewer_sees_reviews_only_after_own(client, boss):
    application = rf.submitted_application()
    double = _decision_maker_and_reviewer()
    own = rf.assign(application, double, by=boss, declare=False)
    colleague = rf.assign(application, rf.reviewer(full_name="Otto Other"), by=boss, declare=False)
    rf.submit_review(colleague, score=Decimal("1.5"), comment="Otto thinks it is weak.")
    login(client, double)
    text = client.get(url("application", application.pk)).text
    assert 'id="review-form"' in text
    assert "All reviews" not in text and "Otto thinks it is weak." not in text
    rf.submit_review(own)
    text = client.get(url("application", application.pk)).text
    assert "All reviews" in text and "Otto thinks it is weak." in text


def test_application_decision_maker_conflicted_on_it_never_sees_it(client, boss):
    application = rf.submitted_application()
    double = _decision_maker_and_reviewer()
    rf.assign(application, double, by=boss, declare=True)
    rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False))
    clarification = rf.services.ask_clarification(
        application=application,
        by=Assignment.objects.filter(application=application, has_conflict=False).get().reviewer,
        question="Why?",
    )
    rf.services.answer_clarification(
        clarification=clarification, by=rf.applicant_of(application), answer="Because.", uploaded_file=pdf_upload()
    )
    login(client, double)
    assert client.get(url("application", application.pk)).status_code == 404
    assert client.get(url("decision", application.pk)).status_code == 404
    assert fetch(client, url("clarification_file", clarification.pk))[0] == 404


def test_application_review_form_saves_draft_and_submits(client, under_review):
    application, cleared, *_ = under_review
    login(client, cleared.reviewer)
    criteria = list(application.criteria_version.criteria.all())
    data = {}
    for criterion in criteria:
        if criterion.is_gate:
            data[f"verdict_{criterion.pk}"] = "met"
        else:
            data[f"score_{criterion.pk}"] = "3.5"
        data[f"comment_{criterion.pk}"] = "Solid."
    response = client.post(url("application", application.pk), {**data, "save": "1"})
    assert response.status_code == 302
    review = Review.objects.get(assignment=cleared)
    assert review.status == "draft" and review.assessments.count() == len(criteria)
    response = client.post(url("application", application.pk), {**data, "submit": "1"})
    assert response.status_code == 200 and "Give an overall recommendation." in response.text
    response = client.post(
        url("application", application.pk),
        {**data, "recommendation": "admit", "justification": "A strong member.", "submit": "1"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_submitted
    text = client.get(url("application", application.pk)).text
    assert 'id="review-form"' not in text and "A strong member." in text
    # Read-only after submission: a further post changes nothing.
    assert client.post(url("application", application.pk), {**data, "save": "1"}).status_code == 404


def test_application_review_low_score_needs_comment(client, under_review):
    application, cleared, *_ = under_review
    criterion = application.criteria_version.criteria.filter(kind="score").first()
    response = login(client, cleared.reviewer).post(
        url("application", application.pk), {f"score_{criterion.pk}": "2", f"comment_{criterion.pk}": "", "save": "1"}
    )
    assert response.status_code == 302  # a draft may be incomplete
    response = client.post(
        url("application", application.pk),
        {
            f"score_{criterion.pk}": "2",
            f"comment_{criterion.pk}": "",
            "recommendation": "refuse",
            "justification": "x",
            "submit": "1",
        },
    )
    assert "a comment is required" in response.text


def test_document_download_cleared_reviewer_only(client, under_review):
    import hashlib

    from django.core.files.base import ContentFile

    from applications.models import SupportingDocument
    from tests.pdfs import pdf_bytes

    application, cleared, undeclared, _x = under_review
    content = pdf_bytes()
    document = SupportingDocument(
        application=application,
        title="ISO",
        original_name="iso.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=application.created_by,
    )
    document.file.save("iso.pdf", ContentFile(content), save=False)
    document.save()
    assert fetch(login(client, cleared.reviewer), url("document", application.pk, document.pk)) == (200, content)
    assert login(client, undeclared.reviewer).get(url("document", application.pk, document.pk)).status_code == 404
    assert login(client, rf.secretariat()).get(url("document", application.pk, document.pk)).status_code == 404


# Clarification --------------------------------------------------------------------------------------------------


def test_clarification_round_trip_through_the_pages(client, under_review, django_capture_on_commit_callbacks):
    application, cleared, *_ = under_review
    applicant = rf.applicant_of(application)
    login(client, cleared.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("clarify", application.pk), {"question": "Where is your fab?"})
    assert response.status_code == 302
    clarification = Clarification.objects.get(application=application)
    assert any(applicant.email in m.to and "Where is your fab?" in m.body for m in mail.outbox)

    login(client, applicant)
    detail = client.get(reverse("applications:detail", args=[application.pk])).text
    assert "Where is your fab?" in detail and url("answer", clarification.pk) in detail
    assert "Clara Cleared" not in detail
    response = client.post(url("answer", clarification.pk), {"answer": "In Dresden.", "file": fake_pdf_upload()})
    assert response.status_code == 200 and "not a PDF" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("answer", clarification.pk), {"answer": "In Dresden.", "file": pdf_upload()})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.UNDER_REVIEW
    assert fetch(client, url("clarification_file", clarification.pk))[0] == 200
    login(client, cleared.reviewer)
    text = client.get(url("application", application.pk)).text
    assert "In Dresden." in text
    assert fetch(client, url("clarification_file", clarification.pk))[0] == 200


def test_clarification_answer_by_other_organisation_is_404(client, under_review):
    application, cleared, *_ = under_review
    clarification = rf.services.ask_clarification(application=application, by=cleared.reviewer, question="Why?")
    for user in (factories.UserFactory(), rf.secretariat(), cleared.reviewer):
        assert login(client, user).get(url("answer", clarification.pk)).status_code == 404
        assert login(client, user).get(url("clarification_file", clarification.pk)).status_code == 404


def test_clarification_ask_by_undeclared_reviewer_is_404(client, under_review):
    application, _c, undeclared, _x = under_review
    assert login(client, undeclared.reviewer).post(url("clarify", application.pk), {"question": "?"}).status_code == 404


# The decision -------------------------------------------------------------------------------------------------------


def _decision_post(application, outcome="approve"):
    data = {"outcome": outcome, "justification": "Meets every criterion of the Terms of Reference."}
    for criterion in application.criteria_version.criteria.all():
        data[f"agreed_{criterion.pk}"] = "met" if criterion.is_gate else "4"
        data[f"summary_comment_{criterion.pk}"] = f"Agreed on {criterion.code}."
    return data


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
        response = client.post(url("decision", application.pk), _decision_post(application))
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
    response = client.post(url("decision", application.pk), _decision_post(application))
    assert response.status_code == 200 and "record why you decide without them" in response.text
    assert not Decision.objects.exists()
    data = {**_decision_post(application), "reason_without_all_reviews": "Reviewer on long leave."}
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
    assert login(client, user).post(url("decision", application.pk), _decision_post(application)).status_code == 404
    assert not Decision.objects.exists()


def _application_with_reviews(n, boss):
    application = rf.submitted_application()
    for _ in range(n):
        assignment = rf.AssignmentFactory(application=application, reviewer=rf.reviewer(), assigned_by=boss)
        assignment.declared_at, assignment.has_conflict = assignment.assigned_at, False
        assignment.save()
        rf.submit_review(assignment)
    return application


def test_decision_page_query_count_is_the_same_with_2_and_8_reviews(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    boss = rf.decision_maker()
    login(client, rf.decision_maker())
    counts = {}
    for n in (2, 8):
        application = _application_with_reviews(n, boss)
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


# CSV export and audit trail ------------------------------------------------------------------------------


def test_export_csv_for_decision_maker_has_scores(client):
    application = rf.reviewed_application(score=Decimal("4.5"))
    response = login(client, rf.decision_maker()).get(url("export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert "security" in lines[0]
    assert application.reference in lines[1] and "4.50" in lines[1] and "admit/admit" in lines[1]


def _csv_rows(response):
    import csv
    import io

    return list(csv.reader(io.StringIO(response.content.decode())))


def test_export_csv_decision_maker_assigned_as_reviewer_gets_blank_scores_until_own_submitted(client, boss):
    application = rf.submitted_application()
    other = rf.reviewed_application(score=Decimal("3"))
    double = _decision_maker_and_reviewer()
    own = rf.assign(application, double, by=boss, declare=False)
    rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False), score=Decimal("4.5"))
    login(client, double)
    header, *rows = _csv_rows(client.get(url("export")))
    by_ref = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    hidden, shown = by_ref[application.reference], by_ref[other.reference]
    assert hidden["security"] == "" and hidden["Weighted total"] == "" and hidden["Recommendations"] == ""
    assert "4.50" not in ",".join(hidden.values()) and "met" not in ",".join(hidden.values())
    assert shown["Recommendations"] == "admit/admit" and "3.00" in shown.values()
    rf.submit_review(own, score=Decimal("3.5"))
    header, *rows = _csv_rows(client.get(url("export")))
    row = next(dict(zip(header, row, strict=True)) for row in rows if row[0] == application.reference)
    assert row["Recommendations"] == "admit/admit" and "4.00" in row.values()  # mean of 4.5 and 3.5


def test_export_csv_decision_maker_conflicted_on_an_application_gets_blank_scores(client, boss):
    application = rf.submitted_application()
    double = _decision_maker_and_reviewer()
    rf.assign(application, double, by=boss, declare=True)
    for _ in range(2):
        rf.submit_review(rf.assign(application, rf.reviewer(), by=boss, declare=False), score=Decimal("4.5"))
    header, row = _csv_rows(login(client, double).get(url("export")))
    row = dict(zip(header, row, strict=True))
    assert row["Reference"] == application.reference and row["Reviews submitted"] == "2"
    assert row["Recommendations"] == "" and row["Weighted total"] == "" and "4.50" not in row.values()


def test_export_csv_applicant_text_cannot_become_a_formula(client):
    organisation = factories.OrganisationFactory(legal_name='=HYPERLINK("http://x")')
    application = rf.reviewed_application(organisation=organisation)
    response = login(client, rf.decision_maker()).get(url("export"))
    _header, row = _csv_rows(response)
    assert row[0] == application.reference
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert '\'=HYPERLINK(""http://x"")' in response.content.decode()


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Silicon = chips", "Silicon = chips"),
        ("", ""),
        (None, ""),
        (Decimal("4.50"), "4.50"),
        (3, "3"),
    ],
)
def test_safe_cell_quotes_what_a_spreadsheet_would_run(value, cell):
    from common.csv_export import safe_cell

    assert safe_cell(value) == cell


@pytest.mark.parametrize("role", ["secretariat", "reviewer", "administrator", "applicant"])
def test_export_csv_for_others_is_404(client, role):
    user = {
        "secretariat": rf.secretariat,
        "reviewer": rf.reviewer,
        "administrator": rf.administrator,
        "applicant": factories.UserFactory,
    }[role]()
    assert login(client, user).get(url("export")).status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_export_csv_query_count_is_bounded_with_1_and_50_rows(client, rows, django_assert_max_num_queries):
    boss = rf.decision_maker()
    people = [rf.reviewer() for _ in range(2)]
    for _ in range(rows):
        application = rf.submitted_application()
        for person in people:
            rf.AssignmentFactory(application=application, reviewer=person, assigned_by=boss)
    login(client, boss)
    with django_assert_max_num_queries(14):
        response = client.get(url("export"))
    assert len(response.content.decode().splitlines()) == rows + 1


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


@pytest.mark.parametrize("role", ["decision_maker", "reviewer", "secretariat", "applicant"])
def test_audit_trail_for_others_is_404(client, role):
    application = rf.reviewed_application()
    user = {
        "decision_maker": rf.decision_maker,
        "reviewer": lambda: Assignment.objects.filter(application=application).first().reviewer,
        "secretariat": rf.secretariat,
        "applicant": lambda: rf.applicant_of(application),
    }[role]()
    assert login(client, user).get(url("audit", application.pk)).status_code == 404


@pytest.mark.parametrize("entries", [1, 50])
def test_audit_trail_query_count_is_bounded(client, entries, django_assert_max_num_queries):
    from audit.services import record

    application = rf.submitted_application()
    admin_user = rf.administrator()
    for n in range(entries):
        record(actor=rf.decision_maker(), action=f"test.step{n}", target=application)
    login(client, admin_user)
    with django_assert_max_num_queries(15):
        assert client.get(url("audit", application.pk)).status_code == 200


def test_nav_review_link_for_commission_staff_only(client):
    link = f'href="{url("queue")}"'
    assert link in login(client, rf.reviewer()).get(url("queue")).text
    assert link not in login(client, rf.secretariat()).get(reverse("applications:dashboard")).text
    assert link not in login(client, factories.UserFactory()).get(reverse("applications:dashboard")).text


# Who reaches what: every review URL, every role ---------------------------------------------------------------------

ROLES = (
    "applicant",
    "other_applicant",
    "reviewer",
    "unassigned_reviewer",
    "conflicted_reviewer",
    "decision_maker",
    "secretariat",
    "administrator",
)
POSTED = {"balance", "assign", "clarify"}
# 404 wherever the object must stay hidden. "reviewer" is assigned and declared no conflict; "unassigned_reviewer"
# reviews for the same alliance. Administrators configure the platform and are not reviewers: they see the application,
# its assignments and its audit trail, never scores, verdicts or comments (no export, no decision page).
# fmt: off
ACCESS = {
    #                      applicant other reviewer unassigned conflicted decider secretariat administrator
    "queue":              (404,      404,  200,     200,       200,       200,    404,        200),
    "export":             (404,      404,  404,     404,       404,       200,    404,        404),
    "balance":            (404,      404,  404,     404,       404,       302,    404,        302),
    "application":        (404,      404,  200,     404,       404,       200,    404,        200),
    "assign":             (404,      404,  404,     404,       404,       302,    404,        302),
    "declare":            (404,      404,  302,     404,       404,       404,    404,        404),
    "clarify":            (404,      404,  302,     404,       404,       404,    404,        404),
    "document":           (404,      404,  200,     404,       404,       200,    404,        200),
    "decision":           (404,      404,  404,     404,       404,       200,    404,        404),
    "audit":              (404,      404,  404,     404,       404,       404,    404,        200),
    "answer":             (302,      404,  404,     404,       404,       404,    404,        404),
    "clarification_file": (200,      404,  200,     404,       404,       200,    404,        200),
    "letter":             (200,      404,  404,     404,       404,       200,    404,        200),
}
# fmt: on


def _supporting_document(application):
    import hashlib

    from django.core.files.base import ContentFile

    from applications.models import SupportingDocument
    from tests.pdfs import pdf_bytes

    content = pdf_bytes()
    document = SupportingDocument(
        application=application,
        title="ISO",
        original_name="iso.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=application.created_by,
    )
    document.file.save("iso.pdf", ContentFile(content), save=False)
    document.save()
    return document


@pytest.mark.parametrize("name", list(ACCESS))
def test_access_matrix_every_review_url_for_every_role(client, name):
    """One world per URL (it renders PDFs, so not one per cell); every role asks in turn, the table says the answer."""
    boss = rf.decision_maker()
    application = rf.submitted_application()
    alliance = application.alliance
    people = {
        "applicant": rf.applicant_of(application),
        "other_applicant": factories.OrganisationFactory(owner=factories.UserFactory()).users.get(),
        "reviewer": rf.reviewer(alliance),
        "unassigned_reviewer": rf.reviewer(alliance),
        "conflicted_reviewer": rf.reviewer(alliance),
        "decision_maker": rf.decision_maker(),
        "secretariat": rf.secretariat(),
        "administrator": rf.administrator(),
    }
    rf.assign(application, people["reviewer"], by=boss, declare=False)
    rf.assign(application, people["conflicted_reviewer"], by=boss, declare=True)
    document = _supporting_document(application)
    clarification = rf.services.ask_clarification(application=application, by=people["reviewer"], question="Why?")
    rf.services.answer_clarification(
        clarification=clarification, by=people["applicant"], answer="Because.", uploaded_file=pdf_upload()
    )
    decision = None
    if name == "letter":
        decision = rf.services.decide(
            application=application,
            by=boss,
            outcome="approve",
            justification="Yes.",
            evaluation_summary=[],
            reason_without_all_reviews="Test of the letter.",
        )
        rf.services.store_decision_letter(decision_id=decision.pk)
    args = {
        "queue": (),
        "export": (),
        "balance": (),
        "document": (application.pk, document.pk),
        "answer": (clarification.pk,),
        "clarification_file": (clarification.pk,),
        "letter": (decision.pk,) if decision else (),
    }.get(name, (application.pk,))
    answers = {}
    for role in ROLES:
        login(client, people[role])
        if name in POSTED:
            data = {
                "balance": {"balance-alliance": alliance.pk},
                "assign": {"reviewer": rf.reviewer(alliance).pk},
                "clarify": {"question": f"A question from the {role}?"},
            }[name]
            response = client.post(url(name, *args), data)
        else:
            response = client.get(url(name, *args))
            if response.streaming:
                b"".join(response.streaming_content)  # read to the end, which closes the file
        answers[role] = response.status_code
    assert answers == dict(zip(ROLES, ACCESS[name], strict=True))


def test_applicant_detail_of_reviewed_application_shows_no_reviewer_or_individual_review(client, boss):
    application = rf.submitted_application()
    people = [rf.reviewer(full_name="Rita Reviewerson"), rf.reviewer(full_name="Rolf Reviewerman")]
    for person, score in zip(people, (Decimal("1.5"), Decimal("4.5")), strict=True):
        rf.submit_review(
            rf.assign(application, person, by=boss, declare=False),
            score=score,
            comment=f"Private remark of {person.full_name}.",
            recommendation="refuse" if score < 3 else "admit",
        )
    applicant = rf.applicant_of(application)
    login(client, applicant)

    def assert_nothing_of_the_reviews(text):
        for person in people:
            assert person.full_name not in text and person.email not in text
            assert f"Private remark of {person.full_name}." not in text
        assert "1.5" not in text and "4.5" not in text and "Meets the Terms of Reference." not in text
        assert "Refuse" not in text and "All reviews" not in text

    assert_nothing_of_the_reviews(client.get(reverse("applications:detail", args=[application.pk])).text)
    rf.services.decide(
        application=application,
        by=rf.decision_maker(),
        outcome="reject",
        justification="The gates on security are not met.",
        evaluation_summary=rf.summary_for(application),
    )
    text = client.get(reverse("applications:detail", args=[application.pk])).text
    assert "The gates on security are not met." in text  # the decision and its justification, but nothing more
    assert_nothing_of_the_reviews(text)


@pytest.mark.parametrize(
    ("outcome", "statement"),
    [("approve", "Decision: the application is approved."), ("reject", "Decision: the application is rejected.")],
)
def test_letter_pdf_states_decision_and_justification_without_reviewer_names(client, outcome, statement):
    from io import BytesIO

    from pypdf import PdfReader

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
    assert "Dora Decider" not in text


def test_application_administrator_sees_assignments_and_audit_but_no_scores(client, boss):
    application = rf.submitted_application()
    people = [rf.reviewer(full_name="Rita Reviewerson"), rf.reviewer(full_name="Rolf Reviewerman")]
    for person in people:
        rf.submit_review(
            rf.assign(application, person, by=boss, declare=False),
            score=Decimal("4.5"),
            comment=f"Remark of {person.full_name}.",
        )
    response = login(client, rf.administrator()).get(url("application", application.pk))
    assert response.status_code == 200
    text = response.text
    assert "Rita Reviewerson" in text and url("audit", application.pk) in text  # who reviews, and the trail
    assert "All reviews" not in text and 'id="weighted-total"' not in text
    assert (
        "4.5" not in text and "Remark of Rita Reviewerson." not in text and "Meets the Terms of Reference." not in text
    )
