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
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from audit.services import record
from documents.validators import validate_pdf_upload
from memberships.models import MemberRepresentative, Membership
from notifications.services import queue_email
from organisations.models import OrganisationUser
from workinggroups import selectors, signals
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
def withdraw_former_representative(*, membership, user, by):
    """The organisation no longer names the person: take them off its voting roles in the alliance's groups.

    Observer entries stay: an observer need not be a representative.
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
        remove_roster_entry(
            entry=entry,
            by=by,
            reason=_("%(org)s no longer names %(person)s as its member representative.")
            % {"org": entry.organisation, "person": user.display_name},
        )
        removed += 1
    return removed


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
    """Open the ballot and fix, once and for all, the organisations with a vote in it.

    An organisation is eligible if its membership is active and one of its named representatives holds a
    voting role on the roster. The eligible set, and so the base of the quorum, stays as fixed here: an
    organisation suspended later keeps its place in the base (and cannot vote); one admitted later has no vote
    in this ballot.
    """
    ballot = Ballot.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=ballot.pk)
    if ballot.state != Ballot.State.SCHEDULED:
        raise ValidationError(_("Only a scheduled ballot can open."))
    organisation_ids = set(
        selectors.voting_entries().filter(group=ballot.group).values_list("organisation_id", flat=True)
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
    voters = selectors.voting_entries().filter(group=ballot.group).select_related("user")
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


def cast_vote(*, ballot, organisation, choice, by):
    """Cast (or change, until closing) the organisation's one ballot, directly or as its proxy holder.

    The chain is verified under the ballot's row lock before anything is written: re-chaining on top of a row
    altered in the database would make the alteration verify. A broken chain refuses the vote, and the alert
    (audit entry, e-mail to the secretariat) commits although the vote does not; so this is not one atomic
    block, and callers must not wrap it in a transaction that they roll back on the refusal.
    """
    with transaction.atomic():
        ballot = _lock_open_ballot(ballot)
        proxy_holder_id = _check_vote(ballot=ballot, organisation=organisation, choice=choice, by=by)
        check = verify_chain(ballot)
        if check.intact:
            return _write_vote(
                ballot=ballot, organisation=organisation, choice=choice, by=by, proxy_holder_id=proxy_holder_id
            )
        _report_broken_chain(ballot=ballot, check=check, by=by, attempted="vote", organisation=organisation)
    raise ChainBrokenError(
        _(
            "This ballot's record of cast ballots fails its integrity check; the secretariat has been told. "
            "Nothing was recorded."
        )
    )


def _check_vote(*, ballot, organisation, choice, by):
    """Refuse a vote the person may not cast; return the proxy holder it is cast as, if any."""
    if choice not in ballot.options:
        raise ValidationError(_("Choose one of the ballot's options."))
    if not EligibleOrganisation.objects.filter(ballot=ballot, organisation=organisation).exists():
        raise PermissionDenied(_("%(org)s has no vote in this ballot.") % {"org": organisation})
    if not _is_active_member(organisation.pk, ballot.group.alliance_id):
        raise PermissionDenied(_("%(org)s's membership is not active: it cannot vote.") % {"org": organisation})
    allowed = dict(selectors.votable_organisations(ballot, by))
    if organisation.pk not in allowed:
        raise PermissionDenied(_("You cannot vote for %(org)s in this ballot.") % {"org": organisation})
    return allowed[organisation.pk]


def _write_vote(*, ballot, organisation, choice, by, proxy_holder_id):
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
    # The new chain heads go into the append-only trail: whoever rewrites the rows and the ballot's head in
    # the database cannot rewrite this, and verify_chain compares the two. A secret ballot's choices are
    # anchored by a keyed seal, not their head (see _choice_chain_seal).
    record(
        actor=by,
        action="ballot.vote_changed" if existing else "ballot.vote_cast",
        target=ballot,
        data={
            "organisation": organisation.pk,
            "proxy_holder": proxy_holder_id,
            "revision": cast.revision,
            "chain_head": ballot.chain_head,
            **(
                {"choice_chain_seal": _choice_chain_seal(ballot, ballot.choice_chain_head)}
                if ballot.is_secret
                else {"choice": choice}
            ),
        },
    )
    return cast


def _choice_chain_seal(ballot, head, *, secret=None):
    """A keyed digest of a secret ballot's chain of choices, recorded with each organisation's vote.

    Not the head itself: from a series of heads, each beside the organisation that voted, anyone who reads the
    database could replay the chain over subsets of the anonymous choices and so tell who chose what. Without
    the key the seal neither reveals that nor can be forged.
    """
    return salted_hmac(
        "workinggroups.choice_chain", f"{ballot.pk}:{head}", secret=secret, algorithm="sha256"
    ).hexdigest()


def _seal_matches(ballot, seal):
    # The keys in SECRET_KEY_FALLBACKS still verify the seals made before the secret key was rotated.
    return any(
        constant_time_compare(seal, _choice_chain_seal(ballot, ballot.choice_chain_head, secret=key))
        for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    )


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
    # A digest of the state checked, so that one broken state raises one alert however often it is met.
    fingerprint: str = ""

    @property
    def intact(self):
        return not self.problems


class ChainBrokenError(ValidationError):
    """A write to a ballot's chain was refused because the chain fails verification."""


