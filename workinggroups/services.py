"""Working groups: rosters, meetings and ballots. Each action checks the move, audits it and notifies."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.services import record
from documents.validators import validate_pdf_upload
from memberships.models import MemberRepresentative, Membership
from notifications.services import queue_email
from organisations.models import OrganisationUser
from workinggroups import selectors
from workinggroups.ics import meeting_ics
from workinggroups.models import (
    AnonymousChoice,
    Attendance,
    Ballot,
    CastBallot,
    EligibleOrganisation,
    GroupProposal,
    JoinRequest,
    Meeting,
    MeetingDocument,
    Proxy,
    RosterEntry,
    WorkingGroup,
)

GENESIS = "0" * 64


def _is_active_member(organisation_id, alliance_id):
    return Membership.objects.filter(
        organisation_id=organisation_id, alliance_id=alliance_id, state=Membership.State.ACTIVE
    ).exists()


# ---------------------------------------------------------------------------------------------- rosters


def _check_person(*, organisation, user):
    if not OrganisationUser.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(
            _("%(person)s does not act for %(org)s.") % {"person": user.display_name, "org": organisation}
        )


def _check_voting_role(*, group, organisation, user, role):
    if role == RosterEntry.Role.AD_HOC_INVITEE:
        return
    if not _is_active_member(organisation.pk, group.alliance_id):
        raise ValidationError(
            _(
                "%(org)s is not an active member of the alliance: a non-member organisation can take part only "
                "as an ad-hoc invitee to one meeting, without a vote."
            )
            % {"org": organisation}
        )
    if (
        role in RosterEntry.VOTING_ROLES
        and not MemberRepresentative.objects.filter(
            membership__organisation=organisation, membership__alliance_id=group.alliance_id, user=user
        ).exists()
    ):
        raise ValidationError(
            _(
                "%(person)s is not a named member representative of %(org)s; the organisation names its "
                "representatives on its membership page."
            )
            % {"person": user.display_name, "org": organisation}
        )


@transaction.atomic
def add_roster_entry(*, group, organisation, user, role, by, meeting=None):
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
    if meeting is not None and meeting.invitations_sent_at and meeting.state == Meeting.State.SCHEDULED:
        _send_invitation(meeting, entry)
    return entry


@transaction.atomic
def change_roster_role(*, entry, role, by):
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
    return entry


@transaction.atomic
def remove_roster_entry(*, entry, by, reason=""):
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
    entry.delete()


@transaction.atomic
def request_to_join(*, group, organisation, user, motivation=""):
    if organisation.pk not in _org_ids(user):
        raise PermissionDenied
    if not _is_active_member(organisation.pk, group.alliance_id):
        raise ValidationError(_("Only people of member organisations ask to join a working group."))
    if RosterEntry.objects.filter(group=group, user=user, meeting__isnull=True).exists():
        raise ValidationError(_("You are already on this group's roster."))
    if JoinRequest.objects.filter(group=group, user=user, state=JoinRequest.State.PENDING).exists():
        raise ValidationError(_("Your request to join is already with the secretariat."))
    join_request = JoinRequest.objects.create(group=group, organisation=organisation, user=user, motivation=motivation)
    record(actor=user, action="workinggroup.join_requested", target=group, data={"request": join_request.pk})
    queue_email(
        key=f"joinrequest:{join_request.pk}:requested",
        to=_secretariat_emails(),
        template="workinggroups/email/join_requested",
        context={"join_request": join_request},
    )
    return join_request


def _secretariat_emails():
    from django.contrib.auth.models import Group

    from accounts.roles import SECRETARIAT

    return list(Group.objects.filter(name=SECRETARIAT).values_list("user__email", flat=True))


def _org_ids(user):
    return set(OrganisationUser.objects.filter(user=user).values_list("organisation_id", flat=True))


@transaction.atomic
def decide_join_request(*, join_request, accept, by, reason=""):
    join_request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("group", "organisation", "user")
        .get(pk=join_request.pk)
    )
    if join_request.state != JoinRequest.State.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if accept:
        # A member representative joins as one; anyone else the organisation sends observes.
        role = (
            RosterEntry.Role.MEMBER_REPRESENTATIVE
            if MemberRepresentative.objects.filter(
                membership__organisation=join_request.organisation,
                membership__alliance_id=join_request.group.alliance_id,
                user=join_request.user,
            ).exists()
            else RosterEntry.Role.OBSERVER
        )
        add_roster_entry(
            group=join_request.group, organisation=join_request.organisation, user=join_request.user, role=role, by=by
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
    return join_request


# --------------------------------------------------------------------------------------------- meetings


def _check_meeting_times(starts_at, ends_at):
    if ends_at <= starts_at:
        raise ValidationError(_("The meeting must end after it starts."))


@transaction.atomic
def schedule_meeting(*, group, by, title, starts_at, ends_at, time_zone, location="", online_link="", agenda=""):
    _check_meeting_times(starts_at, ends_at)
    meeting = Meeting(
        group=group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        location=location,
        online_link=online_link,
        agenda=agenda,
        created_by=by,
    )
    meeting.full_clean()
    meeting.save()
    record(actor=by, action="meeting.scheduled", target=meeting, to_state=Meeting.State.SCHEDULED)
    return meeting


MEETING_FIELDS = ("title", "starts_at", "ends_at", "time_zone", "location", "online_link", "agenda")


@transaction.atomic
def update_meeting(*, meeting, by, **fields):
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=meeting.pk)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    changed = [name for name in MEETING_FIELDS if name in fields and getattr(meeting, name) != fields[name]]
    for name in changed:
        setattr(meeting, name, fields[name])
    _check_meeting_times(meeting.starts_at, meeting.ends_at)
    if not changed:
        return meeting
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    record(actor=by, action="meeting.changed", target=meeting, data={"fields": changed})
    if meeting.invitations_sent_at:
        _send_all_invitations(meeting, changed=True)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting, by, reason):
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=meeting.pk)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("The meeting is already cancelled."))
    meeting.state = Meeting.State.CANCELLED
    meeting.sequence += 1
    meeting.save(update_fields=["state", "sequence"])
    record(
        actor=by,
        action="meeting.cancelled",
        target=meeting,
        from_state=Meeting.State.SCHEDULED,
        to_state=Meeting.State.CANCELLED,
        reason=reason,
    )
    if meeting.invitations_sent_at:
        for entry in selectors.invitees(meeting):
            queue_email(
                key=f"meeting:{meeting.pk}:cancel:{entry.user_id}",
                to=[entry.user.email],
                template="workinggroups/email/meeting_cancelled",
                context={"meeting": meeting, "entry": entry, "reason": reason},
                attachments=[_ics_attachment(meeting, cancelled=True)],
            )
    return meeting


def _ics_attachment(meeting, *, cancelled=False):
    return {
        "filename": "meeting.ics",
        "mimetype": "text/calendar",
        "content": meeting_ics(meeting, cancelled=cancelled),
    }


def _send_invitation(meeting, entry, *, changed=False):
    queue_email(
        key=f"meeting:{meeting.pk}:seq{meeting.sequence}:{entry.user_id}",
        to=[entry.user.email],
        template="workinggroups/email/meeting_changed" if changed else "workinggroups/email/meeting_invitation",
        context={"meeting": meeting, "entry": entry},
        attachments=[_ics_attachment(meeting)],
    )


def _send_all_invitations(meeting, *, changed=False):
    for entry in selectors.invitees(meeting):
        _send_invitation(meeting, entry, changed=changed)


@transaction.atomic
def send_invitations(*, meeting, by):
    """Invite the roster and the meeting's ad-hoc invitees, each with the .ics file (once per version)."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=meeting.pk)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot be announced."))
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    _send_all_invitations(meeting)
    record(actor=by, action="meeting.invitations_sent", target=meeting, data={"sequence": meeting.sequence})
    return meeting


