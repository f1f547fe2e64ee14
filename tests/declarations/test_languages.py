"""A Declaration is signed in the language the signer picks; the fingerprint and the PDF cover that text."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.html import escape
from pypdf import PdfReader

from audit.selectors import entries_for
from declarations import services
from declarations.models import DeclarationVersion, PublishedVersionIsFinal, Signature
from documents.pdf import sha256_hex
from notifications.models import OutgoingEmail
from tests import factories
from tests.factories import groups as factories_groups

pytestmark = pytest.mark.django_db

FRENCH_PREVAILS = "En cas de divergence entre les versions linguistiques, la version anglaise prévaut."
GERMAN_PREVAILS = "Weichen die Sprachfassungen voneinander ab, ist die englische Fassung maßgebend."
ENGLISH_PREVAILS = "If the language versions differ, the English version prevails."
FRENCH_MONTHS = [
    *("janvier", "février", "mars", "avril", "mai", "juin"),
    *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
]


def pdf_reader(signature):
    with signature.pdf.open("rb") as stored:
        return PdfReader(io.BytesIO(stored.read()))


def pdf_text(signature):
    return " ".join(" ".join(page.extract_text() for page in pdf_reader(signature).pages).split())


def sign_in(language, *, applicant, organisation):
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)  # the Declaration is signed last
    signature = services.sign(
        application=application,
        by=applicant,
        signatory_name="Anne Dupont",
        signatory_position="Directrice générale",
        language=language,
    )
    return services.store_signed_pdf(signature_id=signature.pk)


def test_the_reference_declarations_exist_in_every_language_and_say_which_prevails(semiconductors, cloud_alliance):
    for alliance in (semiconductors, cloud_alliance):
        version = DeclarationVersion.objects.get(alliance=alliance, version=1)
        assert version.languages == ["en", "fr", "de"]
        assert ENGLISH_PREVAILS in version.text_in("en")
        assert FRENCH_PREVAILS in version.text_in("fr")
        assert GERMAN_PREVAILS in version.text_in("de")
        assert version.title_fr.startswith("Déclaration")
        assert version.title_de.startswith("Erklärung")


def test_the_terms_of_reference_say_which_language_version_prevails(semiconductors):
    terms = semiconductors.terms_of_reference.get(version=1)

    assert "the English version prevails" in terms.text_en
    assert "la version anglaise prévaut" in terms.text_fr
    assert "ist die englische Fassung maßgebend" in terms.text_de
    assert "critères d'éligibilité" in terms.text_fr.lower()
    assert "Förderfähigkeitskriterien" in terms.text_de


def test_a_declaration_signed_in_french_records_french_and_its_fingerprint_covers_the_french_text(
    applicant, organisation, semiconductors
):
    signature = sign_in("fr", applicant=applicant, organisation=organisation)

    version = signature.declaration_version
    stored = Signature.objects.get(pk=signature.pk)
    assert stored.language == "fr"
    assert stored.text_signed == version.text_fr
    assert FRENCH_PREVAILS in stored.text_signed
    assert stored.text_sha256 == sha256_hex(version.text_fr)
    assert stored.text_sha256 != sha256_hex(version.text_en)
    assert services.verify(stored).intact


def test_the_pdf_of_a_declaration_signed_in_french_is_in_french(applicant, organisation, semiconductors):
    signature = sign_in("fr", applicant=applicant, organisation=organisation)

    text = pdf_text(signature)
    assert FRENCH_PREVAILS in text
    assert "Déclaration — Alliance pour les processeurs et les technologies des semi-conducteurs" in text
    assert "représentant légal dans un État membre de l'Union européenne" in text
    assert ENGLISH_PREVAILS not in text
    assert pdf_reader(signature).trailer["/Root"]["/Lang"] == "fr"
    # The month of the signing date is French too (Django's own translations).
    assert FRENCH_MONTHS[timezone.localtime(signature.signed_at).month - 1] in text


def test_a_declaration_signed_in_german_gives_a_german_pdf_whatever_the_page_language(
    applicant, organisation, semiconductors
):
    with translation.override("fr"):
        signature = sign_in("de", applicant=applicant, organisation=organisation)

    text = pdf_text(signature)
    assert signature.language == "de"
    assert GERMAN_PREVAILS in text
    assert FRENCH_PREVAILS not in text


def test_by_default_the_signer_signs_in_their_own_language(applicant, organisation, semiconductors):
    applicant.language = "de"
    applicant.save()

    signature = sign_in(None, applicant=applicant, organisation=organisation)

    assert signature.language == "de"
    assert signature.text_signed == signature.declaration_version.text_de


def test_a_language_the_version_has_no_text_in_is_refused(applicant, organisation, semiconductors):
    version = DeclarationVersion.objects.get(alliance=semiconductors, version=1)
    DeclarationVersion.objects.filter(pk=version.pk).update(text_de="")
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)  # the Declaration is signed last

    with pytest.raises(ValidationError):
        services.sign(application=application, by=applicant, signatory_name="A", signatory_position="B", language="de")
    assert not Signature.objects.exists()


def test_a_french_signature_altered_to_the_english_text_fails_verification(applicant, organisation, semiconductors):
    signature = sign_in("fr", applicant=applicant, organisation=organisation)
    english = signature.declaration_version.text_en
    Signature.objects.filter(pk=signature.pk).update(text_signed=english, text_sha256=sha256_hex(english))

    result = services.verify(Signature.objects.get(pk=signature.pk))

    assert not result.intact


def test_the_signing_form_offers_every_language_and_preselects_the_signers(
    client, applicant, organisation, semiconductors
):
    applicant.language = "fr"
    applicant.save()
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)  # the Declaration is signed last
    client.force_login(applicant)

    page = client.get(f"/applications/{application.pk}/edit/declaration/").content.decode()

    assert '<html lang="fr">' in page
    options = re.findall(r'<option value="(\w+)"( selected)?>', page[page.index('name="language"') :])
    assert [code for code, _selected in options[:3]] == ["en", "fr", "de"]
    assert dict(options[:3])["fr"] == " selected"
    # The French text is shown first; the others are a click away, each marked with its language.
    french = DeclarationVersion.objects.get(alliance=semiconductors, version=1).text_fr
    assert f'id="declaration-text" lang="fr">{escape(french)}' in page
    assert '<div class="declaration-text" lang="de">' in page


def test_signing_on_the_form_in_german_records_german(
    client, applicant, organisation, semiconductors, django_capture_on_commit_callbacks
):
    application = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    factories.complete_but_unsigned(application)  # the Declaration is signed last
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/applications/{application.pk}/edit/declaration/",
            {"signatory_name": "Anna de Vries", "signatory_position": "CEO", "confirm": "on", "language": "de"},
        )

    assert response.status_code == 302
    signature = Signature.objects.get(application=application)
    assert signature.language == "de"
    assert GERMAN_PREVAILS in pdf_text(signature)


def test_the_verification_page_shows_the_language_signed(client, applicant, organisation, semiconductors):
    signature = sign_in("fr", applicant=applicant, organisation=organisation)
    client.force_login(applicant)

    english = client.get(f"/declarations/{signature.pk}/verify/").content.decode()

    assert '<dd id="signed-language">French</dd>' in english


def test_a_member_asked_to_sign_a_new_version_is_asked_in_their_language(
    semiconductors, django_capture_on_commit_callbacks
):
    german_owner = factories.UserFactory(language="de")
    member = factories_groups.membership(factories.OrganisationFactory(owner=german_owner), semiconductors)
    administrator = factories_groups.with_totp(factories.UserFactory(is_staff=True, is_superuser=True, language="fr"))
    version = DeclarationVersion.objects.create(
        alliance=semiconductors, version=2, title_en="Declaration v2", text_en="Second version.", text_de="Zweite."
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_declaration_version(declaration_version=version, by=administrator)

    email = OutgoingEmail.objects.get(to=[german_owner.email])
    # The alliance's German names (reference data), not the French administrator's.
    assert "Allianz für Prozessoren und Halbleitertechnologien" in email.body
    assert email.subject.startswith("Halbleiter:")
    assert "Semi-conducteurs" not in email.subject
    assert f"/declarations/to-sign/{member.pk}/" in email.body


def test_publishing_records_the_fingerprint_of_each_languages_text(semiconductors):
    administrator = factories.UserFactory(is_staff=True, is_superuser=True)
    version = DeclarationVersion.objects.create(
        alliance=semiconductors, version=2, title_en="Declaration v2", text_en="Second.", text_fr="Deuxième."
    )

    services.publish_declaration_version(declaration_version=version, by=administrator)

    entry = entries_for(version).get(action=services.PUBLISHED)
    assert entry.data["texts_sha256"] == {"en": sha256_hex("Second."), "fr": sha256_hex("Deuxième.")}


def test_a_version_without_an_english_text_cannot_be_published(semiconductors):
    administrator = factories.UserFactory(is_staff=True, is_superuser=True)
    with translation.override("fr"):
        version = DeclarationVersion.objects.create(alliance=semiconductors, version=2, title="D", text="Deuxième.")
    DeclarationVersion.objects.filter(pk=version.pk).update(text_en="")

    with pytest.raises(ValidationError):
        services.publish_declaration_version(declaration_version=version, by=administrator)
    version.refresh_from_db()
    assert not version.is_published


def test_a_published_version_takes_a_new_translation_but_never_changes_an_existing_text(semiconductors):
    version = DeclarationVersion.objects.get(alliance=semiconductors, version=1)
    DeclarationVersion.objects.filter(pk=version.pk).update(text_de="", title_de=None)
    version.refresh_from_db()

    version.text_de = "Erklärung."
    version.title_de = "Erklärung"
    version.save()
    version.text_fr = "Changée."

    with pytest.raises(PublishedVersionIsFinal):
        version.save()
    version.refresh_from_db()
    assert (version.text_de, version.text_fr.startswith("Déclaration de")) == ("Erklärung.", True)


def test_a_signer_whose_language_the_version_lacks_signs_the_english_text(applicant, organisation, semiconductors):
    applicant.language = "de"
    applicant.save()
    DeclarationVersion.objects.filter(alliance=semiconductors, version=1).update(text_de="")

    signature = sign_in(None, applicant=applicant, organisation=organisation)

    assert signature.language == "en"
    assert ENGLISH_PREVAILS in signature.text_signed
