"""The application page: assigning, the conflict declaration, the review form, questions, documents."""

import hashlib
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.base import ContentFile

from applications.models import SupportingDocument
from reviews.models import Assignment, Review
from tests import factories
from tests.factories import reviews as rf
from tests.helpers import fetch, login
from tests.pdfs import pdf_bytes, pdf_upload
from tests.reviews.pages import url

pytestmark = pytest.mark.django_db


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
    assert 'class="error-summary"' in response.text and 'href="#id_reviewer"' in response.text
    assert Assignment.objects.filter(application=application, reviewer=person).count() == (case == "conflict")


def test_assign_view_by_reviewer_is_404(client, under_review):
    application, cleared, *_ = under_review
    assert (
        login(client, cleared.reviewer)
        .post(url("assign", application.pk), {"reviewer": cleared.reviewer.pk})
        .status_code
        == 404
    )


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


def test_application_decision_maker_assigned_as_reviewer_sees_reviews_only_after_own(client, boss):
    application = rf.submitted_application()
    double = rf.decision_maker_and_reviewer()
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
    double = rf.decision_maker_and_reviewer()
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


def test_clarification_ask_by_undeclared_reviewer_is_404(client, under_review):
    application, _c, undeclared, _x = under_review
    assert login(client, undeclared.reviewer).post(url("clarify", application.pk), {"question": "?"}).status_code == 404


def test_review_form_shows_each_criterion_s_applicant_answer_beside_its_field(client, under_review):
    application, cleared, _u, _c = under_review
    answers = {answer["criterion"]: answer["text"] for answer in application.snapshot["answers"]}
    security = application.criteria_version.criteria.get(code="security")

    html = login(client, cleared.reviewer).get(url("application", application.pk)).text

    fieldset = html[html.index(f'id="answer-{security.pk}"') :]
    fieldset = fieldset[: fieldset.index("</fieldset>")]
    assert "The applicant's answer" in fieldset and answers["security"] in fieldset
    assert f'name="{"verdict" if security.is_gate else "score"}_{security.pk}"' in fieldset


def test_review_submit_asks_for_confirmation_and_a_failed_form_shows_the_error_summary(client, under_review):
    application, cleared, _u, _c = under_review
    login(client, cleared.reviewer)

    page = client.get(url("application", application.pk)).text
    response = client.post(url("application", application.pk), {"submit": "1"})

    assert 'name="submit" data-confirm="Submit the review?' in page
    assert 'class="error-summary"' in response.text and "There is a problem" in response.text
