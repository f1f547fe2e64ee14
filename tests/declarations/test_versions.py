"""A new Declaration version asks existing members to sign again; a published version never changes."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string

from audit.selectors import entries_for
from declarations import services
from declarations.models import DeclarationVersion, PublishedVersionIsFinal, Signature
from memberships.models import Membership
from organisations.models import OrganisationUser
from tests import factories
from tests.factories import groups as factories_groups
from tests.pdfs import fake_pdf_upload

pytestmark = pytest.mark.django_db

NEW_TEXT = "Declaration, second version.\n\n1. The organisation also complies with the Cyber Resilience Act."


def draft(alliance, version=2, text=NEW_TEXT):
    return DeclarationVersion.objects.create(
        alliance=alliance, version=version, title=f"Declaration — {alliance.short_name}", text=text
    )


@pytest.fixture
def member(applicant, organisation, semiconductors):
    """An active member of the semiconductor alliance, with the applicant as its owner."""
    return factories_groups.membership(organisation, semiconductors)


@pytest.fixture
def administrator():
    return factories_groups.with_totp(factories.UserFactory(is_staff=True, is_superuser=True))


def publish(version, by, capture):
    with capture(execute=True):
        return services.publish_declaration_version(declaration_version=version, by=by)


def test_publishing_a_version_emails_the_owners_of_every_active_member(
    member, applicant, semiconductors, cloud_alliance, administrator, django_capture_on_commit_callbacks
):
    editor = factories.UserFactory()
    OrganisationUser.objects.create(organisation=member.organisation, user=editor, role=OrganisationUser.Role.EDITOR)
    other = factories_groups.membership(alliance=semiconductors)
    suspended = factories_groups.membership(alliance=semiconductors, state=Membership.State.SUSPENDED)
    elsewhere = factories_groups.membership(alliance=cloud_alliance)
    version = draft(semiconductors)

    publish(version, administrator, django_capture_on_commit_callbacks)

    version.refresh_from_db()
    assert version.is_published
    recipients = sorted(address for message in mail.outbox for address in message.to)
    owners = sorted([applicant.email, other.organisation.users.get().email])
    assert recipients == owners
    assert editor.email not in recipients
    assert suspended.organisation.users.get().email not in recipients
    assert elsewhere.organisation.users.get().email not in recipients
    message = next(message for message in mail.outbox if message.to == [applicant.email])
    assert "please sign version 2 of the Declaration" in message.subject
    assert f"/declarations/to-sign/{member.pk}/" in message.body
    entry = entries_for(version).get(action="declaration.published")
    assert entry.actor == administrator
    assert entry.data["text_sha256"] == version.text_sha256


def test_publishing_again_sends_nothing_twice(
    member, semiconductors, administrator, django_capture_on_commit_callbacks
):
    version = draft(semiconductors)
    publish(version, administrator, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError, match="already published"):
        services.publish_declaration_version(declaration_version=version, by=administrator)

    assert len(mail.outbox) == 1


def test_a_version_numbered_below_the_published_one_cannot_be_published(semiconductors, administrator):
    draft(semiconductors, version=3)
    publish_first = DeclarationVersion.objects.get(alliance=semiconductors, version=3)
    services.publish_declaration_version(declaration_version=publish_first, by=administrator)
    older = draft(semiconductors, version=2)

    with pytest.raises(ValidationError, match="Version 3 is already published"):
        services.publish_declaration_version(declaration_version=older, by=administrator)

    older.refresh_from_db()
    assert not older.is_published


def test_a_published_version_cannot_change(semiconductors):
    version = semiconductors.declaration_versions.get(version=1)

    version.text += " (amended)"
    with pytest.raises(PublishedVersionIsFinal):
        version.save()

    version.refresh_from_db()
    version.published_at = None
    with pytest.raises(PublishedVersionIsFinal):
        version.save()


def test_a_draft_version_can_still_be_edited(semiconductors):
    version = draft(semiconductors)

    version.text = "Reworded before publication."
    version.save()

    assert DeclarationVersion.objects.get(pk=version.pk).text == "Reworded before publication."


def test_member_signs_the_new_version_from_the_portal(
    member, applicant, applicant_client, semiconductors, administrator, django_capture_on_commit_callbacks
):
    # A member with no signature of the current version on record (admitted outside the portal) signs it too.
    assert f"/declarations/to-sign/{member.pk}/" in applicant_client.get("/declarations/to-sign/").content.decode()
    first = services.sign_for_membership(membership=member, by=applicant, signatory_name="A", signatory_position="B")
    assert first.declaration_version.version == 1
    assert "No Declaration awaits" in applicant_client.get("/declarations/to-sign/").content.decode()
    version = draft(semiconductors)
    publish(version, administrator, django_capture_on_commit_callbacks)

    listing = applicant_client.get("/declarations/to-sign/").content.decode()
    assert f"/declarations/to-sign/{member.pk}/" in listing
    page = applicant_client.get(f"/declarations/to-sign/{member.pk}/").content.decode()
    assert "Cyber Resilience Act" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(
            f"/declarations/to-sign/{member.pk}/",
            {"signatory_name": "Anna de Vries", "signatory_position": "CEO", "confirm": "on"},
        )

    assert response.headers["Location"] == "/declarations/to-sign/"
    signature = Signature.objects.get(membership=member, declaration_version=version)
    assert signature.application is None
    assert (signature.declaration_version, signature.text_signed, signature.signed_by) == (
        version,
        NEW_TEXT,
        applicant,
    )
    assert signature.pdf_ready
    assert services.verify(signature).intact
    signed = entries_for(member).get(action="declaration.signed", data__signature=signature.pk)
    assert signed.data["text_sha256"] == signature.text_sha256
    assert "No Declaration awaits" in applicant_client.get("/declarations/to-sign/").content.decode()
    download = applicant_client.get(f"/declarations/{signature.pk}/pdf/")
    download.close()
    assert download.status_code == 200
    assert f"declaration-{member.organisation_id}-v2.pdf" in download.headers["Content-Disposition"]


def test_a_member_signs_each_version_once(member, applicant, semiconductors, administrator):
    services.publish_declaration_version(declaration_version=draft(semiconductors), by=administrator)
    services.sign_for_membership(membership=member, by=applicant, signatory_name="A", signatory_position="B")

    with pytest.raises(ValidationError, match="already signed this version"):
        services.sign_for_membership(membership=member, by=applicant, signatory_name="A", signatory_position="B")


def test_signing_form_for_members_refuses_a_scan_that_is_not_a_pdf(
    member, applicant_client, semiconductors, administrator
):
    services.publish_declaration_version(declaration_version=draft(semiconductors), by=administrator)

    response = applicant_client.post(
        f"/declarations/to-sign/{member.pk}/",
        {"signatory_name": "A", "signatory_position": "B", "confirm": "on", "scan": fake_pdf_upload("signed.pdf")},
    )

    assert "this file is not a PDF" in response.content.decode()
    assert not Signature.objects.filter(membership=member).exists()


def test_other_organisations_and_inactive_members_cannot_sign(
    member, client, semiconductors, administrator, applicant_client
):
    services.publish_declaration_version(declaration_version=draft(semiconductors), by=administrator)
    client.force_login(factories.UserFactory())

    assert client.get(f"/declarations/to-sign/{member.pk}/").status_code == 404
    assert client.post(f"/declarations/to-sign/{member.pk}/", {"confirm": "on"}).status_code == 404
    Membership.objects.filter(pk=member.pk).update(state=Membership.State.SUSPENDED)
    assert applicant_client.get(f"/declarations/to-sign/{member.pk}/").status_code == 404
    assert not Signature.objects.filter(membership=member).exists()


def test_admin_shows_a_published_version_read_only(client, administrator, semiconductors):
    published = semiconductors.declaration_versions.get(version=1)
    client.force_login(administrator)

    page = client.get(f"/admin/declarations/declarationversion/{published.pk}/change/")
    client.post(
        f"/admin/declarations/declarationversion/{published.pk}/change/",
        {"alliance": semiconductors.pk, "version": 1, "title_en": "Changed", "text_en": "Changed"},
    )

    assert page.status_code == 200
    # The title and text have a field per language (text_en, text_fr, ...): none is editable once published.
    assert 'name="text_' not in page.content.decode()
    published.refresh_from_db()
    assert published.title != "Changed"
    draft_page = client.get(f"/admin/declarations/declarationversion/{draft(semiconductors).pk}/change/")
    for language in ("en", "fr", "de"):
        assert f'name="text_{language}"' in draft_page.content.decode()
    assert 'name="published_at' not in draft_page.content.decode()


def test_admin_action_publishes_a_draft_and_asks_members_to_sign(
    client, administrator, member, semiconductors, django_capture_on_commit_callbacks
):
    version = draft(semiconductors)
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/declarations/declarationversion/",
            {"action": "publish", "_selected_action": [version.pk]},
            follow=True,
        )

    assert "1 Declaration version published" in response.content.decode()
    version.refresh_from_db()
    assert version.is_published
    assert [message.to for message in mail.outbox] == [[member.organisation.users.get().email]]


def test_notice_for_other_pages_appears_only_while_a_declaration_awaits_signature(
    member, applicant, rf, semiconductors, administrator
):
    request = rf.get("/applications/")
    request.user = applicant
    services.sign_for_membership(membership=member, by=applicant, signatory_name="A", signatory_position="B")
    assert "declarations-to-sign" not in render_to_string("declarations/includes/awaiting_notice.html", request=request)

    services.publish_declaration_version(declaration_version=draft(semiconductors), by=administrator)
    request.user = type(applicant).objects.get(pk=applicant.pk)  # organisation ids are cached per request

    html = render_to_string("declarations/includes/awaiting_notice.html", request=request)
    assert 'href="/declarations/to-sign/"' in html


def test_declaration_pages_answer_head_like_get(member, applicant_client):
    assert applicant_client.head("/declarations/to-sign/").status_code == 200
    assert applicant_client.head(f"/declarations/to-sign/{member.pk}/").status_code == 200
    assert applicant_client.delete("/declarations/to-sign/").status_code == 405


@pytest.mark.parametrize("who", ["decision_maker", "secretariat", "member"])
def test_publish_declaration_version_refused_without_permission(semiconductors, applicant, member, who):
    """Only administrators publish a Declaration version (declarations.publish_version): it stays a draft."""
    version = draft(semiconductors)
    by = {"decision_maker": factories_groups.decision_maker, "secretariat": factories_groups.secretariat}.get(
        who, lambda: applicant
    )()
    with pytest.raises(PermissionDenied):
        services.publish_declaration_version(declaration_version=version, by=by)
    version.refresh_from_db()
    assert not version.is_published
    assert not entries_for(version).exists()
