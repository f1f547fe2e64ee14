import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone
from django.utils.html import strip_tags

from accounts import roles
from applications.models import Application
from reviews.models import Assignment
from tests import factories
from tests.deliverables.helpers import adopted
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from tests.factories import reviews as rf
from tests.helpers import login
from workinggroups.models import Ballot, RosterEntry

pytestmark = pytest.mark.django_db


def _home(client, user) -> str:
    """The home page as a reader sees it: text without tags (links kept as their addresses)."""
    response = login(client, user).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    text = " ".join(unescape(strip_tags(html)).split())
    return text + " " + " ".join(re.findall(r'href="([^"]+)"', html))


def test_home_applicant_without_organisation_is_told_to_create_one(client, applicant):
    html = _home(client, applicant)
    assert "Your applications" in html
    assert "Create your organisation's profile first, then apply." in html


def test_home_applicant_sees_each_application_and_what_it_still_needs(client, applicant, organisation, semiconductors):
    factories.ApplicationFactory(organisation=organisation, alliance=semiconductors)
    html = _home(client, applicant)
    assert f"{organisation.legal_name} — {semiconductors.short_name}" in html
    assert "Draft: still needed" in html
    assert "Declaration: the Declaration is not signed." in html


def test_home_reviewer_sees_conflicts_to_declare_and_overdue_reviews(client, settings):
    settings.REVIEW_REMINDER_AFTER_DAYS = 7
    reviewer = rf.reviewer()
    undeclared = rf.assign(rf.submitted_application(), reviewer)
    overdue = rf.assign(rf.submitted_application(), reviewer, declare=False)
    Assignment.objects.filter(pk=overdue.pk).update(assigned_at=timezone.now() - timedelta(days=10))
    conflicted = rf.assign(rf.submitted_application(), reviewer, declare=True)

    html = _home(client, reviewer)

    assert "Conflicts of interest to declare (1)" in html
    assert undeclared.application.organisation.legal_name in html
    assert "Reviews due (overdue first) (1)" in html
    assert "overdue since" in html
    assert conflicted.application.organisation.legal_name not in html


def test_home_decision_maker_sees_ready_and_unassigned_applications(client):
    ready = rf.reviewed_application()
    lonely = rf.submitted_application()
    html = _home(client, rf.decision_maker())
    assert "Applications ready for a decision (1)" in html
    assert f"/review/{ready.pk}/decision/" in html
    assert "Submissions with fewer than two reviewers" in html
    assert f"/review/{lonely.pk}/" in html


def test_home_secretariat_sees_open_ballots_and_meetings(client, group):
    secretariat = fg.secretariat()
    ballot = fg.ballot(group, question="Adopt the PFAS position paper?")
    fg.meeting(group, title="Plenary today", days=0)
    fg.meeting(group, title="Plenary in three weeks", days=21)
    fg.meeting(group, title="Plenary in two months", days=60)
    html = _home(client, secretariat)
    assert "Secretariat" in html
    assert "Adopt the PFAS position paper?" in html and f"/groups/ballots/{ballot.pk}/" in html
    assert "Requests to join a working group (0)" in html
    assert "Meetings in the next 30 days (2)" in html
    assert "Plenary in three weeks" in html and "Plenary in two months" not in html


@pytest.mark.parametrize("person", ["secretariat", "member", "invitee"])
def test_home_links_to_the_meetings_list(client, group, person):
    meeting = fg.meeting(group)
    if person == "secretariat":
        user = fg.secretariat()
    elif person == "member":
        user, _organisation = fg.voter(group)
    else:
        user = factories.UserFactory()
        RosterEntry.objects.create(
            group=group,
            organisation=factories.OrganisationFactory(owner=user),
            user=user,
            role=RosterEntry.Role.AD_HOC_INVITEE,
            meeting=meeting,
        )
    html = login(client, user).get("/").content.decode()
    main = html.split("<main", 1)[1]
    assert 'href="/groups/meetings/"' in main


