from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.services import record
from notifications.services import queue_email
from organisations.models import Invitation, Organisation, OrganisationUser
from organisations.selectors import forget_organisation_ids, pending_invitations


@transaction.atomic
def create_organisation(*, by: User, **fields: Any) -> Organisation:
    """Create an organisation's profile; its creator becomes its owner."""
    organisation = Organisation.objects.create(**fields)
    OrganisationUser.objects.create(organisation=organisation, user=by, role=OrganisationUser.Role.OWNER)
    forget_organisation_ids(by)
    record(actor=by, action="organisation.created", target=organisation)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, by: User, changed_fields: Iterable[str]) -> Organisation:
    require(by, "organisations.change_organisation", organisation)
    organisation.save()
    if changed_fields:
        record(actor=by, action="organisation.updated", target=organisation, data={"fields": sorted(changed_fields)})
    return organisation


def _checked_with(names: Iterable[str]) -> set[str]:
    """The names, with every field checked together with one of them."""
    related = set(names)
    for group in Organisation.CHECKED_TOGETHER:
        if related & set(group):
            related |= set(group)
    return related


@transaction.atomic
def save_valid_part_of_profile(*, organisation: Organisation, by: User, fields: dict[str, Any]) -> list[str]:
    """Save the fields of a profile edit that are valid, when others of the same edit are not.

    Fields checked together (Organisation.CHECKED_TOGETHER) are saved together or not at all, so that the
    stored profile never holds, e.g., a new country with the VAT number of the old one. Returns the names of
    the fields saved.
    """
    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = {name: value for name, value in fields.items() if getattr(stored, name) != value}
    while changed:
        candidate = Organisation.objects.get(pk=organisation.pk)
        for name, value in changed.items():
            setattr(candidate, name, value)
        try:
            candidate.full_clean()
            errors = set()
        except ValidationError as error:
            errors = set(error.message_dict)
        # An error outside what the edit touches was in the stored profile already: not the edit's doing.
        refused = _checked_with(errors & _checked_with(changed)) & set(changed)
        if not refused:
            update_organisation(organisation=candidate, by=by, changed_fields=list(changed))
            return sorted(changed)
        changed = {name: value for name, value in changed.items() if name not in refused}
    return []


@transaction.atomic
def invite_editor(*, organisation: Organisation, email: str, by: User) -> Invitation:
    require(by, "organisations.invite_to_organisation", organisation)
    email = email.strip().lower()
    # The lock makes two owners' simultaneous invitations of the same address queue up behind each other.
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.users.filter(email__iexact=email).exists():
        raise ValidationError(_("%(email)s already acts for %(org)s.") % {"email": email, "org": organisation})
    if pending_invitations(organisation).filter(email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s already has a pending invitation. Revoke it first to send a new one.") % {"email": email}
        )
    invitation = Invitation.objects.create(organisation=organisation, email=email, invited_by=by)
    record(actor=by, action="organisation.invited", target=organisation, data={"email": email})
    queue_email(
        key=f"invitation:{invitation.pk}",
        to=[email],
        template="organisations/email/invitation",
        context={"invitation": invitation, "organisation": organisation, "invited_by": by},
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> Invitation:
    require(by, "organisations.invite_to_organisation", invitation.organisation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    record(
        actor=by,
        action="organisation.invitation_revoked",
        target=invitation.organisation,
        data={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Organisation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has been revoked. Ask the organisation's owner for a new one."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask the organisation's owner for a new one."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    OrganisationUser.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": OrganisationUser.Role.EDITOR}
    )
    forget_organisation_ids(user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(
        actor=user,
        action="organisation.joined",
        target=invitation.organisation,
        data={"role": OrganisationUser.Role.EDITOR.value},
    )
    return invitation.organisation
