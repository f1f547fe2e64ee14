"""Pages come from the cache while nothing they were built from has changed, and never else: the public pages
for anonymous visitors, and signed-in people's own."""

import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.cache import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import DECISION_MAKER
from applications.models import Application
from common.page_cache import personal_page
from memberships.models import Membership
from organisations.models import Organisation
from tests import factories
from tests.factories import groups as fg
from tests.factories import reviews as rf
from tests.helpers import login
from tests.reviews.pages import url
from workinggroups.models import Meeting

pytestmark = pytest.mark.django_db

DASHBOARD = "/applications/"


def test_second_visit_is_answered_without_building_the_page(applicant_client, draft, django_assert_max_num_queries):
    first = applicant_client.get(DASHBOARD)
    # Only what the middleware reads for every request (the person, their roles) is left.
    with django_assert_max_num_queries(2):
        second = applicant_client.get(DASHBOARD)
    assert second.status_code == 200
    assert draft.organisation.legal_name in second.text
    assert second.text.count("APP-") == first.text.count("APP-")


def test_page_shows_a_change_saved_elsewhere_at_once(applicant_client, draft):
    applicant_client.get(DASHBOARD)
    Organisation.objects.filter(pk=draft.organisation_id).update(legal_name="Renamed Behind The Page SE")
    assert "Renamed Behind The Page SE" in applicant_client.get(DASHBOARD).text


def test_page_shows_a_new_row_at_once(applicant_client, draft, cloud_alliance):
    before = applicant_client.get(DASHBOARD).text.count("<tr")
    factories.ApplicationFactory(organisation=draft.organisation, alliance=cloud_alliance)
    assert applicant_client.get(DASHBOARD).text.count("<tr") == before + 1


def test_page_is_kept_per_person(client, draft, applicant):
    other = factories.UserFactory()
    factories.OrganisationFactory(owner=other, legal_name="Other Foundry AB")
    mine = login(client, applicant).get(DASHBOARD).text
    theirs = login(Client(), other).get(DASHBOARD).text
    assert draft.organisation.legal_name in mine and "Other Foundry" not in mine
    assert "Other Foundry AB" in theirs and draft.organisation.legal_name not in theirs


def test_page_is_kept_per_language(applicant_client, draft, applicant):
    assert 'lang="en"' in applicant_client.get(DASHBOARD).text
    applicant.language = "fr"
    applicant.save(update_fields=["language"])
    assert 'lang="fr"' in applicant_client.get(DASHBOARD).text


