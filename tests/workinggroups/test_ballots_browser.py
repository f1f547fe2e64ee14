"""A ballot in headless Chromium: the secretariat opens it, two member representatives vote, it closes."""

import pytest
from allauth.mfa.models import Authenticator

from tests import factories
from tests.factories import groups as fg
from tests.factories import reviews as rf
from tests.helpers import load_reference_data
from workinggroups.models import Ballot, CastBallot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    # Another transactional test may have flushed what the migrations loaded (alliances, groups, roles).
    load_reference_data()


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if Authenticator.objects.filter(user=user).exists():
        # The secretariat signs in with a second factor: the authenticator app's code, computed from the secret.
        page.get_by_label("Code").fill(rf.totp_code())
        page.get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Log out").wait_for()


def vote(browser, live_server, user, organisation, choice):
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        page.set_default_timeout(15000)
        log_in(page, live_server, user)
        page.get_by_role("link", name="Ballots").first.click()
        page.get_by_role("link", name="Adopt the 2027 work programme?").click()
        page.get_by_label(choice, exact=True).check()
        page.get_by_role("button", name=f"Cast the vote of {organisation.legal_name}").click()
        page.get_by_text(f"The vote of {organisation.legal_name} is recorded.").wait_for()
    finally:
        context.close()


def test_secretariat_opens_ballot_members_vote_and_result_shows_turnout(page, browser, live_server):
    group = fg.group("supply-chains")
    secretariat = fg.secretariat()
    anna, chips = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Anna Chips B.V."))
    bruno, wafers = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Bruno Wafers S.p.A."))
    fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Silent Sensors Oy"))

    # The secretariat opens the ballot through the group's page.
    log_in(page, live_server, secretariat)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Working groups").click()
    page.get_by_role("link", name="Supply Chains").click()
    page.get_by_role("link", name="Open a ballot").click()
    page.get_by_label("Question").fill("Adopt the 2027 work programme?")
    page.get_by_label("Closes (Brussels time)").fill("2099-06-30T17:00")
    page.get_by_label("Quorum (% of eligible organisations that must take part)").fill("50")
    page.get_by_role("button", name="Create the ballot").click()
    page.get_by_role("heading", name="Adopt the 2027 work programme?").wait_for()
    page.get_by_text("3, fixed when the ballot opened").wait_for()

    # Two member representatives vote, each for their own organisation.
    vote(browser, live_server, anna, chips, "Yes")
    vote(browser, live_server, bruno, wafers, "Abstain")
    assert CastBallot.objects.filter(ballot__question="Adopt the 2027 work programme?").count() == 2

    # The secretariat closes it before its closing time, which needs a reason; the result shows carried.
    page.reload()
    page.get_by_label("Reason").fill("The plenary agreed to close the ballot today.")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Close the ballot now").click()
    page.get_by_text("The ballot is closed and its result published to the group.").wait_for()
    result = page.locator("section", has=page.get_by_role("heading", name="Result"))
    result.get_by_text("Carried", exact=True).wait_for()
    result.get_by_text("Turnout: 2 of 3 eligible organisations (66.7 %).").wait_for()
    assert Ballot.objects.get().carried is True
    assert questions == ["Close the ballot now? No more votes are accepted and the result is final."]
