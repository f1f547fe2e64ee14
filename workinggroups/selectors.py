"""Shared reads for working groups, meetings and ballots. Voting rights are derived, never stored."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from applications.models import Application
from audit.models import AuditEntry
from memberships.models import MemberRepresentative, Membership
from organisations.models import OrganisationUser
from organisations.selectors import organisation_ids_of
from workinggroups.models import Ballot, CastBallot, EligibleOrganisation, Meeting, Proxy, RosterEntry, WorkingGroup


def _organisation_is_active_member():
    """For a roster entry: its organisation holds an active membership of the group's alliance."""
    return Exists(
        Membership.objects.filter(
            organisation=OuterRef("organisation"), alliance=OuterRef("group__alliance"), state=Membership.State.ACTIVE
        )
    )


def _person_is_named_representative():
    """For a roster entry: its person is a named representative of an active membership of its organisation."""
    return Exists(
        MemberRepresentative.objects.filter(
            user=OuterRef("user"),
            membership__organisation=OuterRef("organisation"),
            membership__alliance=OuterRef("group__alliance"),
            membership__state=Membership.State.ACTIVE,
        )
    )


def voting_entries():
    """Standing roster entries whose person votes for the organisation today.

    A voting role on the roster is not enough: the organisation names (and removes) its representatives on
    its membership, and only an active membership votes.
    """
    return RosterEntry.objects.filter(meeting__isnull=True, role__in=RosterEntry.VOTING_ROLES).filter(
        _person_is_named_representative()
    )


def permanent_group_ids_of(user):
    """Groups in which the user has a roster entry (not as an ad-hoc invitee), cached for the request.

    The entry counts only while its organisation is an active member of the group's alliance: a suspended
    or former member keeps its line on the roster (the secretariat's record) but none of its powers.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_wg_group_ids", None)
    if cached is None:
        cached = frozenset(
            RosterEntry.objects.filter(user=user, meeting__isnull=True)
            .filter(_organisation_is_active_member())
            .values_list("group_id", flat=True)
        )
        user._wg_group_ids = cached
    return cached


def chaired_group_ids_of(user):
    """Groups the user co-chairs: a chair acts as a named representative of an active member, like any voter."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_wg_chair_ids", None)
    if cached is None:
        cached = frozenset(
            voting_entries().filter(user=user, role=RosterEntry.Role.CHAIR).values_list("group_id", flat=True)
        )
        user._wg_chair_ids = cached
    return cached


def ad_hoc_meeting_ids_of(user):
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_wg_ad_hoc_ids", None)
    if cached is None:
        cached = frozenset(
            RosterEntry.objects.filter(user=user, meeting__isnull=False).values_list("meeting_id", flat=True)
        )
        user._wg_ad_hoc_ids = cached
    return cached


def groups_visible_to(user, *, everything):
    from memberships.selectors import member_alliance_ids_of

    queryset = WorkingGroup.objects.filter(is_active=True).select_related("alliance")
    if not everything:
        queryset = queryset.filter(
            Q(pk__in=permanent_group_ids_of(user)) | Q(alliance_id__in=member_alliance_ids_of(user))
        )
    return queryset.annotate(
        roster_size=Count("roster", filter=Q(roster__meeting__isnull=True), distinct=True),
        open_ballots=Count("ballots", filter=Q(ballots__state=Ballot.State.OPEN), distinct=True),
    ).order_by("alliance__name", "name")


def roster(group):
    """The group's standing roster, with whether each organisation votes today (derived from its membership).

    Each entry carries `is_named_representative`: a voting role gives a vote only to a person the organisation
    still names as its representative.
    """
    active = Membership.objects.filter(alliance_id=group.alliance_id, state=Membership.State.ACTIVE).values_list(
        "organisation_id", flat=True
    )
    entries = (
        RosterEntry.objects.filter(group=group, meeting__isnull=True)
        .annotate(is_named_representative=_person_is_named_representative())
        .select_related("organisation", "user")
        .order_by("organisation__legal_name", "user__email")
    )
    return entries, set(active)


def co_chairs(group):
    return (
        RosterEntry.objects.filter(group=group, role=RosterEntry.Role.CHAIR, meeting__isnull=True)
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )


def invitees(meeting):
    """Everyone invited to a meeting: the standing roster plus the meeting's ad-hoc invitees."""
    return (
        RosterEntry.objects.filter(Q(group_id=meeting.group_id, meeting__isnull=True) | Q(meeting=meeting))
        .select_related("user", "organisation")
        .order_by("organisation__legal_name", "user__email")
    )


def upcoming_ad_hoc_invitees(group):
    return (
        RosterEntry.objects.filter(group=group, meeting__ends_at__gte=timezone.now())
        .select_related("user", "organisation", "meeting")
        .order_by("meeting__starts_at", "organisation__legal_name")
    )