def verify_chain(ballot):
    """Recompute the ballot's chains from its rows; any altered, inserted or deleted row shows.

    The rows and the ballot's chain heads could all be rewritten consistently by someone with write access to
    the database, so the heads are also compared with those the append-only audit trail recorded with the
    latest vote. A fixed number of queries, whatever the number of rows.
    """
    check = ChainCheck(ballot=ballot)
    state = [str(ballot.pk), ballot.chain_head, ballot.choice_chain_head]
    previous = GENESIS
    for cast in CastBallot.objects.filter(ballot=ballot).order_by("position"):
        check.links += 1
        if cast.previous_hash != previous:
            check.problems.append(_("Cast ballot #%(n)s does not follow the previous one.") % {"n": cast.position})
        entry = _cast_hash(previous, cast)
        state.append(f"{cast.pk}:{cast.previous_hash}:{cast.entry_hash}:{entry}")
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
        state.append(f"{anonymous.pk}:{anonymous.previous_hash}:{anonymous.entry_hash}:{entry}")
        if anonymous.previous_hash != previous or anonymous.entry_hash != entry:
            check.problems.append(_("A secret choice was altered after it was cast."))
        previous = anonymous.entry_hash
    if choices and ballot.choice_chain_head != previous:
        check.problems.append(_("The chain of secret choices was cut."))
    expected_choices = check.links if ballot.is_secret else 0
    if choices != expected_choices:
        check.problems.append(_("The number of secret choices does not match the number of cast ballots."))
    _check_anchor(ballot, check)
    if ballot.is_closed and ballot.counts is not None and _count(ballot) != ballot.counts:
        check.problems.append(_("The votes no longer add up to the published result."))
    check.fingerprint = hashlib.sha256("|".join(state).encode("utf-8")).hexdigest()
    return check


def _check_anchor(ballot, check):
    anchor = selectors.vote_anchor(ballot)
    if anchor is None:
        if check.links:
            check.problems.append(_("The audit trail records no vote in this ballot, yet cast ballots exist."))
        return
    if "chain_head" not in anchor:
        # Votes recorded before the trail held the chain heads have nothing to compare with; once a vote
        # has recorded them, a later vote without them was written by something other than the portal.
        if selectors.has_anchored_votes(ballot):
            check.problems.append(_("The audit trail's record of the latest vote does not hold the chain head."))
        return
    if anchor["chain_head"] != ballot.chain_head:
        check.problems.append(
            _("The chain does not end where the audit trail recorded it after the latest vote: it was rewritten.")
        )
    if ballot.is_secret and not _seal_matches(ballot, anchor.get("choice_chain_seal") or ""):
        check.problems.append(
            _("The chain of secret choices does not end where the audit trail recorded it: it was rewritten.")
        )


def _report_broken_chain(*, ballot, check, by, attempted, organisation=None):
    """Record in the audit trail, and tell the secretariat, that a write met a broken chain.

    Called under the ballot's row lock in a block that commits. Every person's refused attempt is recorded;
    the scheduler, which retries every minute, is recorded once per broken state. The secretariat gets one
    e-mail per broken state.
    """
    person = by is not None and by.is_authenticated
    if not person:
        last = (
            selectors.ballot_audit_entries(ballot, ["ballot.chain_broken"])
            .order_by("-pk")
            .values_list("data", flat=True)
            .first()
        )
        if last is not None and last.get("fingerprint") == check.fingerprint:
            return
    record(
        actor=by,
        action="ballot.chain_broken",
        target=ballot,
        reason=_("A vote was refused: the chain of cast ballots fails verification.")
        if attempted == "vote"
        else _("Closing was refused: the chain of cast ballots fails verification."),
        data={
            "attempted": attempted,
            "organisation": organisation.pk if organisation is not None else None,
            "problems": [str(problem) for problem in check.problems],
            "chain_head": ballot.chain_head,
            "fingerprint": check.fingerprint,
        },
    )
    queue_email(
        key=f"ballot:{ballot.pk}:chain_broken:{check.fingerprint}",
        to=_secretariat_emails(),
        template="workinggroups/email/chain_broken",
        context={"ballot": ballot, "check": check, "attempted": attempted},
    )


@transaction.atomic
def give_proxy(*, ballot, organisation, holder, by):
    """The organisation gives its vote in this ballot to another eligible member organisation."""
    ballot = _lock_open_ballot(ballot)
    if organisation.pk not in selectors.represented_organisation_ids(by, ballot.group):
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
    for entry in _voters_of(ballot, holder):
        queue_email(
            key=f"ballot:{ballot.pk}:proxy:{organisation.pk}:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/proxy_given",
            context={"ballot": ballot, "organisation": organisation, "holder": holder},
        )
    return proxy


