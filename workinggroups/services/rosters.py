"""Rosters: who sits in a working group for which organisation, in which role, and requests to join.

A voting role (member representative, chair) needs an organisation with voting rights and a person it names as
its representative (`memberships/voting.py`); an observer needs an active member; an ad-hoc invitee needs only an
account and is invited to one meeting.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from accounts.roles import SECRETARIAT
from applications.models import Application
from audit.services import record
from memberships import voting
from memberships.models import Membership
from notifications.recipients import emails_in_role
from notifications.services import queue_email
from organisations.models import Organisation, OrganisationUser
from workinggroups.models import JoinRequest, Meeting, RosterEntry, WorkingGroup
from workinggroups.services.meetings import send_invitation

logger = logging.getLogger(__name__)


def _acts_for(user: User, organisation: Organisation) -> bool:
    """Asked afresh (not the per-request cache): the service may run after the person's roles changed."""
    return OrganisationUser.objects.filter(organisation=organisation, user=user).exists()


def _check_person(*, organisation: Organisation, user: User) -> None:
    if not _acts_for(user, organisation):
        raise ValidationError(
            _("%(person)s does not act for %(org)s.") % {"person": user.display_name, "org": organisation}
        )


def _check_voting_role(*, group: WorkingGroup, organisation: Organisation, user: User, role: str) -> None:
    if role == RosterEntry.Role.AD_HOC_INVITEE:
        return
    if not voting.has_voting_rights(organisation_id=organisation.pk, alliance_id=group.alliance_id):
        logger.warning(
            "Group %s: organisation %s refused a %s role (no voting rights)", group.pk, organisation.pk, role
        )
        raise ValidationError(
            _(
                "%(org)s is not an active member of the alliance: a non-member organisation can take part only "
                "as an ad-hoc invitee to one meeting, without a vote."
            )
            % {"org": organisation}
        )
    if role in RosterEntry.VOTING_ROLES and not voting.is_named_representative(
        user=user, organisation_id=organisation.pk, alliance_id=group.alliance_id
    ):
        logger.warning("Group %s: user %s refused a %s role (not a named representative)", group.pk, user.pk, role)
        raise ValidationError(
            _(
                "%(person)s is not a named member representative of %(org)s; the organisation names its "
                "representatives on its membership page."
            )
            % {"person": user.display_name, "org": organisation}
        )


@transaction.atomic
def add_roster_entry(
    *,
    group: WorkingGroup,
    organisation: Organisation,
    user: User,
    role: str,
    by: User,
    meeting: Meeting | None = None,
) -> RosterEntry:
    require(by, "workinggroups.manage_roster", group)
    _check_person(organisation=organisation, user=user)
    if role == RosterEntry.Role.AD_HOC_INVITEE:
        if meeting is None or meeting.group_id != group.pk:
            raise ValidationError(_("An ad-hoc invitee is invited to one meeting of the group."))
    else:
        meeting = None
    _check_voting_role(group=group, organisation=organisation, user=user, role=role)
    existing = RosterEntry.objects.filter(group=group, user=user, meeting=meeting)
    if meeting is None:
        existing = RosterEntry.objects.filter(group=group, user=user, meeting__isnull=True)
    if existing.exists():
        raise ValidationError(_("%(person)s is already on the roster.") % {"person": user.display_name})
    entry = RosterEntry.objects.create(group=group, organisation=organisation, user=user, role=role, meeting=meeting)
    record(
        actor=by,
        action="workinggroup.roster_added",
        target=group,
        to_state=role,
        data={"entry": entry.pk, "user": user.email, "organisation": organisation.pk},
    )
    queue_email(
        key=f"roster:{entry.pk}:added",
        to=[user.email],
        template="workinggroups/email/roster_added",
        context={"entry": entry, "group": group},
    )
    logger.info(
        "Group %s: user %s added to the roster as %s for organisation %s", group.pk, user.pk, role, organisation.pk
    )
    if meeting is not None and meeting.invitations_sent_at and meeting.state == Meeting.State.SCHEDULED:
        send_invitation(meeting, entry)
    return entry