@transaction.atomic
def record_attendance(*, meeting, by, present_user_ids):
    present_user_ids = {int(pk) for pk in present_user_ids}
    entries = list(selectors.invitees(meeting))
    for entry in entries:
        Attendance.objects.update_or_create(
            meeting=meeting,
            user=entry.user,
            defaults={
                "organisation": entry.organisation,
                "present": entry.user_id in present_user_ids,
                "recorded_by": by,
            },
        )
    record(
        actor=by,
        action="meeting.attendance_recorded",
        target=meeting,
        data={"present": sorted(e.user_id for e in entries if e.user_id in present_user_ids)},
    )


@transaction.atomic
def save_minutes(*, meeting, by, minutes, publish=False):
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.minutes = minutes
    if publish and meeting.minutes_published_at is None:
        meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes", "minutes_published_at"])
    record(actor=by, action="meeting.minutes_saved", target=meeting, data={"published": bool(publish)})
    return meeting


@transaction.atomic
def upload_document(*, meeting, by, title, uploaded_file):
    content = validate_pdf_upload(uploaded_file)
    document = MeetingDocument(
        meeting=meeting,
        title=title,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        uploaded_by=by,
    )
    document.file.save("document.pdf", ContentFile(content), save=False)
    document.save()
    record(actor=by, action="meeting.document_uploaded", target=meeting, data={"document": document.pk})
    return document


