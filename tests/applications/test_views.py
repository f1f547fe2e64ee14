import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import services
from applications.models import Application, CriterionAnswer, SupportingDocument
from audit.models import AuditEntry
from notifications.models import OutgoingEmail
from tests import factories
from tests.helpers import fetch
from tests.pdfs import fake_pdf_upload, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def test_second_open_application_for_the_same_alliance_is_refused_with_a_message(draft, applicant_client):
    response = applicant_client.post(
        "/applications/start/", {"organisation": draft.organisation_id, "alliance": draft.alliance_id}, follow=True
    )

    assert "already has an open application" in response.content.decode()
    assert Application.objects.count() == 1


def test_step_saves_a_draft_that_is_there_when_the_applicant_comes_back(draft, applicant_client):
    applicant_client.post(
        f"/applications/{draft.pk}/edit/activities/",
        {
            "value_chain_segments": ["design", "equipment"],
            "technology_areas": ["quantum"],
            "relevant_activities": "Cryogenic test equipment.",
            "save": "1",
        },
    )

    response = applicant_client.get(f"/applications/{draft.pk}/edit/activities/")
    html = response.content.decode()
    assert "Cryogenic test equipment." in html
    draft.refresh_from_db()
    assert draft.value_chain_segments == ["design", "equipment"]


def test_save_and_continue_goes_to_the_next_step(draft, applicant_client):
    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/activities/",
        {"value_chain_segments": ["design"], "relevant_activities": "Design.", "continue": "1"},
    )

    assert response.headers["Location"] == f"/applications/{draft.pk}/edit/criteria/"


def test_invalid_field_is_marked_and_the_valid_ones_are_kept(draft, applicant_client):
    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/activities/",
        {"value_chain_segments": ["not-a-segment"], "relevant_activities": "Kept text.", "save": "1"},
    )

    assert response.status_code == 200
    assert "value_chain_segments" in response.context["form"].errors
    assert 'id="id_value_chain_segments_error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.relevant_activities == "Kept text."


def test_criteria_step_keeps_every_answer_when_one_is_too_long(draft, applicant_client):
    criteria = list(draft.criteria_version.criteria.all())
    data = {f"text_{c.pk}": f"Answer {c.code}" for c in criteria}
    data.update({f"meets_{c.pk}": "yes" for c in criteria if c.is_gate})
    data[f"text_{criteria[-1].pk}"] = "x" * 10001

    response = applicant_client.post(f"/applications/{draft.pk}/edit/criteria/", data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"text_{criteria[-1].pk}"]
    saved = dict(CriterionAnswer.objects.filter(application=draft).values_list("criterion__code", "text"))
    assert saved["security"] == "Answer security"
    assert "practical-utility" not in saved
    assert CriterionAnswer.objects.get(application=draft, criterion__code="legal-representative").meets is True


def test_non_eu_controlled_organisation_is_asked_for_the_additional_proof(applicant, semiconductors, applicant_client):
    organisation = factories.OrganisationFactory(
        owner=applicant, ultimate_parent_name="Pacific Memory Corp.", ultimate_parent_country="TW"
    )
    application = services.start_application(organisation=organisation, alliance=semiconductors, by=applicant)

    response = applicant_client.get(f"/applications/{application.pk}/edit/organisation/")

    html = response.content.decode()
    for name in ["non_eu_legal_measures", "non_eu_organisational_measures", "non_eu_technical_measures"]:
        assert f'id="id_app-{name}"' in html
    factories.complete_but_unsigned(application)  # the Declaration cannot be signed while the measures are missing
    with pytest.raises(ValidationError, match="ultimate parent is outside the EU"):
        services.submit(application=application, by=applicant)


def test_eu_organisation_is_not_asked_for_non_eu_measures(draft, applicant_client):
    response = applicant_client.get(f"/applications/{draft.pk}/edit/organisation/")

    assert "non_eu_" not in response.content.decode()


def test_upload_accepts_a_pdf_and_records_its_fingerprint(draft, applicant_client):
    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/documents/", {"title": "Register extract", "file": pdf_upload()}
    )

    assert response.status_code == 302
    document = draft.documents.get()
    assert document.title == "Register extract"
    assert len(document.sha256) == 64
    with document.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_upload_refuses_a_file_that_only_claims_to_be_a_pdf(draft, applicant_client):
    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/documents/", {"title": "Certificate", "file": fake_pdf_upload()}
    )

    assert response.status_code == 200
    assert "this file is not a PDF" in response.content.decode()
    assert not draft.documents.exists()


