"""The declared access matrix: for each URL name, what each role gets (GET, and POST where it is an action).

Judged against ../shared/DOMAIN.md and issue 9. 200 a page or file, 302 a redirect (to log in for the anonymous
visitor; after an action; to the conflict declaration for a reviewer who has not made it), 404 what a role may
not see or do, 405 a method the URL does not take. The records are those of tests/portal/access_world.py.
"""

from tests.portal.access_world import ROLES

REVIEWERS = ("reviewer_cleared", "reviewer_undeclared", "reviewer_conflicted", "reviewer_unassigned")
# The staff who oversee the register and the working groups (reviewers see organisations only through their work).
STAFF = ("decision_maker", "secretariat", "superuser")
MEMBERS = ("member", "member_other_group", "chair")
SIGNED_IN = tuple(role for role in ROLES if role != "anonymous")


def answers(default=404, *, anonymous=302, **codes):
    """Every role's answer: `default` unless named (the anonymous visitor is sent to log in unless named)."""
    return {role: codes.get(role, anonymous if role == "anonymous" else default) for role in ROLES}


def only(code, roles, default=404, anonymous=302):
    return answers(default, anonymous=anonymous, **dict.fromkeys(roles, code))


PUBLIC = answers(200, anonymous=200)
EVERY_SIGNED_IN = answers(200)
POST_ONLY = answers(405)  # a GET to an action: refused by method once signed in


def entry(get, post=None, data=None):
    """`data`: what the POST sends, a dict or a function of the world."""
    return {"get": get, "post": post, "data": data or {}}


def _vote(world):
    return {"organisation": world["member_organisation"].pk, "choice": "No"}


def _proxy(world):
    return {"organisation": world["member_organisation"].pk, "holder": world["other_organisation"].pk}


def _resolve(world):
    prefix = f"comment-{world['comment'].pk}"
    return {f"{prefix}-resolution": "accepted", f"{prefix}-reply": "Source added."}


def _new_version(world):
    return {"version": world["draft_version"].pk, "closes_at": "2099-06-30T17:00"}


def _put_to_vote(world):
    return {**_new_version(world), "quorum_percent": 50, "majority": "simple", "majority_base": "cast"}


def _rapporteur(world):
    return {"entry": world["chair"].roster_entries.get(meeting=None).pk}


GROUP_READERS = (*STAFF, "member", "chair")