# ---------------------------------------------------------------------------------------------- ballots


def default_options(kind):
    if kind == Ballot.Kind.MOTION:
        return [Ballot.YES, Ballot.NO, Ballot.ABSTAIN]
    return []


@transaction.atomic
def create_ballot(
    *,
    group,
    by,
    question,
    closes_at,
    kind=Ballot.Kind.MOTION,
    options=None,
    description="",
    opens_at=None,
    quorum_percent=50,
    majority=Ballot.Majority.SIMPLE,
    majority_base=Ballot.MajorityBase.CAST,
    is_secret=False,
    meeting=None,
):
    now = timezone.now()
    opens_at = opens_at or now
    if kind == Ballot.Kind.MOTION:
        options = default_options(kind)
    else:
        options = [option.strip() for option in (options or []) if option and option.strip()]
        if len(set(options)) != len(options) or len(options) < 2:
            raise ValidationError(_("A choice needs at least two different options."))
        if Ballot.ABSTAIN not in options:
            options.append(Ballot.ABSTAIN)
    if closes_at <= opens_at or closes_at <= now:
        raise ValidationError(_("The ballot must close in the future, after it opens."))
    if not 0 <= quorum_percent <= 100:
        raise ValidationError(_("The quorum is a percentage between 0 and 100."))
    if meeting is not None and meeting.group_id != group.pk:
        raise ValidationError(_("The meeting belongs to another group."))
    ballot = Ballot.objects.create(
        group=group,
        meeting=meeting,
        question=question,
        description=description,
        kind=kind,
        options=options,
        opens_at=opens_at,
        closes_at=closes_at,
        quorum_percent=quorum_percent,
        majority=majority,
        majority_base=majority_base,
        is_secret=is_secret,
        salt=secrets.token_hex(16),
        created_by=by,
    )
    record(actor=by, action="ballot.created", target=ballot, to_state=Ballot.State.SCHEDULED)
    if opens_at <= now:
        ballot = open_ballot(ballot=ballot, by=by)
    return ballot


@transaction.atomic
def open_ballot(*, ballot, by=None):
    """Open the ballot and fix, once and for all, the organisations with a vote in it."""
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=ballot.pk)
    if ballot.state != Ballot.State.SCHEDULED:
        raise ValidationError(_("Only a scheduled ballot can open."))
    active = Membership.objects.filter(alliance_id=ballot.group.alliance_id, state=Membership.State.ACTIVE).values_list(
        "organisation_id", flat=True
    )
    organisation_ids = set(
        RosterEntry.objects.filter(
            group=ballot.group, meeting__isnull=True, role__in=RosterEntry.VOTING_ROLES, organisation_id__in=active
        ).values_list("organisation_id", flat=True)
    )
    EligibleOrganisation.objects.bulk_create(
        [EligibleOrganisation(ballot=ballot, organisation_id=pk) for pk in sorted(organisation_ids)]
    )
    ballot.state = Ballot.State.OPEN
    ballot.opened_at = timezone.now()
    ballot.eligible_count = len(organisation_ids)
    ballot.save(update_fields=["state", "opened_at", "eligible_count"])
    record(
        actor=by,
        action="ballot.opened",
        target=ballot,
        from_state=Ballot.State.SCHEDULED,
        to_state=Ballot.State.OPEN,
        data={"eligible": sorted(organisation_ids)},
    )
    voters = RosterEntry.objects.filter(
        group=ballot.group,
        meeting__isnull=True,
        role__in=RosterEntry.VOTING_ROLES,
        organisation_id__in=organisation_ids,
    ).select_related("user")
    for entry in voters:
        queue_email(
            key=f"ballot:{ballot.pk}:opened:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/ballot_opened",
            context={"ballot": ballot, "entry": entry},
        )
    return ballot