def test_upload_refuses_a_file_over_the_size_limit(draft, applicant_client, settings):
    settings.MAX_UPLOAD_SIZE = 100

    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/documents/", {"title": "Big", "file": pdf_upload()}
    )

    assert "the limit is 100" in response.content.decode()
    assert not draft.documents.exists()


def test_upload_refuses_a_damaged_pdf(draft, applicant_client, settings):
    damaged = SimpleUploadedFile("d.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 20, content_type="application/pdf")
    response = applicant_client.post(f"/applications/{draft.pk}/edit/documents/", {"title": "D", "file": damaged})

    assert "damaged" in response.content.decode()
    assert not SupportingDocument.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [path for path in media.rglob("*") if path.is_file()]


def test_upload_help_text_gives_the_configured_size_limit(draft, applicant_client, settings):
    settings.MAX_UPLOAD_SIZE = 5 * 1024 * 1024
    factories.complete_but_unsigned(draft)  # the Declaration's form shows once the rest is complete

    documents = applicant_client.get(f"/applications/{draft.pk}/edit/documents/").content.decode()
    declaration = applicant_client.get(f"/applications/{draft.pk}/edit/declaration/").content.decode()

    assert "PDF only, at most 5.0\xa0MB." in documents
    assert "PDF only, at most 5.0\xa0MB." in declaration
    assert "10 MB" not in documents


def test_document_can_be_removed_while_draft(draft, applicant_client, applicant):
    document = services.add_document(application=draft, by=applicant, title="Old", uploaded_file=pdf_upload())

    applicant_client.post(f"/applications/{draft.pk}/documents/{document.pk}/remove/")

    assert not draft.documents.exists()


def test_document_download_returns_the_uploaded_bytes(draft, applicant_client, applicant):
    document = services.add_document(application=draft, by=applicant, title="Policy", uploaded_file=pdf_upload())

    status, body = fetch(applicant_client, f"/applications/{draft.pk}/documents/{document.pk}/")

    assert status == 200
    assert body == pdf_bytes()


def test_submit_page_says_what_is_missing(draft, applicant_client):
    response = applicant_client.get(f"/applications/{draft.pk}/edit/submit/")

    html = response.content.decode()
    assert "Declaration: the Declaration is not signed." in html
    assert "“Security, including cybersecurity” is not answered." in html


def test_submit_without_signature_is_refused_and_nothing_changes(draft, applicant_client):
    factories.answer_every_criterion(draft)

    response = applicant_client.post(f"/applications/{draft.pk}/submit/", follow=True)

    assert "the Declaration is not signed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == Application.State.DRAFT


def test_submit_freezes_a_snapshot_records_the_move_and_sends_a_receipt(
    draft, applicant, applicant_client, django_capture_on_commit_callbacks
):
    # The document first: the Declaration signed last covers it (a change after signing asks to sign again).
    services.add_document(application=draft, by=applicant, title="Certificate", uploaded_file=pdf_upload())
    factories.ready_to_submit(draft)

    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(f"/applications/{draft.pk}/submit/")

    assert response.headers["Location"] == f"/applications/{draft.pk}/"
    draft.refresh_from_db()
    assert draft.state == Application.State.SUBMITTED
    assert draft.submitted_at is not None
    assert draft.snapshot["organisation"]["legal_name"] == draft.organisation.legal_name
    assert len(draft.snapshot["answers"]) == 7
    assert draft.snapshot["documents"][0]["title"] == "Certificate"
    assert draft.snapshot["declaration"]["signatory"] == "Anna de Vries"
    entry = AuditEntry.objects.get(action="application.state_changed", target_id=str(draft.pk))
    assert (entry.actor, entry.from_state, entry.to_state) == (applicant, "draft", "submitted")
    receipt = mail.outbox[-1]
    assert receipt.subject == f"Receipt: application {draft.reference} submitted"
    assert applicant.email in receipt.to
    assert OutgoingEmail.objects.get(subject=receipt.subject).status == "sent"


def test_submitted_application_is_frozen(draft, applicant, applicant_client):
    factories.ready_to_submit(draft)
    services.submit(application=draft, by=applicant)

    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/activities/", {"relevant_activities": "Changed after submission"}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.relevant_activities != "Changed after submission"
    with pytest.raises(PermissionDenied):
        services.save_step(application=draft, by=applicant, fields={"presentation": "changed"})
    with pytest.raises(PermissionDenied):
        services.add_document(application=draft, by=applicant, title="late", uploaded_file=pdf_upload())


def test_withdrawal_before_a_decision_records_the_reason(applicant, applicant_client, organisation):
    application = factories.submitted_application(organisation=organisation, by=applicant)

    applicant_client.post(f"/applications/{application.pk}/withdraw/", {"reason": "Merged with another member"})

    application.refresh_from_db()
    assert application.state == Application.State.WITHDRAWN
    entry = AuditEntry.objects.filter(action="application.state_changed").last()
    assert entry.reason == "Merged with another member"


def test_withdrawal_without_a_reason_shows_the_error(draft, applicant_client):
    response = applicant_client.post(f"/applications/{draft.pk}/withdraw/", {"reason": ""})

    assert "reason" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.state == Application.State.DRAFT


def test_dashboard_shows_each_application_with_its_status(applicant, applicant_client, organisation):
    application = factories.submitted_application(organisation=organisation, by=applicant)

    html = applicant_client.get("/applications/").content.decode()

    assert application.reference in html
    assert "Submitted" in html


def history_of(html):
    """The entries of the page's history timeline, as text."""
    timeline = re.search(r'<ol class="timeline" id="application-history"[^>]*>(.*?)</ol>', html, re.S)
    assert timeline, "the page has no history timeline"
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in re.findall(r"<li>(.*?)</li>", timeline[1], re.S)]


