"""The public page of an alliance: what an applicant reads before applying, and nothing private."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from alliances.models import CriteriaVersion, Criterion, TermsOfReference
from applications import services
from tests import factories
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


def page_of(client, alliance):
    response = client.get(f"/alliances/{alliance.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_alliance_page_shows_the_alliance_its_terms_criteria_and_working_groups(client, semiconductors):
    html = page_of(client, semiconductors)

    assert "<h1>Alliance on Processors and Semiconductor Technologies</h1>" in html
    assert "Open for applications" in html
    assert "Version 1, in force since 19 July 2021." in html
    assert "Terms of Reference — Alliance on Processors and Semiconductor Technologies" in html
    assert "Criteria version 1." in html
    assert "Security, including cybersecurity" in html
    assert "Must be met (yes or no)" in html
    assert "<td>0 to 5</td>" in html
    for group in ["Supply Chains", "PFAS", "Skills"]:
        assert f"<strong>{group}</strong>" in html


def test_alliance_page_says_when_the_alliance_is_closed(client, semiconductors):
    semiconductors.is_open = False
    semiconductors.save()

    html = page_of(client, semiconductors)

    assert "Not open for applications at the moment" in html
    assert "Create an account to apply" not in html


def test_alliance_page_shows_the_newest_published_terms_in_force(client, semiconductors):
    TermsOfReference.objects.create(
        alliance=semiconductors,
        version=2,
        text="Second version.",
        effective_from=date(2024, 1, 1),
        published_at=timezone.now(),
    )

    html = page_of(client, semiconductors)

    assert "Version 2, in force since 1 January 2024." in html
    assert "Second version." in html
    assert "Terms of Reference — Alliance" not in html


def test_alliance_page_shows_the_weight_and_scale_of_a_scored_criterion(client, semiconductors):
    Criterion.objects.filter(criteria_version__alliance=semiconductors, code="security").update(
        scale_min=Decimal("1"), scale_max=Decimal("10"), weight=Decimal("2.50")
    )

    html = page_of(client, semiconductors)

    assert "<td>1 to 10</td>\n    <td>2.50</td>" in html


def test_alliance_page_leaks_nothing_private(client, semiconductors, applicant, organisation):
    current = semiconductors.criteria_versions.get(version=1)
    draft_criteria = CriteriaVersion.objects.create(alliance=semiconductors, version=2)
    Criterion.objects.create(
        criteria_version=draft_criteria,
        code="secret",
        position=1,
        title="Unpublished criterion",
        question="?",
        kind="score",
    )
    TermsOfReference.objects.create(
        alliance=semiconductors, version=2, text="Draft terms.", effective_from=date(2024, 1, 1)
    )
    TermsOfReference.objects.create(
        alliance=semiconductors,
        version=3,
        text="Future terms.",
        effective_from=timezone.localdate() + timedelta(days=9),
        published_at=timezone.now(),
    )
    WorkingGroup.objects.create(alliance=semiconductors, slug="dormant", name="Dormant group", is_active=False)
    application = services.start_application(organisation=organisation, alliance=semiconductors, by=applicant)

    html = page_of(client, semiconductors)

    assert "Unpublished criterion" not in html
    assert "Draft terms." not in html
    assert "Future terms." not in html
    assert "Dormant group" not in html
    for criterion in current.criteria.all():
        assert criterion.guidance not in html  # guidance is for reviewers
    assert "threshold" not in html.lower()
    assert organisation.legal_name not in html
    assert application.reference not in html


def test_alliance_page_of_an_unknown_alliance_is_404(client, db):
    assert client.get("/alliances/no-such-alliance/").status_code == 404


def test_alliance_page_answers_only_reads(client, semiconductors):
    assert client.post(f"/alliances/{semiconductors.slug}/").status_code == 405


def test_home_page_links_each_open_alliance_page(client, semiconductors, cloud_alliance):
    html = client.get("/").content.decode()

    assert f'href="/alliances/{semiconductors.slug}/"' in html
    assert f'href="/alliances/{cloud_alliance.slug}/"' in html


@pytest.mark.parametrize("step", ["criteria", "declaration"])
def test_application_step_links_the_alliance_terms_of_reference(applicant_client, organisation, applicant, step):
    draft = factories.ApplicationFactory(organisation=organisation, created_by=applicant)

    html = applicant_client.get(f"/applications/{draft.pk}/edit/{step}/").content.decode()

    assert f'href="/alliances/{draft.alliance.slug}/#terms-of-reference"' in html