@transaction.atomic
def change_roster_role(*, entry: RosterEntry, role: str, by: User) -> RosterEntry:
    require(by, "workinggroups.manage_roster", entry.group)
    entry = (
        RosterEntry.objects.select_for_update(of=("self",))
        .select_related("group", "organisation", "user")
        .get(pk=entry.pk)
    )
    if entry.is_ad_hoc or role == RosterEntry.Role.AD_HOC_INVITEE:
        raise ValidationError(_("An ad-hoc invitation is for one meeting; remove it and invite again instead."))
    _check_voting_role(group=entry.group, organisation=entry.organisation, user=entry.user, role=role)
    from_role = entry.role
    entry.role = role
    entry.save(update_fields=["role"])
    record(
        actor=by,
        action="workinggroup.roster_changed",
        target=entry.group,
        from_state=from_role,
        to_state=role,
        data={"entry": entry.pk, "user": entry.user.email},
    )
    logger.info("Group %s: roster entry %s changed from %s to %s", entry.group_id, entry.pk, from_role, role)
    return entry


@transaction.atomic
def remove_roster_entry(*, entry: RosterEntry, by: User, reason: str = "") -> None:
    """The secretariat takes the person off the roster (or withdraws an ad-hoc invitation)."""
    require(by, "workinggroups.manage_roster", entry.group)
    _remove(entry=entry, by=by, reason=reason)


def _remove(*, entry: RosterEntry, by: User, reason: str) -> None:
    group = entry.group
    record(
        actor=by,
        action="workinggroup.roster_removed",
        target=group,
        from_state=entry.role,
        reason=reason,
        data={"entry": entry.pk, "user": entry.user.email, "organisation": entry.organisation_id},
    )
    queue_email(
        key=f"roster:{entry.pk}:removed",
        to=[entry.user.email],
        template="workinggroups/email/roster_removed",
        context={"entry": entry, "group": group, "reason": reason},
    )
    logger.info("Group %s: roster entry %s (user %s) removed", group.pk, entry.pk, entry.user_id)
    entry.delete()


@transaction.atomic
def withdraw_former_representative(*, membership: Membership, user: User, by: User) -> int:
    """The organisation no longer names the person: take them off its voting roles in the alliance's groups.

    Observer entries stay: an observer need not be a representative. A reaction to `representative_removed`
    (receivers.py), inside the transaction of the service that asked the policy for the removal
    (`memberships.name_representative`); `by` is that person, recorded as the actor.
    """
    entries = RosterEntry.objects.filter(
        user=user,
        organisation_id=membership.organisation_id,
        group__alliance_id=membership.alliance_id,
        meeting__isnull=True,
        role__in=RosterEntry.VOTING_ROLES,
    ).select_related("group", "user", "organisation")
    removed = 0
    for entry in entries:
        _remove(
            entry=entry,
            by=by,
            reason=_("%(org)s no longer names %(person)s as its member representative.")
            % {"org": entry.organisation, "person": user.display_name},
        )
        removed += 1
    return removed


@transaction.atomic
def request_to_join(
    *, group: WorkingGroup, organisation: Organisation, user: User, motivation: str = ""
) -> JoinRequest:
    require(
        user,
        "workinggroups.request_to_join",
        group,
        _("Only people of member organisations ask to join a working group."),
    )
    if not _acts_for(user, organisation):
        logger.warning("Group %s: user %s refused joining for organisation %s", group.pk, user.pk, organisation.pk)
        raise PermissionDenied
    if not voting.has_voting_rights(organisation_id=organisation.pk, alliance_id=group.alliance_id):
        raise ValidationError(_("Only people of member organisations ask to join a working group."))
    if RosterEntry.objects.filter(group=group, user=user, meeting__isnull=True).exists():
        raise ValidationError(_("You are already on this group's roster."))
    if JoinRequest.objects.filter(group=group, user=user, state=JoinRequest.State.PENDING).exists():
        raise ValidationError(_("Your request to join is already with the secretariat."))
    join_request = JoinRequest.objects.create(group=group, organisation=organisation, user=user, motivation=motivation)
    record(actor=user, action="workinggroup.join_requested", target=group, data={"request": join_request.pk})
    queue_email(
        key=f"joinrequest:{join_request.pk}:requested",
        to=emails_in_role(SECRETARIAT),
        template="workinggroups/email/join_requested",
        context={"join_request": join_request},
    )
    logger.info("Group %s: user %s asks to join for organisation %s", group.pk, user.pk, organisation.pk)
    return join_request