MATRIX = {
    # The public front; signed in, each person's home shows what needs them now.
    "home": entry(PUBLIC),
    "healthz": entry(PUBLIC),
    "legal_notice": entry(PUBLIC),
    "privacy": entry(PUBLIC),
    "accessibility": entry(PUBLIC),
    "contact": entry(PUBLIC),
    # Everyone signed in names themselves (asked once, before any page, when the name is missing).
    "account_name": entry(EVERY_SIGNED_IN, post=answers(302), data={"full_name": "Renamed Person"}),
    # The language switch: a POST for everyone, signed in or not, back to `next`.
    "set_language": entry(answers(405, anonymous=405), post=answers(302, anonymous=302), data={"language": "en"}),
    # The e-mailed code before a first authenticator: a signed-in person's own page; a wrong code is shown again.
    "accounts:confirm_enrolment": entry(EVERY_SIGNED_IN, post=answers(200), data={"code": "00000000"}),
    "alliances:detail": entry(PUBLIC),
    # Organisations: only their own people; staff through an application they may read for review.
    "organisations:list": entry(EVERY_SIGNED_IN),
    "organisations:create": entry(EVERY_SIGNED_IN, post=EVERY_SIGNED_IN),
    "organisations:detail": entry(only(200, ("applicant", "reviewer_cleared", "decision_maker", "superuser"))),
    "organisations:edit": entry(only(200, ["applicant"]), post=only(200, ["applicant"])),
    "organisations:invite": entry(only(200, ["applicant"]), post=only(200, ["applicant"])),
    "organisations:revoke_invitation": entry(POST_ONLY, post=only(302, ["applicant"])),
    # The token is the secret: whoever holds it sees the invitation; accepting checks the address.
    "organisations:accept_invitation": entry(EVERY_SIGNED_IN, post=answers(302)),
    # Applications: the applicant's own; nobody else through these pages.
    "applications:dashboard": entry(EVERY_SIGNED_IN),
    "applications:start": entry(POST_ONLY, post=answers(302)),
    "applications:detail": entry(only(200, ["applicant"])),
    # A step saves what it can and moves on (the form with its errors comes back only for invalid fields).
    "applications:step": entry(only(200, ["applicant"]), post=only(302, ["applicant"])),
    "applications:submit": entry(POST_ONLY, post=only(302, ["applicant"])),
    "applications:withdraw": entry(
        only(200, ["applicant"]), post=only(302, ["applicant"]), data={"reason": "We reapply next year."}
    ),
    "applications:document": entry(only(200, ["applicant"])),  # a draft's file: never staff
    "applications:remove_document": entry(POST_ONLY, post=only(302, ["applicant"])),
    # The signed Declaration: its organisation, and staff who may read its application for review.
    "declarations:pdf": entry(only(200, ("applicant", "reviewer_cleared", "decision_maker", "superuser"))),
    "declarations:scan": entry(only(200, ("applicant", "reviewer_cleared", "decision_maker", "superuser"))),
    "declarations:verify": entry(
        only(200, ("applicant", "reviewer_cleared", "decision_maker", "superuser")),
        post=only(200, ("applicant", "reviewer_cleared", "decision_maker", "superuser")),
    ),
    "declarations:awaiting": entry(EVERY_SIGNED_IN),
    "declarations:sign_for_membership": entry(only(200, ["member"]), post=only(200, ["member"])),
    # Review: assigned and cleared reviewers, decision makers from submission on; the audit trail for them too.
    "reviews:queue": entry(only(200, (*REVIEWERS, "decision_maker", "superuser"))),
    "reviews:export": entry(only(200, ["decision_maker"])),
    "reviews:balance": entry(POST_ONLY, post=only(302, ("decision_maker", "superuser"))),
    "reviews:application": entry(
        answers(reviewer_cleared=200, reviewer_undeclared=302, decision_maker=200, superuser=200),
        post=only(302, ("reviewer_cleared", "reviewer_undeclared")),
    ),
    "reviews:assign": entry(POST_ONLY, post=only(200, ("decision_maker", "superuser"))),
    "reviews:declare": entry(
        answers(reviewer_undeclared=200, reviewer_cleared=302),
        post=answers(reviewer_undeclared=200, reviewer_cleared=302),
    ),
    # The application waits for the applicant's answer: no reviewer asks another question now.
    "reviews:clarify": entry(POST_ONLY, post=answers()),
    "reviews:document": entry(only(200, ("reviewer_cleared", "decision_maker", "superuser"))),
    "reviews:decision": entry(only(200, ["decision_maker"]), post=only(302, ["decision_maker"])),
    # Decision makers see the trail of the applications they decide (issue 11), from submission on.
    "reviews:audit": entry(only(200, ("decision_maker", "superuser"))),
    "reviews:answer": entry(only(200, ["applicant"]), post=only(200, ["applicant"])),
    "reviews:clarification_file": entry(only(200, ("applicant", "reviewer_cleared", "decision_maker", "superuser"))),
    "reviews:letter": entry(only(200, ("applicant", "decision_maker", "superuser"))),
    # Memberships.
    "memberships:public": entry(PUBLIC),
    "memberships:directory": entry(only(200, (*STAFF, *MEMBERS))),
    "memberships:export": entry(only(200, STAFF)),
    "memberships:detail": entry(only(200, (*STAFF, "member"))),
    "memberships:change_state": entry(POST_ONLY, post=only(302, ("decision_maker", "superuser"))),
    "memberships:name_representative": entry(POST_ONLY, post=only(302, ["member"])),
    "memberships:remove_representative": entry(POST_ONLY, post=only(302, ["member"])),
    # Working groups: the secretariat keeps rosters and meetings; chairs open ballots; members vote.
    "workinggroups:list": entry(EVERY_SIGNED_IN),
    "workinggroups:detail": entry(only(200, (*STAFF, *MEMBERS))),
    # An empty form is shown again with its errors: 400.
    # Its own page (the person choice is long); an empty form is shown again with its errors: 400.
    "workinggroups:roster_add": entry(only(200, ["secretariat"]), post=only(400, ["secretariat"])),
    "workinggroups:roster_csv": entry(only(200, (*STAFF, "chair"))),
    # The printed roster: whoever sees the group's page (which shows the roster) may print it.
    "workinggroups:roster_pdf": entry(only(200, (*STAFF, *MEMBERS))),
    # Everyone's own meetings list (the secretariat's: all meetings).
    "workinggroups:meetings": entry(EVERY_SIGNED_IN),
    # Attending or apologies: whoever sees the meeting may post; the service refuses (a message) the uninvited.
    "workinggroups:meeting_answer": entry(
        POST_ONLY, post=only(302, (*STAFF, "member", "chair", "ad_hoc_invitee")), data={"answer": "attending"}
    ),
    # An empty form is shown again with its errors: 400.
    "workinggroups:join": entry(POST_ONLY, post=only(400, MEMBERS)),
    "workinggroups:meeting_create": entry(only(200, ["secretariat"]), post=only(200, ["secretariat"])),
    "workinggroups:ballot_create": entry(only(200, ("secretariat", "chair")), post=only(200, ("secretariat", "chair"))),
    "workinggroups:roster_edit": entry(only(200, ["secretariat"]), post=only(200, ["secretariat"])),
    "workinggroups:roster_remove": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:join_decide": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:meeting": entry(only(200, (*STAFF, "member", "chair", "ad_hoc_invitee"))),
    "workinggroups:meeting_edit": entry(only(200, ["secretariat"]), post=only(200, ["secretariat"])),
    "workinggroups:meeting_invite": entry(POST_ONLY, post=only(302, ["secretariat"])),
    # An empty form is shown again with its errors: 400.
    "workinggroups:meeting_cancel": entry(POST_ONLY, post=only(400, ["secretariat"])),
    # An empty form is shown again with its errors: 400.
    "workinggroups:meeting_ad_hoc": entry(only(200, ["secretariat"]), post=only(400, ["secretariat"])),
    # The invitees (a page at a time) and the attendance form: pages of their own, for the secretariat.
    "workinggroups:meeting_invitees": entry(only(200, ["secretariat"])),
    "workinggroups:meeting_attendance": entry(only(200, ["secretariat"]), post=only(302, ["secretariat"])),
    # GET leads the secretariat to the minutes' form on the meeting page (a link from its home).
    "workinggroups:meeting_minutes": entry(only(302, ["secretariat"]), post=only(302, ["secretariat"])),
    # An empty form is shown again with its errors: 400.
    "workinggroups:meeting_document": entry(POST_ONLY, post=only(400, ["secretariat"])),
    # Minutes from the record: the group and the meeting's invitees see the page (the text once published);
    # the chairs and the secretariat draft, complete, approve and publish them.
    "workinggroups:minutes": entry(only(200, (*STAFF, "member", "chair", "ad_hoc_invitee"))),
    "workinggroups:minutes_start": entry(POST_ONLY, post=only(302, ("secretariat", "chair"))),
    "workinggroups:minutes_save": entry(
        POST_ONLY, post=only(302, ("secretariat", "chair")), data={"minutes": "Agreed: the work programme."}
    ),
    "workinggroups:minutes_approve": entry(
        POST_ONLY, post=only(302, ("secretariat", "chair")), data={"procedure": "written"}
    ),
    "workinggroups:minutes_publish": entry(POST_ONLY, post=only(302, ("secretariat", "chair"))),
    "workinggroups:meeting_ics": entry(only(200, (*STAFF, "member", "chair", "ad_hoc_invitee"))),
    "workinggroups:attendance_sheet": entry(only(200, ["secretariat"])),
    "workinggroups:document": entry(only(200, (*STAFF, "member", "chair", "ad_hoc_invitee"))),
    "workinggroups:ballots": entry(EVERY_SIGNED_IN),
    # An ad-hoc invitee never sees a ballot. Those who see it may try to vote; the service refuses whoever
    # does not represent the organisation (test_access_findings proves it for the superuser and the chair).
    "workinggroups:ballot": entry(only(200, (*STAFF, "member", "chair"))),
    "workinggroups:ballot_vote": entry(POST_ONLY, post=only(302, (*STAFF, "member", "chair")), data=_vote),
    # GET: the proxy's form, to a representative whose organisation has not voted yet (a page of its own): the
    # chair's; the member's organisation has voted in the world's open ballot, so it has no vote left to give.
    "workinggroups:ballot_proxy": entry(only(200, ["chair"]), post=only(302, (*STAFF, "member", "chair")), data=_proxy),
    "workinggroups:ballot_proxy_revoke": entry(POST_ONLY, post=only(302, (*STAFF, "member", "chair")), data=_proxy),
    # Closing early: the secretariat only, with a reason; never the chair.
    "workinggroups:ballot_close": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:ballot_pdf": entry(only(200, (*STAFF, "member", "chair"))),
    "workinggroups:ballot_verify": entry(only(200, (*STAFF, "member", "chair"))),
    "workinggroups:proposals": entry(only(200, (*STAFF, *MEMBERS))),
    "workinggroups:proposal_create": entry(only(200, MEMBERS), post=only(200, MEMBERS)),
    "workinggroups:proposal": entry(only(200, (*STAFF, "member")), post=only(200, ("decision_maker", "superuser"))),
    # Deliverables (issue 13): the group writes them (its rapporteur, "member"), comments (roster and the round's
    # invitees), and votes; the chairs put them to the vote; the Commission acknowledges; public once published.
    "deliverables:index": entry(EVERY_SIGNED_IN),
    "deliverables:group": entry(only(200, (*STAFF, *MEMBERS))),
    "deliverables:create": entry(
        only(200, ("secretariat", "chair")),
        post=only(302, ("secretariat", "chair")),
        data={"title": "Packaging roadmap", "kind": "roadmap", "visibility": "group"},
    ),
    # Marked public: the alliance's members read it too (the member of another group).
    "deliverables:detail": entry(only(200, (*STAFF, *MEMBERS))),
    "deliverables:rapporteur_add": entry(POST_ONLY, post=only(302, ("secretariat", "chair")), data=_rapporteur),
    "deliverables:acknowledge": entry(POST_ONLY, post=only(302, ("decision_maker", "superuser"))),
    "deliverables:publish": entry(POST_ONLY, post=only(302, ("secretariat", "chair"))),
    "deliverables:version_create": entry(
        only(200, ["member"]), post=only(302, ["member"]), data={"text": "A new text.", "note": ""}
    ),
    "deliverables:compare": entry(only(200, (*STAFF, *MEMBERS))),
    "deliverables:version": entry(only(200, (*STAFF, *MEMBERS))),
    "deliverables:version_edit": entry(
        only(200, ["member"]), post=only(302, ["member"]), data={"text": "Corrected.", "note": ""}
    ),
    "deliverables:version_pdf": entry(only(200, (*STAFF, *MEMBERS))),
    "deliverables:round_open": entry(POST_ONLY, post=only(302, ["member"]), data=_new_version),
    # Comments are the group's (and the round's invitees'), never another group's.
    "deliverables:round": entry(only(200, (*GROUP_READERS, "ad_hoc_invitee"))),
    "deliverables:round_comment": entry(
        POST_ONLY, post=only(302, (*GROUP_READERS, "ad_hoc_invitee")), data={"paragraph": "1", "text": "Why?"}
    ),
    "deliverables:round_invite": entry(
        POST_ONLY, post=only(302, ["secretariat"]), data=lambda world: {"email": world["other_applicant"].email}
    ),
    "deliverables:round_close": entry(POST_ONLY, post=only(302, ("member", "secretariat"))),
    "deliverables:resolutions_csv": entry(only(200, GROUP_READERS)),
    "deliverables:resolutions_pdf": entry(only(200, GROUP_READERS)),
    "deliverables:comment_resolve": entry(POST_ONLY, post=only(302, ["member"]), data=_resolve),
    "deliverables:put_to_vote": entry(only(200, ["chair"]), post=only(302, ["chair"]), data=_put_to_vote),
    # Only the organisation that voted against, by its representative.
    "deliverables:statement": entry(POST_ONLY, post=only(302, ["member"]), data={"text": "We disagree."}),
    # Adopted, not yet published: its readers only; once published, everyone (no login).
    "deliverables:adopted_pdf": entry(only(200, (*STAFF, *MEMBERS), anonymous=404)),
    "deliverables:verify": entry(
        only(200, (*STAFF, *MEMBERS), anonymous=404), post=only(200, (*STAFF, *MEMBERS), anonymous=404)
    ),
}
