from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record
from notifications.services import queue_email
from organisations.models import Invitation, Organisation, OrganisationUser


@transaction.atomic
def create_organisation(*, by, **fields):
    """Create an organisation's profile; its creator becomes its owner."""
    organisation = Organisation.objects.create(**fields)
    OrganisationUser.objects.create(organisation=organisation, user=by, role=OrganisationUser.Role.OWNER)
    record(actor=by, action="organisation.created", target=organisation)
    return organisation


@transaction.atomic
def update_organisation(*, organisation, by, changed_fields):
    organisation.save()
    if changed_fields:
        record(actor=by, action="organisation.updated", target=organisation, data={"fields": sorted(changed_fields)})
    return organisation


@transaction.atomic
def invite_editor(*, organisation, email, by):
    email = email.strip().lower()
    if organisation.users.filter(email__iexact=email).exists():
        raise ValidationError(_("%(email)s already acts for %(org)s.") % {"email": email, "org": organisation})
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
def accept_invitation(*, invitation, user):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    OrganisationUser.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": OrganisationUser.Role.EDITOR}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record(actor=user, action="organisation.joined", target=invitation.organisation, data={"role": "editor"})
    return invitation.organisation
