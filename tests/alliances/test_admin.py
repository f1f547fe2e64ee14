"""In the Django admin, what applicants were shown stays as it was: published criteria versions and Terms of
Reference, and versions an application refers to, are read-only. Changes go on a new draft version, copied
by an admin action. (Submitted applications: tests/applications/test_admin.py.)"""

from datetime import date

import pytest
from django.utils import timezone

from alliances.models import CriteriaVersion, TermsOfReference
from audit.models import AuditEntry
from tests import factories
from tests.factories import applicants as fa
from tests.helpers import change_url, delete_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    return fa.log_in_with_totp(client, fa.superuser())


def assert_read_only(admin_client, obj):
    page = admin_client.get(change_url(obj))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="_save"' not in html
    assert 'class="deletelink"' not in html
    assert admin_client.post(change_url(obj), {}).status_code == 403
    assert admin_client.post(delete_url(obj), {"post": "yes"}).status_code == 403


# Criteria versions


def test_published_criteria_version_is_read_only_in_the_admin(admin_client, semiconductors):
    published = semiconductors.criteria_versions.get(version=1)
    before = list(published.criteria.values())

    assert_read_only(admin_client, published)

    assert CriteriaVersion.objects.filter(pk=published.pk).exists()
    assert list(published.criteria.values()) == before


def test_draft_criteria_version_referenced_by_an_application_is_read_only(admin_client, semiconductors):
    draft = CriteriaVersion.objects.create(alliance=semiconductors, version=2)
    factories.ApplicationFactory(criteria_version=draft)

    assert_read_only(admin_client, draft)


def test_draft_criteria_version_can_be_changed_in_the_admin(admin_client, semiconductors):
    draft = copy_in_admin(admin_client, semiconductors.criteria_versions.get(version=1))
    data = fa.admin_form_data(admin_client, change_url(draft))
    # Each translated field has a field per language in the admin (alliances/translation.py).
    data["criteria-0-title_en"] = "Legal representative in the European Union"

    response = admin_client.post(change_url(draft), {**data, "overall_threshold": "16.00"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.overall_threshold == 16
    assert draft.criteria.get(position=1).title == "Legal representative in the European Union"
    assert semiconductors.criteria_versions.get(version=1).criteria.get(position=1).title == (
        "Legal representative in the Union"
    )


def copy_in_admin(admin_client, version, number=None):
    """Run the admin action on the version; the copy it made (numbered `number`, by default the next one)."""
    response = admin_client.post(
        "/admin/alliances/criteriaversion/", {"action": "copy_as_new_draft", "_selected_action": [version.pk]}
    )
    assert response.status_code == 302
    return CriteriaVersion.objects.get(alliance=version.alliance, version=number or version.version + 1)


def test_copy_action_makes_a_new_draft_criteria_version_with_the_criteria(admin_client, semiconductors):
    published = semiconductors.criteria_versions.get(version=1)

    response = admin_client.post(
        "/admin/alliances/criteriaversion/",
        {"action": "copy_as_new_draft", "_selected_action": [published.pk]},
        follow=True,
    )

    copy = CriteriaVersion.objects.get(alliance=semiconductors, version=2)
    assert copy.published_at is None
    assert copy.overall_threshold == published.overall_threshold
    fields = ["code", "position", "title", "question", "guidance", "kind", "scale_max", "weight", "answer_required"]
    assert list(copy.criteria.order_by("position").values(*fields)) == list(
        published.criteria.order_by("position").values(*fields)
    )
    assert "1 new draft version created: Semiconductors criteria v2." in response.content.decode()
    assert AuditEntry.objects.filter(action="criteria_version.copied", target_id=str(copy.pk)).exists()
    assert 'name="_save"' in admin_client.get(change_url(copy)).content.decode()


def test_copy_action_numbers_the_copy_after_the_newest_version(admin_client, semiconductors):
    CriteriaVersion.objects.create(alliance=semiconductors, version=5)

    copy = copy_in_admin(admin_client, semiconductors.criteria_versions.get(version=1), number=6)

    assert copy.criteria.count() == 7


def test_bulk_delete_refuses_a_published_criteria_version(admin_client, semiconductors):
    published = semiconductors.criteria_versions.get(version=1)

    admin_client.post(
        "/admin/alliances/criteriaversion/",
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )

    assert CriteriaVersion.objects.filter(pk=published.pk).exists()


# Terms of Reference


def test_published_terms_of_reference_are_read_only_in_the_admin(admin_client, semiconductors):
    published = semiconductors.terms_of_reference.get(version=1)
    text = published.text

    assert_read_only(admin_client, published)

    published.refresh_from_db()
    assert published.text == text


def test_alliance_admin_lists_the_terms_of_reference_without_editing_them(admin_client, semiconductors):
    html = admin_client.get(change_url(semiconductors)).content.decode()

    assert 'name="terms_of_reference-0-text"' not in html
    assert change_url(semiconductors.terms_of_reference.get(version=1)) in html


def test_copy_action_makes_a_new_draft_of_the_terms_of_reference_which_can_be_changed(admin_client, semiconductors):
    published = semiconductors.terms_of_reference.get(version=1)

    admin_client.post(
        "/admin/alliances/termsofreference/", {"action": "copy_as_new_draft", "_selected_action": [published.pk]}
    )

    draft = TermsOfReference.objects.get(alliance=semiconductors, version=2)
    assert (draft.text, draft.published_at) == (published.text, None)
    data = fa.admin_form_data(admin_client, change_url(draft))
    response = admin_client.post(
        change_url(draft), {**data, "text_en": "Revised terms.", "effective_from": "2025-01-01", "published_at_0": ""}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.text, draft.effective_from) == ("Revised terms.", date(2025, 1, 1))


def test_publishing_a_draft_of_the_terms_of_reference_freezes_it(admin_client, semiconductors):
    draft = TermsOfReference.objects.create(
        alliance=semiconductors, version=2, text="Draft.", effective_from=date(2025, 1, 1)
    )
    assert 'name="_save"' in admin_client.get(change_url(draft)).content.decode()

    TermsOfReference.objects.filter(pk=draft.pk).update(published_at=timezone.now())

    assert_read_only(admin_client, draft)