def meetings_of(group):
    return Meeting.objects.filter(group=group).order_by("-starts_at")


def ballots_of(group):
    return Ballot.objects.filter(group=group).annotate(taken_part=Count("cast_ballots")).order_by("-opens_at")


def ballots_for_user(user):
    """Ballots of the groups in which the user is on the standing roster (never an ad-hoc invitee's)."""
    return (
        Ballot.objects.filter(group_id__in=permanent_group_ids_of(user))
        .select_related("group")
        .annotate(taken_part=Count("cast_ballots"))
        .order_by("-opens_at")
    )


def voting_roster_organisation_ids(user, group):
    """Organisations for which the user votes in the group: a voting role, named representative, active member."""
    if not user.is_authenticated:
        return set()
    return set(voting_entries().filter(user=user, group=group).values_list("organisation_id", flat=True))


def represented_organisation_ids(user, group):
    """The organisations the user votes for in the group and acts for (gives or takes back their proxy)."""
    return voting_roster_organisation_ids(user, group) & set(organisation_ids_of(user))


def votable_organisations(ballot, user, *, represented=None):
    """What the user may vote for in the ballot: [(organisation_id, proxy_holder_id or None)].

    Own organisations vote while eligible, active and not delegated; a proxy holder also votes for the
    organisations that gave it their vote. `represented` saves a query when the caller has it already.
    """
    if not ballot.is_open or timezone.now() >= ballot.closes_at or not user.is_authenticated:
        return []
    mine = represented_organisation_ids(user, ballot.group) if represented is None else represented
    if not mine:
        return []
    eligible = set(EligibleOrganisation.objects.filter(ballot=ballot).values_list("organisation_id", flat=True))
    active = set(
        Membership.objects.filter(alliance_id=ballot.group.alliance_id, state=Membership.State.ACTIVE).values_list(
            "organisation_id", flat=True
        )
    )
    proxies = dict(Proxy.objects.filter(ballot=ballot).values_list("organisation_id", "holder_id"))
    result = []
    for organisation_id in sorted(mine):
        if organisation_id in eligible and organisation_id in active and organisation_id not in proxies:
            result.append((organisation_id, None))
    for delegating, holder in sorted(proxies.items()):
        if holder in mine and holder in eligible and holder in active and delegating in active:
            result.append((delegating, holder))
    return result


VOTE_ACTIONS = ("ballot.vote_cast", "ballot.vote_changed")


def ballot_audit_entries(ballot, actions):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Ballot), target_id=str(ballot.pk), action__in=actions
    )


def vote_anchor(ballot):
    """What the append-only audit trail recorded with the ballot's latest vote: its data, or None.

    Under the ballot's row lock votes are recorded one after the other, so the highest id is the latest
    (a clock, possibly skewed between servers, is not trusted for that).
    """
    return ballot_audit_entries(ballot, VOTE_ACTIONS).order_by("-pk").values_list("data", flat=True).first()


def has_anchored_votes(ballot):
    return ballot_audit_entries(ballot, VOTE_ACTIONS).filter(data__has_key="chain_head").exists()


def participation(ballot):
    """Who took part (never, in a secret ballot, what they chose)."""
    return (
        CastBallot.objects.filter(ballot=ballot)
        .select_related("organisation", "proxy_holder", "cast_by")
        .order_by("organisation__legal_name")
    )


def eligible_organisations(ballot):
    return (
        EligibleOrganisation.objects.filter(ballot=ballot)
        .select_related("organisation")
        .order_by("organisation__legal_name")
    )


def ad_hoc_candidates(meeting: Meeting):
    """Whom the secretariat may invite ad hoc to the meeting: people of organisations the alliance knows.

    Those are the organisations on the group's roster, the alliance's active members, and the organisations that
    submitted an application to the alliance; never an organisation that merely holds an account. People already
    on the group's standing roster or invited to this meeting are left out.
    """
    alliance_id = meeting.group.alliance_id
    on_roster = RosterEntry.objects.filter(group_id=meeting.group_id, meeting__isnull=True).values("organisation_id")
    members = Membership.objects.filter(alliance_id=alliance_id, state=Membership.State.ACTIVE).values(
        "organisation_id"
    )
    applied = Application.objects.filter(alliance_id=alliance_id, submitted_at__isnull=False).values("organisation_id")
    known = Q(organisation_id__in=on_roster) | Q(organisation_id__in=members) | Q(organisation_id__in=applied)
    return (
        OrganisationUser.objects.filter(known)
        .exclude(user__roster_entries__group_id=meeting.group_id, user__roster_entries__meeting__isnull=True)
        .exclude(user__roster_entries__meeting=meeting)
        .select_related("user", "organisation")
        .distinct()
        .order_by("organisation__legal_name", "user__full_name", "pk")
    )
