"""Reference data in every language: French and German by migration, English where a translation is missing."""

import pytest
from django.utils import translation

from alliances import services
from alliances.models import Alliance, Criterion, TermsOfReference
from tests import factories
from tests.factories import groups as factories_groups
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "name", "criterion", "group"),
    [
        ("en", "Alliance on Processors and Semiconductor Technologies", "Security of supply", "Supply Chains"),
        ("fr", "Alliance pour les processeurs et les technologies des semi-conducteurs",
         "Sécurité d'approvisionnement", "Chaînes d'approvisionnement"),
        ("de", "Allianz für Prozessoren und Halbleitertechnologien", "Versorgungssicherheit", "Lieferketten"),
    ],
)  # fmt: skip
def test_the_reference_data_reads_in_each_language(semiconductors, language, name, criterion, group):
    with translation.override(language):
        alliance = Alliance.objects.get(pk=semiconductors.pk)
        assert alliance.name == name
        assert Criterion.objects.get(criteria_version__alliance=alliance, code="security-of-supply").title == criterion
        assert WorkingGroup.objects.get(alliance=alliance, slug="supply-chains").name == group


def test_the_alliance_page_shows_the_readers_language(client, semiconductors):
    page = client.get(f"/alliances/{semiconductors.slug}/", headers={"accept-language": "de"}).content.decode()

    assert "Allianz für Prozessoren und Halbleitertechnologien" in page
    assert "Förderfähigkeitskriterien" in page


def test_a_missing_translation_shows_the_english_text_never_an_empty_one(semiconductors):
    Alliance.objects.filter(pk=semiconductors.pk).update(description_de="", name_fr=None)

    with translation.override("de"):
        german = Alliance.objects.get(pk=semiconductors.pk).description
    with translation.override("fr"):
        french = Alliance.objects.get(pk=semiconductors.pk).name

    assert german == Alliance.objects.get(pk=semiconductors.pk).description_en != ""
    assert french == "Alliance on Processors and Semiconductor Technologies"


def test_something_created_in_french_has_its_english_column_filled(semiconductors):
    with translation.override("fr"):
        group = WorkingGroup.objects.create(alliance=semiconductors, slug="photonique", name="Photonique")

    group.refresh_from_db()
    assert (group.name_en, group.name_fr, group.name_de) == ("Photonique", "Photonique", None)
    with translation.override("de"):
        assert WorkingGroup.objects.get(pk=group.pk).name == "Photonique"


def test_a_copied_draft_keeps_every_language(semiconductors):
    administrator = factories.UserFactory(is_staff=True, is_superuser=True)
    criteria = semiconductors.criteria_versions.get(version=1)
    terms = semiconductors.terms_of_reference.get(version=1)

    draft_criteria = services.copy_criteria_version(criteria_version=criteria, by=administrator)
    draft_terms = services.copy_terms_of_reference(terms=terms, by=administrator)

    fields = ["code", "title_en", "title_fr", "title_de", "question_fr", "question_de", "guidance_fr", "guidance_de"]
    assert list(draft_criteria.criteria.order_by("position").values_list(*fields)) == list(
        criteria.criteria.order_by("position").values_list(*fields)
    )
    draft_terms = TermsOfReference.objects.get(pk=draft_terms.pk)
    languages = ("text_en", "text_fr", "text_de")
    assert [getattr(draft_terms, name) for name in languages] == [getattr(terms, name) for name in languages]
    assert "Förderfähigkeitskriterien" in draft_terms.text_de


def test_the_admin_edits_each_language(client, semiconductors):
    client.force_login(factories_groups.with_totp(factories.UserFactory(is_staff=True, is_superuser=True)))

    page = client.get(f"/admin/alliances/alliance/{semiconductors.pk}/change/").content.decode()

    for language in ("en", "fr", "de"):
        assert f'name="name_{language}"' in page
        assert f'name="description_{language}"' in page