def _anonymous_key(ballot, organisation_id):
    message = f"{ballot.pk}:{ballot.salt}:{organisation_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _lock_open_ballot(ballot):
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=ballot.pk)
    if ballot.state != Ballot.State.OPEN or timezone.now() >= ballot.closes_at:
        raise ValidationError(_("This ballot is closed: it accepts nothing more."))
    return ballot


@transaction.atomic
def cast_vote(*, ballot, organisation, choice, by):
    """Cast (or change, until closing) the organisation's one ballot, directly or as its proxy holder."""
    ballot = _lock_open_ballot(ballot)
    if choice not in ballot.options:
        raise ValidationError(_("Choose one of the ballot's options."))
    if not EligibleOrganisation.objects.filter(ballot=ballot, organisation=organisation).exists():
        raise PermissionDenied(_("%(org)s has no vote in this ballot.") % {"org": organisation})
    if not _is_active_member(organisation.pk, ballot.group.alliance_id):
        raise PermissionDenied(_("%(org)s's membership is not active: it cannot vote.") % {"org": organisation})
    allowed = dict(selectors.votable_organisations(ballot, by))
    if organisation.pk not in allowed:
        raise PermissionDenied(_("You cannot vote for %(org)s in this ballot.") % {"org": organisation})
    proxy_holder_id = allowed[organisation.pk]
    now = timezone.now()
    existing = CastBallot.objects.filter(ballot=ballot, organisation=organisation).first()
    stored_choice = "" if ballot.is_secret else choice
    if existing is None:
        position = (CastBallot.objects.filter(ballot=ballot).aggregate(m=Max("position"))["m"] or 0) + 1
        cast = CastBallot.objects.create(
            ballot=ballot,
            organisation=organisation,
            cast_by=by,
            proxy_holder_id=proxy_holder_id,
            choice=stored_choice,
            position=position,
            cast_at=now,
            previous_hash="",
            entry_hash="",
        )
    else:
        cast = existing
        cast.cast_by = by
        cast.proxy_holder_id = proxy_holder_id
        cast.choice = stored_choice
        cast.revision += 1
        cast.cast_at = now
        cast.save(update_fields=["cast_by", "proxy_holder", "choice", "revision", "cast_at"])
    if ballot.is_secret:
        key = _anonymous_key(ballot, organisation.pk)
        updated = AnonymousChoice.objects.filter(ballot=ballot, key=key).update(choice=choice)
        if not updated:
            AnonymousChoice.objects.create(ballot=ballot, key=key, choice=choice, previous_hash="", entry_hash="")
    _rechain(ballot)
    record(
        actor=by,
        action="ballot.vote_changed" if existing else "ballot.vote_cast",
        target=ballot,
        data={
            "organisation": organisation.pk,
            "proxy_holder": proxy_holder_id,
            "revision": cast.revision,
            **({} if ballot.is_secret else {"choice": choice}),
        },
    )
    return cast