@transaction.atomic
def decide_join_request(*, join_request: JoinRequest, accept: bool, by: User, reason: str = "") -> JoinRequest:
    require(by, "workinggroups.manage_roster", join_request.group)
    join_request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("group", "organisation", "user")
        .get(pk=join_request.pk)
    )
    if join_request.state != JoinRequest.State.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if accept:
        # A member representative joins as one; anyone else the organisation sends observes.
        named = voting.is_named_representative(
            user=join_request.user,
            organisation_id=join_request.organisation_id,
            alliance_id=join_request.group.alliance_id,
        )
        add_roster_entry(
            group=join_request.group,
            organisation=join_request.organisation,
            user=join_request.user,
            role=RosterEntry.Role.MEMBER_REPRESENTATIVE if named else RosterEntry.Role.OBSERVER,
            by=by,
        )
    join_request.state = JoinRequest.State.ACCEPTED if accept else JoinRequest.State.DECLINED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.reason = reason
    join_request.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    record(
        actor=by,
        action="workinggroup.join_decided",
        target=join_request.group,
        from_state=JoinRequest.State.PENDING,
        to_state=join_request.state,
        reason=reason,
        data={"request": join_request.pk},
    )
    queue_email(
        key=f"joinrequest:{join_request.pk}:{join_request.state}",
        to=[join_request.user.email],
        template="workinggroups/email/join_decided",
        context={"join_request": join_request},
    )
    logger.info("Join request %s %s", join_request.pk, join_request.state)
    return join_request


def _requester(*, membership: Membership, application: Application) -> User | None:
    if _acts_for(application.created_by, membership.organisation):
        return application.created_by
    owner = (
        OrganisationUser.objects.filter(organisation_id=membership.organisation_id, role=OrganisationUser.Role.OWNER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return owner.user if owner else None


def _ticked_groups_to_request(*, membership: Membership, application: Application, user: User) -> list[WorkingGroup]:
    """The groups ticked in the application that the person is not yet in, nor already asking to join."""
    taken = set(RosterEntry.objects.filter(user=user, meeting__isnull=True).values_list("group_id", flat=True)) | set(
        JoinRequest.objects.filter(user=user, state=JoinRequest.State.PENDING).values_list("group_id", flat=True)
    )
    return [
        group
        for group in application.working_groups.filter(alliance_id=membership.alliance_id, is_active=True).order_by(
            "name"
        )
        if group.pk not in taken
    ]


@transaction.atomic
def request_ticked_groups(*, membership: Membership, application: Application, by: User | None) -> list[JoinRequest]:
    """The working groups ticked in the approved application become pending requests to join (idempotent).

    The request is made for the person who filled in the application or, if they no longer act for the
    organisation, for its first owner; the secretariat decides it as any other request and hears of them in one
    e-mail.
    """
    user = _requester(membership=membership, application=application)
    if user is None:
        logger.warning("Membership %s: nobody acts for the organisation to join its ticked groups", membership.pk)
        return []
    created = []
    for group in _ticked_groups_to_request(membership=membership, application=application, user=user):
        join_request = JoinRequest.objects.create(
            group=group,
            organisation=membership.organisation,
            user=user,
            motivation=_("Ticked in the application %(reference)s.") % {"reference": application.reference},
        )
        record(
            actor=by,
            action="workinggroup.join_requested",
            target=group,
            data={"request": join_request.pk, "application": application.pk},
        )
        created.append(join_request)
    if created:
        queue_email(
            key=f"membership:{membership.pk}:application:{application.pk}:join_requests",
            to=emails_in_role(SECRETARIAT),
            template="workinggroups/email/join_requested_on_admission",
            context={"join_requests": created, "membership": membership, "application": application},
        )
        logger.info("Membership %s: %s requests to join from the application", membership.pk, len(created))
    return created
