"""Owners invite colleagues as editors: by e-mail, for a limited time, once per address, revocable."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from organisations import services
from organisations.models import Invitation, OrganisationUser
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-and-unusual-passphrase-42"


def invite(organisation, owner, email="colleague@example.eu"):
    return services.invite_editor(organisation=organisation, email=email, by=owner)


def test_invitation_person_without_account_signs_up_verifies_and_becomes_editor(
    client, organisation, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/organisations/{organisation.pk}/invite/", {"email": "newcomer@example.eu"})
    client.logout()
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == ["newcomer@example.eu"]
    accept_path = re.search(r"https?://[^/\s]+(/organisations/invitations/\S+/)", invitation_mail.body).group(1)

    # The link asks a person without an account to log in; they sign up instead, with the invited address.
    response = client.get(accept_path)
    assert response.headers["Location"] == f"/accounts/login/?next={accept_path}"
    response = client.post(
        "/accounts/signup/",
        {"full_name": "Nico Newcomer", "email": "newcomer@example.eu", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.headers["Location"] == "/accounts/confirm-email/"
    assert client.get(accept_path).status_code == 302  # not logged in before the address is verified
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    client.post(confirm_path)

    page = client.get(accept_path)
    assert page.status_code == 200
    assert "Accept the invitation" in page.content.decode()
    response = client.post(accept_path, follow=True)

    role = OrganisationUser.objects.get(organisation=organisation, user__email="newcomer@example.eu")
    assert role.role == "editor"
    assert f"You now act for {organisation.legal_name}." in response.content.decode()
    assert Invitation.objects.get(email="newcomer@example.eu").accepted_by == role.user


def test_invitation_email_says_until_when_it_is_valid(organisation, applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(organisation, applicant)

    assert invitation.expires_at == invitation.created_at + timedelta(days=14)
    assert "The invitation is valid until" in mail.outbox[-1].body


def test_invitation_expires_after_14_days(client, organisation, applicant):
    invitation = invite(organisation, applicant)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=14, minutes=1))
    colleague = factories.UserFactory(email="colleague@example.eu")
    client.force_login(colleague)

    page = client.get(f"/organisations/invitations/{invitation.token}/")
    response = client.post(f"/organisations/invitations/{invitation.token}/", follow=True)

    assert "This invitation has expired." in page.content.decode()
    assert "This invitation has expired." in response.content.decode()
    assert not OrganisationUser.objects.filter(user=colleague).exists()


def test_invitation_is_still_valid_just_before_14_days(organisation, applicant):
    invitation = invite(organisation, applicant)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=13, hours=23))
    colleague = factories.UserFactory(email="colleague@example.eu")

    services.accept_invitation(invitation=invitation, user=colleague)

    assert OrganisationUser.objects.get(user=colleague).role == "editor"


def test_invitation_validity_follows_the_setting(organisation, applicant, settings):
    settings.INVITATION_VALID_DAYS = 2
    invitation = invite(organisation, applicant)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=3))
    invitation.refresh_from_db()

    with pytest.raises(ValidationError, match="expired"):
        services.accept_invitation(invitation=invitation, user=factories.UserFactory(email="colleague@example.eu"))


def test_owner_revokes_a_pending_invitation_which_then_cannot_be_accepted(client, organisation, applicant):
    invitation = invite(organisation, applicant)
    client.force_login(applicant)
    detail = client.get(f"/organisations/{organisation.pk}/").content.decode()
    assert "Revoke the invitation of colleague@example.eu" in detail

    response = client.post(f"/organisations/{organisation.pk}/invitations/{invitation.pk}/revoke/", follow=True)

    assert "The invitation of colleague@example.eu is revoked." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_by == applicant
    assert AuditEntry.objects.filter(action="organisation.invitation_revoked", actor=applicant).exists()
    colleague = factories.UserFactory(email="colleague@example.eu")
    with pytest.raises(ValidationError, match="revoked"):
        services.accept_invitation(invitation=invitation, user=colleague)
    assert not OrganisationUser.objects.filter(user=colleague).exists()


def test_editor_cannot_revoke_an_invitation(client, organisation, applicant):
    invitation = invite(organisation, applicant)
    editor = factories.UserFactory()
    OrganisationUser.objects.create(organisation=organisation, user=editor, role="editor")
    client.force_login(editor)

    response = client.post(f"/organisations/{organisation.pk}/invitations/{invitation.pk}/revoke/")

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_accepted_invitation_cannot_be_revoked(organisation, applicant):
    invitation = invite(organisation, applicant)
    services.accept_invitation(invitation=invitation, user=factories.UserFactory(email="colleague@example.eu"))

    with pytest.raises(ValidationError, match="Only a pending invitation can be revoked."):
        services.revoke_invitation(invitation=invitation, by=applicant)


def test_same_address_cannot_be_invited_twice_while_an_invitation_is_pending(client, organisation, applicant):
    invite(organisation, applicant, "colleague@example.eu")
    client.force_login(applicant)

    response = client.post(f"/organisations/{organisation.pk}/invite/", {"email": "Colleague@Example.eu"})

    assert response.status_code == 200
    assert "already has a pending invitation" in response.context["form"].errors["email"][0]
    assert Invitation.objects.filter(organisation=organisation).count() == 1


@pytest.mark.parametrize("ended", ["revoked", "expired"])
def test_same_address_can_be_invited_again_once_the_invitation_ended(organisation, applicant, ended):
    first = invite(organisation, applicant)
    if ended == "revoked":
        services.revoke_invitation(invitation=first, by=applicant)
    else:
        Invitation.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=15))

    second = invite(organisation, applicant)

    assert second.pk != first.pk
    assert second.is_pending


def test_same_address_can_be_invited_by_another_organisation(organisation, applicant):
    invite(organisation, applicant)
    other_owner = factories.UserFactory()
    other = factories.OrganisationFactory(owner=other_owner)

    assert invite(other, other_owner).is_pending


def test_revoking_an_invitation_asks_for_confirmation(client, organisation, applicant):
    invite(organisation, applicant)
    client.force_login(applicant)

    detail = client.get(f"/organisations/{organisation.pk}/").content.decode()

    assert 'data-confirm="Revoke the invitation of colleague@example.eu?"' in detail


def test_pending_invitations_name_who_invited(client, organisation, applicant):
    applicant.full_name = "Olga Owner"
    applicant.save()
    invite(organisation, applicant)
    client.force_login(applicant)

    detail = client.get(f"/organisations/{organisation.pk}/").content.decode()

    assert "<td>colleague@example.eu</td><td>Olga Owner</td>" in detail