def test_home_member_sees_whether_they_voted(client, group):
    person, organisation = fg.voter(group)
    fg.voter(group)  # a second member, so the ballot does not close itself
    ballot = fg.ballot(group, question="Adopt the work programme 2027?")
    html = _home(client, person)
    assert "Your working groups" in html
    assert "not voted yet; closes" in html
    fg.services.cast_vote(ballot=ballot, organisation=organisation, choice=Ballot.YES, by=person)
    html = _home(client, person)
    assert "you have voted; closes" in html


def test_home_ad_hoc_invitee_finds_their_meeting(client, group):
    meeting = fg.meeting(group, title="Hearing on skills")
    invitee = factories.UserFactory(full_name="Ada Invited")
    outsider = factories.OrganisationFactory(owner=invitee)
    RosterEntry.objects.create(
        group=group, organisation=outsider, user=invitee, role=RosterEntry.Role.AD_HOC_INVITEE, meeting=meeting
    )
    html = _home(client, invitee)
    assert "Meetings you are invited to" in html
    assert f"/groups/meetings/{meeting.pk}/" in html


def test_home_person_with_several_roles_sees_each_section(client, group):
    person = rf.reviewer()
    person.groups.add(*fg.secretariat().groups.all())
    html = _home(client, person)
    assert "Your reviews" in html and "Secretariat" in html


@pytest.mark.parametrize("n", [1, 6])
def test_home_decision_maker_queries_do_not_grow_with_rows(client, n, django_assert_max_num_queries):
    for _ in range(n):
        rf.reviewed_application()
        rf.submitted_application()
    user = rf.decision_maker()
    login(client, user)
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200


def test_home_counts_applications_beyond_the_list(client, applicant, organisation):
    for state in [Application.State.WITHDRAWN] * 12:
        factories.ApplicationFactory(organisation=organisation, state=state)
    html = _home(client, applicant)
    assert "Applications (12)" in html and "See all 12" in html


def test_home_tells_members_of_open_rounds_and_the_commission_of_adoptions(
    client, group, django_capture_on_commit_callbacks
):
    _item, _writer, _version, comment_round = fd.in_round(group)
    member, _org = fg.voter(group)
    client.force_login(member)
    assert f"/deliverables/rounds/{comment_round.pk}/" in client.get("/").content.decode()
    adopted_item, _vote, _chair = adopted(fg.group("skills"), django_capture_on_commit_callbacks)
    client.force_login(fg.decision_maker())
    page = client.get("/").content.decode()
    assert "Adopted deliverables to acknowledge" in page
    assert f"/deliverables/{adopted_item.pk}/" in page


def test_home_administrator_sees_each_role_and_the_staff_without_a_second_factor(client):
    administrator = rf.with_totp(factories.UserFactory(roles=[roles.ADMINISTRATOR], is_staff=True))
    rf.reviewer(full_name="Rita Reviewer")
    rf.reviewer(full_name="Nina Nofactor", mfa=False)
    html = _home(client, administrator)
    assert "Administration" in html
    assert "Create your organisation's profile first" not in html
    assert "Reviewer 2 active people" in html
    assert "Staff without a second factor (1)" in html and "Nina Nofactor" in html
    assert "Rita Reviewer" not in html
    assert "/admin/accounts/user/" in html and "/admin/audit/auditentry/" in html


def test_home_lists_the_applications_that_need_the_applicant_first(client, applicant, organisation, semiconductors):
    draft = factories.ApplicationFactory(organisation=organisation, alliance=semiconductors)
    for _ in range(12):  # more recent, and more than the list shows
        factories.ApplicationFactory(organisation=organisation, state=Application.State.WITHDRAWN)
    html = _home(client, applicant)
    assert "Applications (13)" in html
    assert html.index("Draft: still needed") < html.index("Withdrawn.")
    assert f"/applications/{draft.pk}/" in html