def _voters_of(ballot, organisation):
    return (
        selectors.voting_entries()
        .filter(group_id=ballot.group_id, organisation_id=organisation.pk)
        .select_related("user")
        .order_by("user_id")
    )


@transaction.atomic
def revoke_proxy(*, ballot, organisation, by):
    """A representative of the organisation takes back the proxy it gave, while the ballot is open.

    From then on the organisation votes itself. A vote its holder already cast for it stays as cast (it was
    valid when cast) and counts unless the organisation changes it, which it may do until the ballot closes.
    """
    ballot = _lock_open_ballot(ballot)
    if organisation.pk not in selectors.represented_organisation_ids(by, ballot.group):
        raise PermissionDenied(_("Only a representative of %(org)s takes back its proxy.") % {"org": organisation})
    proxy = Proxy.objects.filter(ballot=ballot, organisation=organisation).select_related("holder").first()
    if proxy is None:
        raise ValidationError(_("%(org)s has not given its vote in this ballot to anyone.") % {"org": organisation})
    holder, proxy_pk = proxy.holder, proxy.pk
    proxy.delete()
    record(
        actor=by,
        action="ballot.proxy_revoked",
        target=ballot,
        data={"organisation": organisation.pk, "holder": holder.pk},
    )
    for entry in _voters_of(ballot, holder):
        queue_email(
            key=f"ballot:{ballot.pk}:proxy_revoked:{organisation.pk}:{proxy_pk}:{entry.user_id}",
            to=[entry.user.email],
            template="workinggroups/email/proxy_revoked",
            context={"ballot": ballot, "organisation": organisation, "holder": holder},
        )


@transaction.atomic
def void_proxies_held_by(*, membership, by, reason=""):
    """The membership stopped being active: void the proxies its organisation holds in the open ballots.

    A holder that cannot vote would otherwise carry the delegating organisations' votes into nothing. Each
    delegating organisation votes itself again, and its voters are told. Votes the holder cast for it while
    active stay as cast (the delegating organisation may change them until closing).
    """
    ballot_ids = (
        Proxy.objects.filter(
            holder_id=membership.organisation_id,
            ballot__state=Ballot.State.OPEN,
            ballot__group__alliance_id=membership.alliance_id,
        )
        .values_list("ballot_id", flat=True)
        .distinct()
    )
    # The lock cast_vote takes: no vote goes through a proxy while it is voided. In one order: no deadlock.
    ballots = (
        Ballot.objects.select_for_update(of=("self",))
        .filter(pk__in=list(ballot_ids), state=Ballot.State.OPEN)
        .select_related("group")
        .order_by("pk")
    )
    voided = 0
    for ballot in ballots:
        for proxy in Proxy.objects.filter(ballot=ballot, holder_id=membership.organisation_id).select_related(
            "organisation", "holder"
        ):
            proxy_pk = proxy.pk
            proxy.delete()
            voided += 1
            record(
                actor=by,
                action="ballot.proxy_voided",
                target=ballot,
                reason=reason,
                data={"organisation": proxy.organisation_id, "holder": proxy.holder_id, "membership": membership.pk},
            )
            for entry in _voters_of(ballot, proxy.organisation):
                queue_email(
                    key=f"ballot:{ballot.pk}:proxy_voided:{proxy.organisation_id}:{proxy_pk}:{entry.user_id}",
                    to=[entry.user.email],
                    template="workinggroups/email/proxy_voided",
                    context={
                        "ballot": ballot,
                        "organisation": proxy.organisation,
                        "holder": proxy.holder,
                        "membership": membership,
                    },
                )
    return voided


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


def close_ballot(*, ballot, by=None):
    """Close the ballot: count, decide quorum and majority, freeze the result, publish it to the group.

    Every vote validly cast counts, including one cast while the organisation was active by an organisation
    suspended (or whose membership ended) before closing; the quorum's base is the eligible set fixed at
    opening. A result is never frozen on a chain that fails verification: the ballot stays open, the
    secretariat is told, and the alert commits although the closing does not (see cast_vote).
    """
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update(of=("self",)).select_related("group__alliance").get(pk=ballot.pk)
        if ballot.state != Ballot.State.OPEN:
            raise ValidationError(_("Only an open ballot can close."))
        check = verify_chain(ballot)
        if check.intact:
            return _freeze_result(ballot=ballot, by=by)
        _report_broken_chain(ballot=ballot, check=check, by=by, attempted="close")
    raise ChainBrokenError(
        _(
            "This ballot's record of cast ballots fails its integrity check; the secretariat has been told. "
            "The ballot stays open and no result was recorded."
        )
    )


def _freeze_result(*, ballot, by):
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
    signals.ballot_closed.send(sender=Ballot, ballot=ballot, result=result)
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
            pass  # closed by another worker, or its chain is broken (the secretariat was told)
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
