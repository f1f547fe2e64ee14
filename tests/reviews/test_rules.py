"""Who reaches what: every review URL for every role (404 wherever the object must stay hidden)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications import services as application_services
from tests import factories
from tests.factories import reviews as rf
from tests.helpers import login
from tests.pdfs import pdf_upload
from tests.reviews.pages import url

pytestmark = pytest.mark.django_db


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
# its assignments and its audit trail, never scores, verdicts or comments (no export, no decision page). Decision makers
# see the audit trail of the applications they decide (issue 11: before, it was for administrators only).
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
    "audit":              (404,      404,  404,     404,       404,       200,    404,        200),
    "answer":             (302,      404,  404,     404,       404,       404,    404,        404),
    "clarification_file": (200,      404,  200,     404,       404,       200,    404,        200),
    "letter":             (200,      404,  404,     404,       404,       200,    404,        200),
}
# fmt: on


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
    document = rf.supporting_document(application)
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


# Issue 9: decision makers see applications from submission on: never a draft, nor its files. ----------------


@pytest.fixture
def owner():
    return factories.UserFactory()


@pytest.fixture
def draft(owner, semiconductors):
    organisation = factories.OrganisationFactory(owner=owner)
    return application_services.start_application(organisation=organisation, alliance=semiconductors, by=owner)


def review_pages(application, document):
    return [
        reverse("reviews:application", args=[application.pk]),
        reverse("reviews:document", args=[application.pk, document.pk]),
        reverse("reviews:decision", args=[application.pk]),
    ]


def test_decision_maker_gets_404_for_a_draft_and_its_files(client, owner, draft):
    document = application_services.add_document(
        application=draft, by=owner, title="Evidence", uploaded_file=pdf_upload()
    )
    client.force_login(rf.decision_maker())

    assert [client.get(url).status_code for url in review_pages(draft, document)] == [404, 404, 404]


def test_decision_maker_gets_404_for_an_application_withdrawn_before_submission(client, owner, draft):
    document = application_services.add_document(
        application=draft, by=owner, title="Evidence", uploaded_file=pdf_upload()
    )
    application_services.withdraw(application=draft, by=owner, reason="We apply next year.")
    client.force_login(rf.decision_maker())

    assert [client.get(url).status_code for url in review_pages(draft, document)] == [404, 404, 404]


def test_decision_maker_reads_a_submitted_application_and_its_files(client, semiconductors):
    owner = factories.UserFactory()
    application = factories.ApplicationFactory(created_by=owner)
    document = application_services.add_document(
        application=application, by=owner, title="Evidence", uploaded_file=pdf_upload()
    )
    factories.ready_to_submit(application, by=owner)
    application_services.submit(application=application, by=owner)
    client.force_login(rf.decision_maker())

    page = client.get(reverse("reviews:application", args=[application.pk]))
    download = client.get(reverse("reviews:document", args=[application.pk, document.pk]))
    b"".join(download.streaming_content)  # reading a streamed download to its end closes the file

    assert (page.status_code, download.status_code) == (200, 200)
