"""The declared access matrix: for each URL name, what each role gets (GET, and POST where it is an action).

Judged against ../shared/DOMAIN.md and issue 9. 200 a page or file, 302 a redirect (to log in for the anonymous
visitor; after an action; to the conflict declaration for a reviewer who has not made it), 404 what a role may
not see or do, 405 a method the URL does not take. The records are those of tests/portal/access_world.py.
"""

from tests.portal.access_world import ROLES

REVIEWERS = ("reviewer_cleared", "reviewer_undeclared", "reviewer_conflicted", "reviewer_unassigned")
# Commission staff as the working-group and membership rules see them today (see the report of issue 9).
STAFF = (*REVIEWERS, "decision_maker", "secretariat", "superuser")
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
    "applications:step": entry(only(200, ["applicant"]), post=only(200, ["applicant"])),
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
    "workinggroups:roster_add": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:roster_csv": entry(only(200, (*STAFF, "chair"))),
    "workinggroups:join": entry(POST_ONLY, post=only(302, MEMBERS)),
    "workinggroups:meeting_create": entry(only(200, ["secretariat"]), post=only(200, ["secretariat"])),
    "workinggroups:ballot_create": entry(only(200, ("secretariat", "chair")), post=only(200, ("secretariat", "chair"))),
    "workinggroups:roster_edit": entry(only(200, ["secretariat"]), post=only(200, ["secretariat"])),
    "workinggroups:roster_remove": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:join_decide": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:meeting": entry(only(200, (*STAFF, "member", "chair", "ad_hoc_invitee"))),
    "workinggroups:meeting_edit": entry(only(200, ["secretariat"]), post=only(200, ["secretariat"])),
    "workinggroups:meeting_invite": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:meeting_cancel": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:meeting_ad_hoc": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:meeting_attendance": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:meeting_minutes": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:meeting_document": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:meeting_ics": entry(only(200, (*STAFF, "member", "chair", "ad_hoc_invitee"))),
    "workinggroups:attendance_sheet": entry(only(200, ["secretariat"])),
    "workinggroups:document": entry(only(200, (*STAFF, "member", "chair", "ad_hoc_invitee"))),
    "workinggroups:ballots": entry(EVERY_SIGNED_IN),
    # An ad-hoc invitee never sees a ballot. Those who see it may try to vote; the service refuses whoever
    # does not represent the organisation (test_access_findings proves it for the superuser and the chair).
    "workinggroups:ballot": entry(only(200, (*STAFF, "member", "chair"))),
    "workinggroups:ballot_vote": entry(POST_ONLY, post=only(302, (*STAFF, "member", "chair")), data=_vote),
    "workinggroups:ballot_proxy": entry(POST_ONLY, post=only(302, (*STAFF, "member", "chair")), data=_proxy),
    "workinggroups:ballot_proxy_revoke": entry(POST_ONLY, post=only(302, (*STAFF, "member", "chair")), data=_proxy),
    # Closing early: the secretariat only, with a reason; never the chair.
    "workinggroups:ballot_close": entry(POST_ONLY, post=only(302, ["secretariat"])),
    "workinggroups:ballot_pdf": entry(only(200, (*STAFF, "member", "chair"))),
    "workinggroups:ballot_verify": entry(only(200, (*STAFF, "member", "chair"))),
    "workinggroups:proposals": entry(only(200, (*STAFF, *MEMBERS))),
    "workinggroups:proposal_create": entry(only(200, MEMBERS), post=only(200, MEMBERS)),
    "workinggroups:proposal": entry(only(200, (*STAFF, "member")), post=only(200, ("decision_maker", "superuser"))),
}
