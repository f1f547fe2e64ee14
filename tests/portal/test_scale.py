"""seed_scale at its smallest useful size: the pages bench/load.py measures answer, with the right content."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from accounts.models import User
from applications.models import Application
from memberships.models import Membership
from reviews.models import Assignment
from workinggroups.models import Ballot, Meeting, RosterEntry, WorkingGroup

SMALL = {
    "organisations": 20,
    "applications": 60,
    "reviews": 150,
    "members": 12,
    "roster": 10,
    "reviewer_load": 50,
}
APPLICANT = "applicant@silicon.example.eu"
REVIEWER = "reviewer1@commission.example.eu"
DECIDER = "decider@commission.example.eu"
SECRETARIAT = "secretariat@allpros.example.eu"
MEMBER = "representative@epf.example.eu"
REFERENCE = re.compile(r"APP-\d{5}")


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker):
    """seed_demo and a small seed_scale once for the module, rolled back after its last test."""
    # seed_demo runs only with DEBUG (its logins are public): the module-scoped fixture cannot use `settings`.
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
        call_command("seed_scale", yes_i_know=True, stdout=io.StringIO(), **SMALL)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def as_user(scale, db, client):
    def log_in(email):
        client.force_login(User.objects.get(email=email))
        return client

    return log_in


def references(response):
    return set(REFERENCE.findall(response.content.decode()))


def test_seed_scale_refuses_without_debug_or_consent(db):
    with pytest.raises(CommandError, match="DEBUG=1 or --yes-i-know"):
        call_command("seed_scale", stdout=io.StringIO(), **SMALL)


def test_seed_scale_makes_every_state_and_the_demo_loads(scale, db):
    states = set(Application.objects.values_list("state", flat=True))
    assert states == set(Application.State.values)
    assert Membership.objects.filter(state="active", organisation__users__email__endswith="scale.example.eu").count()
    assert Assignment.objects.filter(reviewer__email=REVIEWER).count() >= 20
    applicant = User.objects.get(email=APPLICANT)
    assert applicant.organisations.count() > 10  # the demo's ten and the scale's organisations in every state
    assert RosterEntry.objects.filter(group__slug="supply-chains").count() >= 5
    call_command("verify_ballots", stdout=io.StringIO())  # exits non-zero on a broken chain
    call_command("verify_audit", stdout=io.StringIO())  # the bulk-written entries are linked into the chain


def test_home_and_public_member_list_answer_anonymous_visitors(scale, db, client):
    member = Membership.objects.filter(state="active").select_related("organisation").last().organisation
    suspended = Membership.objects.filter(state="suspended").select_related("organisation").first()

    assert client.get("/").status_code == 200
    response = client.get("/members/")
    assert response.status_code == 200
    assert member.legal_name in response.content.decode()
    if suspended is not None:
        assert suspended.organisation.legal_name not in response.content.decode()


def test_applicant_dashboard_and_detail_show_the_organisations_applicant_acts_for(as_user):
    client = as_user(APPLICANT)
    application = (
        Application.objects.filter(organisation__users__email=APPLICANT, organisation__acronym__startswith="O")
        .select_related("organisation")
        .first()
    )

    dashboard = client.get("/applications/")
    detail = client.get(f"/applications/{application.pk}/")

    assert dashboard.status_code == 200 and application.organisation.legal_name in dashboard.content.decode()
    assert detail.status_code == 200 and application.reference in detail.content.decode()


def test_review_queue_shows_a_reviewer_only_their_assignments(as_user):
    client = as_user(REVIEWER)
    assigned = {a.reference for a in Application.objects.filter(review_assignments__reviewer__email=REVIEWER)}

    response = client.get("/review/")

    assert response.status_code == 200
    assert references(response) and references(response) <= assigned


def test_review_queue_for_a_decision_maker_pages_filters_and_searches(as_user):
    client = as_user(DECIDER)
    queue = Application.objects.filter(
        state__in=["submitted", "under_review", "clarification_requested", "approved", "rejected"]
    ).order_by("submitted_at", "id")
    last_page = (queue.count() + 19) // 20
    german = queue.filter(state="under_review", organisation__country="DE").first()

    first = client.get("/review/")
    late = client.get(f"/review/?page={last_page}")

    assert first.status_code == 200 and queue.first().reference in references(first)
    assert late.status_code == 200 and queue.last().reference in references(late)
    if german is not None:
        name = german.organisation.legal_name.split()[1]
        searched = client.get(f"/review/?state=under_review&country=DE&q={name}")
        assert searched.status_code == 200 and german.reference in references(searched)
        expected = {a.reference for a in queue.filter(state="under_review", organisation__country="DE")}
        assert references(searched) <= expected


def test_review_and_decision_pages_answer_their_staff(as_user):
    own = Assignment.objects.filter(
        reviewer__email=REVIEWER, has_conflict=False, application__state="under_review"
    ).first()
    ready = next(
        application
        for application in Application.objects.filter(state="under_review")
        if all(
            a.has_conflict or (hasattr(a, "review") and a.review.is_submitted)
            for a in application.review_assignments.all()
        )
    )

    review = as_user(REVIEWER).get(f"/review/{own.application_id}/")
    decision = as_user(DECIDER).get(f"/review/{ready.pk}/decision/")

    assert review.status_code == 200 and own.application.reference in review.content.decode()
    assert decision.status_code == 200 and ready.reference in decision.content.decode()


@pytest.mark.parametrize("email", [SECRETARIAT, MEMBER])
def test_working_group_page_shows_its_roster(as_user, email):
    group = WorkingGroup.objects.get(slug="supply-chains")
    person = RosterEntry.objects.filter(group=group, meeting__isnull=True).order_by(
        "organisation__legal_name", "user__email"
    )[0]

    response = as_user(email).get(f"/groups/{group.pk}/")

    assert response.status_code == 200
    assert person.organisation.legal_name in response.content.decode()


def test_member_directory_and_meeting_page_answer_the_secretariat(as_user):
    client = as_user(SECRETARIAT)
    meeting = Meeting.objects.filter(attendance__isnull=False).order_by("-starts_at").first()
    first = Membership.objects.order_by("alliance__name", "organisation__legal_name").select_related("organisation")[0]

    directory = client.get("/members/directory/")
    page = client.get(f"/groups/meetings/{meeting.pk}/")

    assert directory.status_code == 200 and first.organisation.legal_name in directory.content.decode()
    assert page.status_code == 200 and meeting.title in page.content.decode()


@pytest.mark.parametrize("email", [SECRETARIAT, MEMBER])
def test_ballot_page_answers_the_member_and_the_secretariat(as_user, email):
    ballot = Ballot.objects.filter(state="open", question__startswith="Scale:").get()

    response = as_user(email).get(f"/groups/ballots/{ballot.pk}/")

    assert response.status_code == 200 and ballot.question in response.content.decode()
