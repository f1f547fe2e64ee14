"""The step "Declaration": signed only once the rest is complete, and again when the application changed since."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from applications import services as application_services
from applications.content import content_fingerprint
from applications.selectors import missing_for_submission
from declarations import services
from declarations.models import Signature
from tests import factories

pytestmark = pytest.mark.django_db

SIGN = {"signatory_name": "Anna de Vries", "signatory_position": "CEO", "confirm": "on"}


def test_declaration_step_asks_to_complete_the_other_steps_first(draft, applicant_client):
    html = applicant_client.get(f"/applications/{draft.pk}/edit/declaration/").content.decode()

    assert "Complete the other steps first" in html
    assert "Sign the Declaration</button>" not in html


def test_declaration_is_not_signed_while_the_rest_is_incomplete(draft, applicant_client):
    response = applicant_client.post(f"/applications/{draft.pk}/edit/declaration/", SIGN)

    assert response.status_code == 302
    assert not Signature.objects.filter(application=draft).exists()


def test_declaration_is_signed_once_the_rest_is_complete_with_the_content_fingerprint(draft, applicant_client):
    factories.answer_every_criterion(draft)
    application_services.save_step(application=draft, by=draft.created_by, fields={"presentation": "We design."})

    applicant_client.post(f"/applications/{draft.pk}/edit/declaration/", SIGN)

    signature = Signature.objects.get(application=draft)
    assert len(signature.content_sha256) == 64
    assert missing_for_submission(draft) == []


def test_a_change_after_signing_asks_to_sign_again_and_says_why(draft, applicant_client):
    factories.ready_to_submit(draft)

    application_services.save_step(application=draft, by=draft.created_by, fields={"presentation": "Changed."})

    assert missing_for_submission(draft) == [
        "Declaration: the application changed after the Declaration was signed; sign it again."
    ]
    html = applicant_client.get(f"/applications/{draft.pk}/edit/declaration/").content.decode()
    assert 'id="sign-again"' in html
    assert "has changed since" in html
    nav = applicant_client.get(f"/applications/{draft.pk}/edit/organisation/").content.decode()
    assert '6. Declaration <span class="step-status">(to do)</span>' in nav


def test_signing_again_after_a_change_makes_the_application_submittable(draft, applicant_client):
    factories.ready_to_submit(draft)
    application_services.save_step(application=draft, by=draft.created_by, fields={"presentation": "Changed."})

    applicant_client.post(f"/applications/{draft.pk}/edit/declaration/", SIGN)

    assert Signature.objects.filter(application=draft).count() == 2
    assert missing_for_submission(draft) == []


def test_the_fingerprint_does_not_depend_on_the_language_the_page_is_read_in(draft):
    factories.ready_to_submit(draft)
    with translation.override("fr"):
        in_french = content_fingerprint(draft)
    assert in_french == content_fingerprint(draft)
    assert missing_for_submission(draft) == []


def test_the_service_refuses_to_sign_an_incomplete_application(draft, applicant):
    with pytest.raises(ValidationError) as refused:
        services.sign(application=draft, by=applicant, signatory_name="A", signatory_position="B")

    assert refused.value.messages[0] == "Complete the other steps first: the Declaration covers what you submit."
    assert not Signature.objects.filter(application=draft).exists()