def test_detail_shows_the_history_of_states(applicant, applicant_client, organisation):
    application = factories.submitted_application(organisation=organisation, by=applicant)
    services.withdraw(application=application, by=applicant, reason="Merged with another member")

    html = applicant_client.get(f"/applications/{application.pk}/").content.decode()

    history = history_of(html)
    assert len(history) == 3
    assert history[0].endswith("— Draft started")
    assert history[1].endswith("— Submitted")
    assert history[2].endswith("— Withdrawn: Merged with another member")
    assert "Download the signed Declaration (PDF)" in html


def test_history_names_the_applicant_and_calls_staff_the_commission(applicant, applicant_client, organisation):
    applicant.full_name = "Eva Lindqvist"
    applicant.save()
    application = factories.submitted_application(organisation=organisation, by=applicant)
    officer = factories.UserFactory(full_name="Otto Officer")
    services.transition(application=application, to_state=Application.State.UNDER_REVIEW, by=officer)

    html = applicant_client.get(f"/applications/{application.pk}/").content.decode()

    history = history_of(html)
    assert "— Eva Lindqvist — Draft started" in history[0]
    assert history[1].endswith("— Eva Lindqvist — Submitted")
    assert history[2].endswith("— the Commission — Under review")
    assert "Otto Officer" not in html and officer.email not in html


def test_withdrawing_and_removing_a_document_ask_for_confirmation(applicant, applicant_client, draft):
    services.add_document(application=draft, by=applicant, title="Certificate", uploaded_file=pdf_upload())

    withdraw = applicant_client.get(f"/applications/{draft.pk}/withdraw/").content.decode()
    documents = applicant_client.get(f"/applications/{draft.pk}/edit/documents/").content.decode()

    assert 'data-confirm="Withdraw the application? It cannot be reopened."' in withdraw
    assert 'data-confirm="Remove “Certificate”?"' in documents


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/applications/{pk}/", "{ref}"),
        ("/applications/{pk}/withdraw/", "Withdraw application {ref}"),
        ("/applications/{pk}/edit/organisation/", "Organisation — {ref}"),
        ("/applications/{pk}/edit/submit/", "Check and submit — {ref}"),
        ("/applications/{pk}/edit/declaration/", "Declaration — {ref}"),
    ],
)
def test_each_application_page_has_its_own_title(applicant_client, draft, path, title):
    html = applicant_client.get(path.format(pk=draft.pk)).content.decode()

    assert f"<title>{title.format(ref=draft.reference)}" in html
