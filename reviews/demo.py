"""Demo Commission staff with TOTP, and reviews and decisions on the demo applications (idempotent).

Every demo staff login shares one known TOTP secret, so `manage.py demo_totp EMAIL` can print the code an
authenticator app would show. It is for the demo only: the secret is public.
"""

from decimal import Decimal

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from accounts import roles
from accounts.demo import demo_user
from alliances.models import Alliance
from applications.models import Application
from reviews import services
from reviews.models import Assignment, CriterionAssessment, Review, ReviewerCapacity

DEMO_TOTP_SECRET = "ALLIANCEDEMOTOTPSECRETKEY234567A"  # noqa: S105 - public by design, demo logins only

STAFF = [
    # (label, e-mail, full name, roles, superuser)
    ("Reviewer", "reviewer1@commission.example.eu", "Rita Reviewer", [roles.REVIEWER], False),
    ("Reviewer", "reviewer2@commission.example.eu", "Rafael Reviewer", [roles.REVIEWER], False),
    ("Decision maker", "decider@commission.example.eu", "Dora Decider", [roles.DECISION_MAKER], False),
    ("Administrator", "admin@commission.example.eu", "Portal Administrator", [roles.ADMINISTRATOR], True),
]


def give_demo_totp(user):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def seed(*, stdout):
    with transaction.atomic():
        people = {}
        for _label, email, full_name, role_names, superuser in STAFF:
            user = demo_user(email, full_name, roles=role_names, is_staff=superuser, is_superuser=superuser)
            give_demo_totp(user)
            people[email] = user
        reviewers = [people["reviewer1@commission.example.eu"], people["reviewer2@commission.example.eu"]]
        for alliance in Alliance.objects.all():
            for reviewer in reviewers:
                ReviewerCapacity.objects.get_or_create(reviewer=reviewer, alliance=alliance)
    decider = people["decider@commission.example.eu"]
    if not Assignment.objects.exists():
        _review_demo_applications(reviewers, decider, stdout)
    logins = [(f"{label} (Commission, TOTP)", email) for label, email, *_rest in STAFF]
    logins.append(("TOTP code for a Commission login", "manage.py demo_totp EMAIL"))
    return logins


def _review_demo_applications(reviewers, decider, stdout):
    submitted = list(Application.objects.filter(state=Application.State.SUBMITTED).order_by("pk"))
    first, second = reviewers
    for index, application in enumerate(submitted[:6]):
        with transaction.atomic():
            assignments = [services.assign(application=application, reviewer=r, by=decider) for r in reviewers]
            if index <= 2:
                # Reviewed by both; the first two are approved (members for the working groups), the third waits.
                for assignment, score in zip(assignments, (Decimal("4"), Decimal("3.5")), strict=True):
                    services.declare_conflict(assignment=assignment, by=assignment.reviewer, has_conflict=False)
                    _submit(assignment, score)
                if index <= 1:
                    services.decide(
                        application=application,
                        by=decider,
                        outcome="approve",
                        justification="The organisation meets every gate and scores above the threshold on each "
                        "criterion; it brings relevant capacity to the Alliance.",
                        evaluation_summary=_summary(application),
                    )
            elif index == 3:
                services.declare_conflict(assignment=assignments[0], by=first, has_conflict=False)
                services.save_review(
                    assignment=assignments[0], by=first, assessments={}, recommendation="", justification=""
                )
            elif index == 5:
                # Reviewed and refused: the non-EU parent's measures do not convince either reviewer.
                for assignment in assignments:
                    services.declare_conflict(assignment=assignment, by=assignment.reviewer, has_conflict=False)
                    _submit(assignment, Decimal("2"), recommendation=Review.Recommendation.REFUSE)
                services.decide(
                    application=application,
                    by=decider,
                    outcome="reject",
                    justification="The measures described do not keep the organisation's data out of reach of "
                    "authorities outside the Union, so the security and data-protection criteria are not met.",
                    evaluation_summary=_summary(application, score="2"),
                )
            elif index == 4:
                services.declare_conflict(assignment=assignments[0], by=first, has_conflict=False)
                services.ask_clarification(
                    application=application,
                    by=first,
                    question="Please describe how you secure your supply of critical materials, "
                    "and attach any certificate you hold.",
                )
    stdout.write(f"Reviews: {min(len(submitted), 6)} demo applications assigned, 2 approved, 1 rejected.")


def _submit(assignment, score, recommendation=Review.Recommendation.ADMIT):
    criteria = assignment.application.criteria_version.criteria.all()
    services.save_review(
        assignment=assignment,
        by=assignment.reviewer,
        assessments={
            c.pk: {
                "verdict": CriterionAssessment.Verdict.MET if c.is_gate else "",
                "score": None if c.is_gate else score,
                "comment": "Evidenced.",
            }
            for c in criteria
        },
        recommendation=recommendation,
        justification="Meets the Terms of Reference."
        if recommendation == Review.Recommendation.ADMIT
        else "Below the threshold.",
        submit=True,
    )


def _summary(application, score="4"):
    return [
        {
            "code": c.code,
            "title": c.title,
            "kind": c.kind,
            "verdict": CriterionAssessment.Verdict.MET if c.is_gate else "",
            "verdict_label": "Met" if c.is_gate else "",
            "score": "" if c.is_gate else score,
            "scale_max": format(c.scale_max.normalize(), "f"),
            "comment": "Well evidenced in the application.",
        }
        for c in application.criteria_version.criteria.all()
    ]
