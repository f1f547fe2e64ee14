"""An organisation controlled from outside the EU proves, in three answers and optionally a document, the
legal, organisational and technical measures that keep its data under EU law (Terms of Reference)."""

import pytest
from django.core.exceptions import ValidationError

from applications import services
from applications.selectors import missing_for_submission
from tests import factories
from tests.factories import applicants as fa
from tests.factories import reviews as rf
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db

MEASURES = {
    "non_eu_legal_measures": "Board veto on data transfers in our articles of association.",
    "non_eu_organisational_measures": "EU-resident data-protection officer and management.",
    "non_eu_technical_measures": "Data only in EU data centres; keys in EU HSMs.",
}
MISSING = {
    "non_eu_legal_measures": "describe the legal measures",
    "non_eu_organisational_measures": "describe the organisational measures",
    "non_eu_technical_measures": "describe the technical measures",
}


@pytest.fixture
def non_eu_draft(applicant, semiconductors):
    organisation = fa.non_eu_controlled_organisation(applicant)
    return services.start_application(organisation=organisation, alliance=semiconductors, by=applicant)


def test_organisation_step_asks_the_three_measures_of_a_non_eu_controlled_organisation(non_eu_draft, applicant_client):
    html = applicant_client.get(f"/applications/{non_eu_draft.pk}/edit/organisation/").content.decode()

    for name in MEASURES:
        assert f'<label for="id_app-{name}">' in html
    assert "Measures against control from outside the EU" in html
    assert f"/applications/{non_eu_draft.pk}/edit/documents/" in html


def test_organisation_step_does_not_ask_an_eu_organisation_for_the_measures(applicant_client, organisation, applicant):
    draft = factories.ApplicationFactory(organisation=organisation, created_by=applicant)

    html = applicant_client.get(f"/applications/{draft.pk}/edit/organisation/").content.decode()

    assert "non_eu_" not in html
    assert not any("measures" in item for item in missing_for_submission(draft))


def test_organisation_step_saves_the_three_measures(non_eu_draft, applicant_client):
    applicant_client.post(
        f"/applications/{non_eu_draft.pk}/edit/organisation/",
        {"app-presentation": "Memory fab.", **{f"app-{name}": text for name, text in MEASURES.items()}, "save": "1"},
    )

    non_eu_draft.refresh_from_db()
    assert {name: getattr(non_eu_draft, name) for name in MEASURES} == MEASURES


@pytest.mark.parametrize("missing_one", list(MEASURES))
def test_missing_for_submission_lists_each_missing_measure(non_eu_draft, missing_one):
    for name, text in MEASURES.items():
        setattr(non_eu_draft, name, "" if name == missing_one else text)
    non_eu_draft.save()

    missing = " ".join(missing_for_submission(non_eu_draft))

    for name, words in MISSING.items():
        assert (words in missing) == (name == missing_one)


def test_missing_for_submission_lists_all_three_when_none_is_answered(non_eu_draft):
    missing = " ".join(missing_for_submission(non_eu_draft))

    assert all(words in missing for words in MISSING.values())


def test_submission_is_refused_until_the_three_measures_are_answered(non_eu_draft, applicant):
    factories.complete_but_unsigned(non_eu_draft)
    non_eu_draft.non_eu_legal_measures = MEASURES["non_eu_legal_measures"]
    non_eu_draft.save()

    with pytest.raises(ValidationError) as refused:
        services.submit(application=non_eu_draft, by=applicant)

    # The two measures still missing; since issue 11 the Declaration cannot be signed before they are there,
    # so it is missing too (before, the test signed it first and expected the two measures only).
    messages = refused.value.messages
    assert len(messages) == 3
    assert (
        MISSING["non_eu_organisational_measures"] in messages[0] and MISSING["non_eu_technical_measures"] in messages[1]
    )
    assert messages[2] == "Declaration: the Declaration is not signed."
    non_eu_draft.refresh_from_db()
    assert non_eu_draft.state == "draft"


def test_document_can_be_marked_as_proof_of_the_measures(non_eu_draft, applicant_client):
    url = f"/applications/{non_eu_draft.pk}/edit/documents/"
    assert 'name="proves_non_eu_control_measures"' in applicant_client.get(url).content.decode()

    applicant_client.post(
        url, {"title": "Board resolution", "file": pdf_upload(), "proves_non_eu_control_measures": "on"}
    )
    applicant_client.post(url, {"title": "ISO certificate", "file": pdf_upload()})

    marked = dict(non_eu_draft.documents.values_list("title", "proves_non_eu_control_measures"))
    assert marked == {"Board resolution": True, "ISO certificate": False}
    step = applicant_client.get(f"/applications/{non_eu_draft.pk}/edit/organisation/").content.decode()
    assert "Uploaded as proof:" in step
    assert "Board resolution" in step


def test_eu_organisation_documents_cannot_be_marked_as_proof(applicant_client, organisation, applicant):
    draft = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    url = f"/applications/{draft.pk}/edit/documents/"
    assert "proves_non_eu_control_measures" not in applicant_client.get(url).content.decode()

    applicant_client.post(url, {"title": "Policy", "file": pdf_upload(), "proves_non_eu_control_measures": "on"})

    assert draft.documents.get().proves_non_eu_control_measures is False


def submitted_non_eu_application(applicant):
    organisation = fa.non_eu_controlled_organisation(applicant)
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant, **MEASURES)
    services.add_document(
        application=application,
        by=applicant,
        title="Board resolution",
        uploaded_file=pdf_upload(),
        proves_non_eu_control_measures=True,
    )
    factories.ready_to_submit(application)
    return services.submit(application=application, by=applicant)


def test_snapshot_keeps_the_three_measures_and_the_proof(applicant):
    application = submitted_non_eu_application(applicant)

    snapshot = application.snapshot
    assert {name: snapshot[name] for name in MEASURES} == MEASURES
    assert snapshot["organisation"]["controlled_outside_eu"] is True
    assert snapshot["documents"][0]["title"] == "Board resolution"
    assert snapshot["documents"][0]["proves_non_eu_control_measures"] is True


def test_reviewers_page_shows_the_three_measures_and_the_proof(client, applicant):
    application = submitted_non_eu_application(applicant)
    reviewer = rf.reviewer(application.alliance)
    rf.assign(application, reviewer, declare=False)
    client.force_login(reviewer)

    html = client.get(f"/review/{application.pk}/").content.decode()

    assert "Legal measures against non-EU control" in html
    for text in MEASURES.values():
        assert text in html
    assert "Board resolution <strong>(proof of the measures against non-EU control)</strong>" in html


def test_applicant_page_shows_a_snapshot_frozen_before_the_split(applicant_client, organisation, applicant):
    application = factories.submitted_application(organisation=organisation, by=applicant)
    application.snapshot["non_eu_control_measures"] = "Our one text from before."
    application.save(update_fields=["snapshot"])

    html = applicant_client.get(f"/applications/{application.pk}/").content.decode()

    assert "Our one text from before." in html
