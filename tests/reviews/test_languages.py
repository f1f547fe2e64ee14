"""The decision letter goes out in the applicant's language, whoever decides."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from reviews import services
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def letter_text(decision):
    with decision.letter.open("rb") as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def decided(application, by):
    # As the decision form records it: the titles and verdicts as the decision maker read them.
    summary = [
        {"code": "legal-representative", "title": "Représentant légal dans l'Union", "kind": "gate", "verdict": "met",
         "verdict_label": "Rempli", "score": "", "scale_max": "5", "comment": "Oui."},
        {"code": "security-of-supply", "title": "Sécurité d'approvisionnement", "kind": "score", "verdict": "",
         "verdict_label": "", "score": "4", "scale_max": "5", "comment": "Solide."},
    ]  # fmt: skip
    with translation.override(by.language):
        decision = services.decide(
            application=application, by=by, outcome="approve", justification="Oui.", evaluation_summary=summary
        )
    return services.store_decision_letter(decision_id=decision.pk)


def test_the_decision_letter_is_in_the_german_applicants_language():
    application = rf.reviewed_application()
    application.created_by.language = "de"
    application.created_by.save()

    decision = decided(application, rf.decision_maker(language="fr"))

    text = letter_text(decision)
    # The alliance's German name (reference data); the letter's sentences follow the German catalogue.
    assert "Allianz für Prozessoren und Halbleitertechnologien" in text
    assert "Alliance pour les processeurs" not in text
    assert "Alliance on Processors" not in text
    assert "Versorgungssicherheit" in text
    assert "Gesetzlicher Vertreter in der Union" in text
    assert "Sécurité d'approvisionnement" not in text


def test_the_decision_letter_is_in_english_for_an_applicant_without_a_saved_language():
    application = rf.reviewed_application()

    decision = decided(application, rf.decision_maker(language="de"))

    text = letter_text(decision)
    assert "Alliance on Processors and Semiconductor Technologies" in text
    assert "Security of supply" in text