def _cast_hash(previous, cast):
    cast_at = cast.cast_at.astimezone(UTC).isoformat(timespec="microseconds")
    payload = "|".join(
        str(part)
        for part in (
            previous,
            cast.ballot_id,
            cast.position,
            cast.organisation_id,
            cast.proxy_holder_id or "",
            cast.cast_by_id,
            cast.choice,
            cast.revision,
            cast_at,
        )
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _choice_hash(previous, anonymous):
    payload = f"{previous}|{anonymous.ballot_id}|{anonymous.pk}|{anonymous.choice}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _rechain(ballot):
    """Chain every cast ballot to the previous one (SHA-256); the choices of a secret ballot chain apart."""
    previous = GENESIS
    changed = []
    for cast in CastBallot.objects.filter(ballot=ballot).order_by("position"):
        entry = _cast_hash(previous, cast)
        if (cast.previous_hash, cast.entry_hash) != (previous, entry):
            cast.previous_hash, cast.entry_hash = previous, entry
            changed.append(cast)
        previous = entry
    CastBallot.objects.bulk_update(changed, ["previous_hash", "entry_hash"])
    ballot.chain_head = previous
    previous_choice = GENESIS
    changed = []
    for anonymous in AnonymousChoice.objects.filter(ballot=ballot).order_by("pk"):
        entry = _choice_hash(previous_choice, anonymous)
        if (anonymous.previous_hash, anonymous.entry_hash) != (previous_choice, entry):
            anonymous.previous_hash, anonymous.entry_hash = previous_choice, entry
            changed.append(anonymous)
        previous_choice = entry
    AnonymousChoice.objects.bulk_update(changed, ["previous_hash", "entry_hash"])
    ballot.choice_chain_head = previous_choice
    ballot.save(update_fields=["chain_head", "choice_chain_head"])


@dataclass
class ChainCheck:
    ballot: Ballot
    links: int = 0
    problems: list = field(default_factory=list)

    @property
    def intact(self):
        return not self.problems


def verify_chain(ballot):
    """Recompute the ballot's chains from its rows; any altered, inserted or deleted row shows."""
    check = ChainCheck(ballot=ballot)
    previous = GENESIS
    for cast in CastBallot.objects.filter(ballot=ballot).order_by("position"):
        check.links += 1
        if cast.previous_hash != previous:
            check.problems.append(_("Cast ballot #%(n)s does not follow the previous one.") % {"n": cast.position})
        entry = _cast_hash(previous, cast)
        if cast.entry_hash != entry:
            check.problems.append(_("Cast ballot #%(n)s was altered after it was cast.") % {"n": cast.position})
        previous = cast.entry_hash
    if check.links and ballot.chain_head != previous:
        check.problems.append(_("The chain does not end where it ended when the last ballot was cast."))
    if not check.links and ballot.chain_head not in ("", GENESIS):
        check.problems.append(_("Cast ballots were removed."))
    previous = GENESIS
    choices = 0
    for anonymous in AnonymousChoice.objects.filter(ballot=ballot).order_by("pk"):
        choices += 1
        entry = _choice_hash(previous, anonymous)
        if anonymous.previous_hash != previous or anonymous.entry_hash != entry:
            check.problems.append(_("A secret choice was altered after it was cast."))
        previous = anonymous.entry_hash
    if choices and ballot.choice_chain_head != previous:
        check.problems.append(_("The chain of secret choices was cut."))
    expected_choices = check.links if ballot.is_secret else 0
    if choices != expected_choices:
        check.problems.append(_("The number of secret choices does not match the number of cast ballots."))
    if ballot.is_closed and ballot.counts is not None and _count(ballot) != ballot.counts:
        check.problems.append(_("The votes no longer add up to the published result."))
    return check


@transaction.atomic
def give_proxy(*, ballot, organisation, holder, by):
    """The organisation gives its vote in this ballot to another eligible member organisation."""
    ballot = _lock_open_ballot(ballot)
    represented = selectors.voting_roster_organisation_ids(by, ballot.group) & _org_ids(by)
    if organisation.pk not in represented:
        raise PermissionDenied(_("Only a representative of %(org)s gives its proxy.") % {"org": organisation})
    eligible = set(EligibleOrganisation.objects.filter(ballot=ballot).values_list("organisation_id", flat=True))
    if organisation.pk not in eligible or holder.pk not in eligible:
        raise ValidationError(_("Both organisations must have a vote in this ballot."))
    if holder.pk == organisation.pk:
        raise ValidationError(_("An organisation cannot give its proxy to itself."))
    if not _is_active_member(holder.pk, ballot.group.alliance_id):
        raise ValidationError(_("%(org)s's membership is not active.") % {"org": holder})
    if CastBallot.objects.filter(ballot=ballot, organisation=organisation).exists():
        raise ValidationError(_("%(org)s has already voted in this ballot.") % {"org": organisation})
    if Proxy.objects.filter(ballot=ballot, organisation=organisation).exists():
        raise ValidationError(_("%(org)s has already given its proxy.") % {"org": organisation})
    if Proxy.objects.filter(ballot=ballot, organisation=holder).exists():
        raise ValidationError(_("%(org)s has given its own vote away and cannot hold a proxy.") % {"org": holder})
    if Proxy.objects.filter(ballot=ballot, holder=organisation).exists():
        raise ValidationError(_("An organisation holding another's proxy cannot give its vote away."))
    proxy = Proxy.objects.create(ballot=ballot, organisation=organisation, holder=holder, given_by=by)
    record(
        actor=by,
        action="ballot.proxy_given",
        target=ballot,
        data={"organisation": organisation.pk, "holder": holder.pk},
    )
    for entry in RosterEntry.objects.filter(
        group=ballot.group, organisation=holder, meeting__isnull=True, role__in=RosterEntry.VOTING_ROLES
    ).select_related("user"):
        queue_email(
            key=f"ballot:{ballot.pk}:proxy:{organisation.pk}:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/proxy_given",
            context={"ballot": ballot, "organisation": organisation, "holder": holder},
        )
    return proxy


def _count(ballot):
    if ballot.is_secret:
        choices = AnonymousChoice.objects.filter(ballot=ballot).values_list("choice", flat=True)
    else:
        choices = CastBallot.objects.filter(ballot=ballot).values_list("choice", flat=True)
    counts = dict.fromkeys(ballot.options, 0)
    for choice in choices:
        counts[choice] = counts.get(choice, 0) + 1
    return counts


@dataclass(frozen=True)
class Result:
    eligible: int
    participants: int
    counts: dict
    quorum_reached: bool
    carried: bool
    outcome: str
    winning_option: str = ""

    @property
    def turnout_percent(self):
        return round(100 * self.participants / self.eligible, 1) if self.eligible else 0.0


def tally(*, kind, options, counts, eligible, participants, quorum_percent, majority, majority_base):
    """Quorum and majority, computed.

    Quorum: at least `quorum_percent` % of the eligible organisations took part (abstaining is taking part).
    Majority: of the votes cast (yes + no, or every option but abstention) or of the eligible organisations;
    simple = more than half, two-thirds = at least two thirds. A tie never carries.
    """
    quorum_reached = eligible > 0 and participants * 100 >= quorum_percent * eligible
    voting = [option for option in options if option != Ballot.ABSTAIN]
    cast = sum(counts.get(option, 0) for option in voting)
    base = cast if majority_base == Ballot.MajorityBase.CAST else eligible

    def meets(number):
        if base == 0:
            return False
        if majority == Ballot.Majority.SIMPLE:
            return number * 2 > base
        return number * 3 >= base * 2

    def result(carried, outcome, winner=""):
        return Result(eligible, participants, counts, quorum_reached, carried, outcome, winner)

    if not quorum_reached:
        return result(False, "no_quorum")
    if cast == 0:
        return result(False, "no_votes")
    if kind == Ballot.Kind.MOTION:
        yes, no = counts.get(Ballot.YES, 0), counts.get(Ballot.NO, 0)
        if yes == no:
            return result(False, "tie")
        return result(True, "carried", Ballot.YES) if meets(yes) else result(False, "no_majority")
    top = max(counts.get(option, 0) for option in voting)
    leaders = [option for option in voting if counts.get(option, 0) == top]
    if len(leaders) > 1:
        return result(False, "tie")
    return result(True, "carried", leaders[0]) if meets(top) else result(False, "no_majority")


def result_of(ballot):
    """The frozen result of a closed ballot, or the running one (for the secretariat) of an open one."""
    if ballot.is_closed:
        counts, participants = ballot.counts, ballot.participant_count
    else:
        counts, participants = _count(ballot), CastBallot.objects.filter(ballot=ballot).count()
    return tally(
        kind=ballot.kind,
        options=ballot.options,
        counts=counts,
        eligible=ballot.eligible_count or 0,
        participants=participants,
        quorum_percent=ballot.quorum_percent,
        majority=ballot.majority,
        majority_base=ballot.majority_base,
    )


@transaction.atomic
def close_ballot(*, ballot, by=None):
    """Close the ballot: count, decide quorum and majority, freeze the result, publish it to the group."""
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=ballot.pk)
    if ballot.state != Ballot.State.OPEN:
        raise ValidationError(_("Only an open ballot can close."))
    counts = _count(ballot)
    participants = CastBallot.objects.filter(ballot=ballot).count()
    result = tally(
        kind=ballot.kind,
        options=ballot.options,
        counts=counts,
        eligible=ballot.eligible_count or 0,
        participants=participants,
        quorum_percent=ballot.quorum_percent,
        majority=ballot.majority,
        majority_base=ballot.majority_base,
    )
    # From now on nothing links a secret choice to an organisation, not even the key.
    AnonymousChoice.objects.filter(ballot=ballot).update(key=None)
    ballot.state = Ballot.State.CLOSED
    ballot.closed_at = timezone.now()
    ballot.closed_by = by if by is not None and by.is_authenticated else None
    ballot.participant_count = participants
    ballot.counts = counts
    ballot.quorum_reached = result.quorum_reached
    ballot.carried = result.carried
    ballot.outcome = result.outcome
    ballot.winning_option = result.winning_option
    ballot.save()
    record(
        actor=by,
        action="ballot.closed",
        target=ballot,
        from_state=Ballot.State.OPEN,
        to_state=Ballot.State.CLOSED,
        data={
            "counts": counts,
            "eligible": result.eligible,
            "participants": participants,
            "quorum_reached": result.quorum_reached,
            "carried": result.carried,
            "outcome": result.outcome,
            "chain_head": ballot.chain_head,
        },
    )
    for entry in RosterEntry.objects.filter(group=ballot.group, meeting__isnull=True).select_related("user"):
        queue_email(
            key=f"ballot:{ballot.pk}:closed:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/ballot_closed",
            context={"ballot": ballot, "result": result},
        )
    return ballot


