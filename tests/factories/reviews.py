"""Factories and helpers for the review side, built on tests/factories.py."""

import hashlib
import time
from decimal import Decimal

import factory
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts import roles
from applications.models import Application, SupportingDocument
from organisations.models import OrganisationUser
from reviews import services
from reviews.models import Assignment, ReviewerCapacity
from reviews.selectors import application_for_review, summarise
from tests import factories
from tests.pdfs import pdf_bytes

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def with_totp(user, secret=TOTP_SECRET):
    """Give the user an active TOTP authenticator (as if they had set it up) with a known secret."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


def totp_code(secret=TOTP_SECRET, offset=0):
    """The code an authenticator app shows now (offset in periods, e.g. 1 for the next one)."""

    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def reviewer(alliance=None, *, max_load=10, mfa=True, **kwargs):
    user = factories.UserFactory(roles=[roles.REVIEWER], **kwargs)
    if alliance is not None:
        ReviewerCapacity.objects.create(reviewer=user, alliance=alliance, max_load=max_load)
    return with_totp(user) if mfa else user


def decision_maker(mfa=True, **kwargs):
    user = factories.UserFactory(roles=[roles.DECISION_MAKER], **kwargs)
    return with_totp(user) if mfa else user


def secretariat(mfa=True, **kwargs):
    user = factories.UserFactory(roles=[roles.SECRETARIAT], **kwargs)
    return with_totp(user) if mfa else user


def administrator(mfa=True, **kwargs):
    user = factories.UserFactory(roles=[roles.ADMINISTRATOR], **kwargs)
    return with_totp(user) if mfa else user


def snapshot_of(application):
    criteria = list(application.criteria_version.criteria.all())
    return {
        "organisation": {"legal_name": application.organisation.legal_name},
        "presentation": application.presentation,
        "non_eu_control_measures": "",
        "value_chain_segments": application.value_chain_segments,
        "technology_areas": [],
        "relevant_activities": application.relevant_activities,
        "answers": [
            {"criterion": c.code, "title": c.title, "kind": c.kind, "meets": True, "text": f"Our answer on {c.title}."}
            for c in criteria
        ],
        "working_groups": [],
        "documents": [],
        "declaration": None,
    }


class SubmittedApplicationFactory(factories.ApplicationFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    state = Application.State.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def freeze(self, create, extracted, **kwargs):
        if create:
            self.snapshot = snapshot_of(self)
            self.save(update_fields=["snapshot"])


def submitted_application(**kwargs):
    return SubmittedApplicationFactory(**kwargs)


def applicant_of(application):
    """A user acting for the application's organisation."""

    user = factories.UserFactory()
    OrganisationUser.objects.create(organisation=application.organisation, user=user, role="owner")
    return user


def assign(application, reviewer_user, *, by=None, declare=None):
    """Assign through the service; declare=False declares no conflict, True a conflict.

    The service assigns only reviewers of the application's alliance, so the reviewer becomes one (available)
    if they were not yet.
    """
    by = by or decision_maker()
    ReviewerCapacity.objects.get_or_create(reviewer=reviewer_user, alliance=application.alliance)
    assignment = services.assign(application=application, reviewer=reviewer_user, by=by)
    if declare is not None:
        services.declare_conflict(
            assignment=assignment,
            by=reviewer_user,
            has_conflict=declare,
            conflict_type="competitor" if declare else "",
            reason="We compete on power chips." if declare else "",
        )
        assignment.refresh_from_db()
    return assignment


def assessments_for(application, *, score=Decimal("4"), verdict="met", comment="Convincing."):
    return {
        criterion.pk: {
            "verdict": verdict if criterion.is_gate else "",
            "score": None if criterion.is_gate else score,
            "comment": comment,
        }
        for criterion in application.criteria_version.criteria.all()
    }


def submit_review(assignment, *, score=Decimal("4"), verdict="met", recommendation="admit", comment="Convincing."):
    return services.save_review(
        assignment=assignment,
        by=assignment.reviewer,
        assessments=assessments_for(assignment.application, score=score, verdict=verdict, comment=comment),
        recommendation=recommendation,
        justification="Meets the Terms of Reference.",
        submit=True,
    )


def reviewed_application(n_reviewers=2, *, score=Decimal("4"), by=None, **kwargs):
    """A submitted application with n cleared reviewers who have all submitted."""
    application = submitted_application(**kwargs)
    by = by or decision_maker()
    for _ in range(n_reviewers):
        person = reviewer(application.alliance)
        submit_review(assign(application, person, by=by, declare=False), score=score)
    application.refresh_from_db()
    return application


def summary_for(application):
    summary = summarise(application_for_review(application.pk).get())
    return [
        {
            "code": line.criterion.code,
            "title": line.criterion.title,
            "kind": line.criterion.kind,
            "verdict": line.majority_verdict,
            "verdict_label": line.majority_verdict,
            "score": str(line.mean) if line.mean is not None else "",
            "scale_max": str(line.criterion.scale_max),
            "comment": "Agreed.",
        }
        for line in summary.lines
    ]


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A bare assignment, without the service (for list and query-count tests)."""

    class Meta:
        model = Assignment

    application = factory.SubFactory(SubmittedApplicationFactory)
    reviewer = factory.LazyFunction(lambda: reviewer())
    assigned_by = factory.LazyFunction(lambda: decision_maker())


def decision_maker_and_reviewer():
    """A decision maker who also holds the reviewer role (fresh from the database, roles not cached)."""
    person = decision_maker(full_name="Dana Double")
    person.groups.add(*factories.UserFactory(roles=["Reviewers"]).groups.all())
    return type(person).objects.get(pk=person.pk)


def application_with_reviews(n, boss):
    """A submitted application with `n` cleared reviewers who have all submitted (bare assignments)."""
    application = submitted_application()
    for _ in range(n):
        assignment = AssignmentFactory(application=application, reviewer=reviewer(), assigned_by=boss)
        assignment.declared_at, assignment.has_conflict = assignment.assigned_at, False
        assignment.save()
        submit_review(assignment)
    return application


def supporting_document(application):
    """A stored supporting PDF of the application."""
    content = pdf_bytes()
    document = SupportingDocument(
        application=application,
        title="ISO",
        original_name="iso.pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=application.created_by,
    )
    document.file.save("iso.pdf", ContentFile(content), save=False)
    document.save()
    return document