def test_kept_page_carries_a_csrf_token_the_form_accepts(applicant, draft, cloud_alliance):
    browser = login(Client(enforce_csrf_checks=True), applicant)
    browser.get(DASHBOARD)
    kept = browser.get(DASHBOARD).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept).group(1)
    response = browser.post(
        reverse("applications:start"),
        {"organisation": draft.organisation_id, "alliance": cloud_alliance.pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Application.objects.filter(organisation=draft.organisation, alliance=cloud_alliance).exists()


def test_message_is_shown_on_the_kept_page_once(applicant_client, draft):
    applicant_client.get(DASHBOARD)
    applicant_client.post(
        reverse("applications:start"), {"organisation": draft.organisation_id, "alliance": draft.alliance_id}
    )
    with_message = applicant_client.get(DASHBOARD).text
    after = applicant_client.get(DASHBOARD).text
    assert "already has an open application" in with_message
    assert "already has an open application" not in after


def test_role_taken_away_ends_the_kept_page(client, under_review, boss):
    application, *_ = under_review
    assert application.reference in login(client, boss).get(url("queue")).text
    boss.groups.remove(Group.objects.get(name=DECISION_MAKER))
    assert client.get(url("queue")).status_code == 404


def test_assignment_taken_away_ends_the_kept_review_page(client, under_review):
    application, cleared, *_ = under_review
    login(client, cleared.reviewer)
    assert client.get(url("application", application.pk)).status_code == 200
    cleared.delete()
    assert client.get(url("application", application.pk)).status_code == 404


def test_anonymous_visitor_is_never_served_a_kept_page(applicant_client, draft):
    applicant_client.get(DASHBOARD)
    assert Client().get(DASHBOARD).status_code == 302


def test_staff_page_from_the_cache_still_needs_the_second_factor(client, under_review):
    application, cleared, *_ = under_review
    login(client, cleared.reviewer).get(url("queue"))
    cleared.reviewer.authenticator_set.all().delete()
    response = login(Client(), cleared.reviewer).get(url("queue"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


def test_reviewer_queue_with_a_new_assignment_shows_it_at_once(client, under_review):
    _application, cleared, *_ = under_review
    reviewer = cleared.reviewer
    login(client, reviewer).get(url("queue"))
    newcomer = rf.submitted_application()
    rf.assign(newcomer, reviewer)
    assert newcomer.reference in client.get(url("queue")).text


def test_page_is_built_every_time_while_redis_is_down(applicant_client, draft, redis_down):
    applicant_client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as second:
        response = applicant_client.get(DASHBOARD)
    assert response.status_code == 200 and draft.organisation.legal_name in response.text
    assert any("applications_application" in query["sql"] for query in second.captured_queries)


def test_page_cache_can_be_turned_off(applicant_client, draft, settings):
    settings.PAGE_CACHE_TIMEOUT = 0
    applicant_client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as second:
        applicant_client.get(DASHBOARD)
    assert any("applications_application" in query["sql"] for query in second.captured_queries)


# --- public pages ---


def test_public_list_is_rendered_once_for_anonymous_visitors(client, django_assert_num_queries):
    fg.membership(factories.OrganisationFactory(legal_name="Cached Chips B.V."))
    first = client.get(reverse("memberships:public"))
    with django_assert_num_queries(0):
        second = Client().get(reverse("memberships:public"))
    assert second.status_code == 200 and second.content == first.content
    assert "Cached Chips B.V." in second.content.decode()


def test_public_list_shows_a_new_member_at_once(client):
    client.get(reverse("memberships:public"))
    fg.membership(factories.OrganisationFactory(legal_name="Newly Admitted GmbH"))
    assert "Newly Admitted GmbH" in Client().get(reverse("memberships:public")).content.decode()


def test_public_list_drops_a_suspended_member_at_once(client):
    membership = fg.membership(factories.OrganisationFactory(legal_name="Soon Suspended SA"))
    assert "Soon Suspended SA" in client.get(reverse("memberships:public")).content.decode()
    membership.state = Membership.State.SUSPENDED
    membership.save()
    assert "Soon Suspended SA" not in Client().get(reverse("memberships:public")).content.decode()


def test_public_page_is_cached_per_language(client):
    english = Client().get(reverse("home"), headers={"accept-language": "en"}).content.decode()
    french = Client().get(reverse("home"), headers={"accept-language": "fr"}).content.decode()
    german = Client().get(reverse("home"), headers={"accept-language": "de"}).content.decode()
    assert 'lang="en"' in english and 'lang="fr"' in french and 'lang="de"' in german


def test_signed_in_person_never_gets_the_cached_page(client):
    user = factories.UserFactory(full_name="Anna Schmidt")
    Client().get(reverse("memberships:public"))
    body = login(client, user).get(reverse("memberships:public")).content.decode()
    assert "Log out" in body and "csrfmiddlewaretoken" in body


def test_cached_public_page_carries_no_csrf_token_and_its_language_switch_works():
    visitor = Client(enforce_csrf_checks=True)
    body = visitor.get(reverse("home")).content.decode()
    assert "csrfmiddlewaretoken" not in body
    response = visitor.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "de"


def test_signed_in_language_switch_still_needs_the_csrf_token():
    user = factories.UserFactory(language="en")
    person = Client(enforce_csrf_checks=True)
    person.force_login(user)
    assert person.post(reverse("set_language"), {"language": "de", "next": "/"}).status_code == 403
    user.refresh_from_db()
    assert user.language == "en"


def test_public_list_shows_a_change_made_without_signals_at_once(client):
    organisation = factories.OrganisationFactory(legal_name="Before Update SRL")
    fg.membership(organisation)
    client.get(reverse("memberships:public"))
    type(organisation).objects.filter(pk=organisation.pk).update(legal_name="After Update SRL")
    assert "After Update SRL" in Client().get(reverse("memberships:public")).text


def test_write_to_a_table_the_page_does_not_read_keeps_it(applicant_client, draft, django_assert_max_num_queries):
    meeting = fg.meeting(fg.group())
    applicant_client.get(DASHBOARD)
    Meeting.objects.filter(pk=meeting.pk).update(title="A meeting the dashboard does not show")
    with django_assert_max_num_queries(2):
        applicant_client.get(DASHBOARD)


def _count_builds(user, rf, path, *, header=None):
    builds = []

    @personal_page
    def view(request):
        builds.append(request.path)
        response = HttpResponse(b"%PDF-1.7", content_type="application/pdf")
        if header:
            response[header[0]] = header[1]
        return response

    for _ in range(2):
        request = rf.get(path)
        request.user, request.session = user, SessionStore()
        view(request)
    return len(builds)


def test_answer_with_a_header_of_its_own_is_never_kept(applicant, rf):
    assert _count_builds(applicant, rf, "/a-page/") == 1
    download = ("Content-Disposition", 'attachment; filename="x.pdf"')
    assert _count_builds(applicant, rf, "/a-download/", header=download) == 2


def test_another_person_signing_up_and_logging_in_keeps_the_page(
    applicant_client, draft, django_assert_max_num_queries
):
    applicant_client.get(DASHBOARD)
    newcomer = factories.UserFactory()
    Client().post(reverse("account_login"), {"login": newcomer.email, "password": factories.PASSWORD})
    with django_assert_max_num_queries(1):
        assert applicant_client.get(DASHBOARD).status_code == 200


def test_deactivated_person_is_never_served_their_kept_page(applicant_client, draft, applicant):
    applicant_client.get(DASHBOARD)
    type(applicant).objects.filter(pk=applicant.pk).update(is_active=False)
    assert applicant_client.get(DASHBOARD).status_code == 302