def process_due_ballots(*, now=None):
    """Open the scheduled ballots whose time has come and close the open ones that are due (idempotent)."""
    now = now or timezone.now()
    opened = closed = 0
    for pk in Ballot.objects.filter(state=Ballot.State.SCHEDULED, opens_at__lte=now).values_list("pk", flat=True):
        try:
            open_ballot(ballot=Ballot(pk=pk))
            opened += 1
        except ValidationError:
            pass  # another worker got there first
    for pk in Ballot.objects.filter(state=Ballot.State.OPEN, closes_at__lte=now).values_list("pk", flat=True):
        try:
            close_ballot(ballot=Ballot(pk=pk))
            closed += 1
        except ValidationError:
            pass
    return opened, closed


# ------------------------------------------------------------------------------------------- proposals


@transaction.atomic
def propose_group(*, alliance, organisation, by, name, mandate, rationale):
    if organisation.pk not in _org_ids(by) or not _is_active_member(organisation.pk, alliance.pk):
        raise PermissionDenied(_("Member organisations propose working groups."))
    proposal = GroupProposal.objects.create(
        alliance=alliance, organisation=organisation, proposed_by=by, name=name, mandate=mandate, rationale=rationale
    )
    record(actor=by, action="proposal.submitted", target=proposal, to_state=GroupProposal.State.PENDING)
    from django.contrib.auth.models import Group

    deciders = Group.objects.filter(name__in=["Decision makers", "Administrators"]).values_list(
        "user__email", flat=True
    )
    queue_email(
        key=f"proposal:{proposal.pk}:submitted",
        to=[email for email in deciders if email],
        template="workinggroups/email/proposal_submitted",
        context={"proposal": proposal},
    )
    return proposal


@transaction.atomic
def decide_proposal(*, proposal, approve, by, reason):
    proposal = (
        GroupProposal.objects.select_for_update(of=("self",))
        .select_related("alliance", "proposed_by")
        .get(pk=proposal.pk)
    )
    if proposal.state != GroupProposal.State.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the decision."))
    if approve:
        base = slugify(proposal.name)[:40] or "group"
        slug, n = base, 1
        while WorkingGroup.objects.filter(alliance=proposal.alliance, slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        proposal.group = WorkingGroup.objects.create(
            alliance=proposal.alliance, slug=slug, name=proposal.name, mandate=proposal.mandate
        )
        record(actor=by, action="workinggroup.created", target=proposal.group, data={"proposal": proposal.pk})
    proposal.state = GroupProposal.State.APPROVED if approve else GroupProposal.State.DECLINED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_reason = reason.strip()
    proposal.save()
    record(
        actor=by,
        action="proposal.decided",
        target=proposal,
        from_state=GroupProposal.State.PENDING,
        to_state=proposal.state,
        reason=proposal.decision_reason,
    )
    queue_email(
        key=f"proposal:{proposal.pk}:decided",
        to=[proposal.proposed_by.email],
        template="workinggroups/email/proposal_decided",
        context={"proposal": proposal},
    )
    return proposal
