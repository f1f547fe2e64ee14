"""The Commission's side in headless Chromium: TOTP login, declaration, review, decision, the applicant's letter."""

import pytest

from applications.models import Application
from memberships.models import Membership
from reviews.models import Decision
from tests import factories
from tests.factories import reviews as rf
from tests.helpers import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    load_reference_data()


def log_in(page, live_server, user, *, totp=True):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        # allauth asks for the authenticator app's code: computed from the secret, as the app would.
        page.get_by_label("Code").fill(rf.totp_code())
        page.get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Log out").wait_for()


def test_review_and_decision_end_to_end_in_the_browser(page, browser, live_server):
    boss = rf.decision_maker(full_name="Dora Decider")
    application = rf.submitted_application()
    applicant = rf.applicant_of(application)
    colleague = rf.assign(application, rf.reviewer(full_name="Carl Colleague"), by=boss, declare=False)
    rf.submit_review(colleague)
    person = rf.reviewer(full_name="Rhea Reviewer")
    rf.assign(application, person, by=boss)
    criteria = list(application.criteria_version.criteria.all())

    # The reviewer logs in with TOTP, declares no conflict, scores, submits.
    log_in(page, live_server, person)
    page.get_by_role("link", name="Review").first.click()
    page.get_by_role("link", name=application.reference).click()
    page.get_by_role("heading", name=f"Conflict of interest: application {application.reference}").wait_for()
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Record my declaration").click()
    page.get_by_text("You declared no conflict of interest.").wait_for()
    for criterion in criteria:
        if criterion.is_gate:
            page.locator(f"input[name=verdict_{criterion.pk}][value=met]").check()
        else:
            page.get_by_label(f"Score for “{criterion.title}”").select_option("4.5")
        page.get_by_label(f"Comment on “{criterion.title}”").fill("Well evidenced.")
    page.get_by_label("Admit").check()
    page.get_by_label("Justification of the recommendation").fill("A valuable member for the supply chain.")
    # Final actions ask for confirmation first (issue 11): the reviewer and the decision maker accept.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Submit the review").click()
    page.get_by_text("Your review is submitted.").wait_for()
    page.get_by_role("heading", name="All reviews").wait_for()

    # The decision maker sees both reviews and approves.
    staff = browser.new_context(locale="en-GB")
    decider_page = staff.new_page()
    decider_page.set_default_timeout(15000)
    log_in(decider_page, live_server, rf.decision_maker(full_name="Dirk Decider"))
    decider_page.goto(f"{live_server.url}/review/{application.pk}/decision/")
    assert "Rhea Reviewer" in decider_page.content() and "Carl Colleague" in decider_page.content()
    decider_page.get_by_label("Approve: admit as member").check()
    decider_page.get_by_label("Justification (required)").fill("Meets every criterion; strong on security of supply.")
    decider_page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    decider_page.get_by_role("button", name="Record the decision").click()
    decider_page.get_by_text("The decision is recorded and the applicant informed.").wait_for()
    assert [question.split("?")[0] for question in questions] == ["Submit the review", "Record the decision"]
    assert decider_page.locator("#decision-outcome").inner_text() == "Approve: admit as member"
    staff.close()

    # The applicant sees the decision and downloads the letter; no reviewer's name anywhere.
    own = browser.new_context(locale="en-GB", accept_downloads=True)
    applicant_page = own.new_page()
    applicant_page.set_default_timeout(15000)
    log_in(applicant_page, live_server, applicant, totp=False)
    applicant_page.goto(f"{live_server.url}/applications/{application.pk}/")
    applicant_page.get_by_text("Meets every criterion; strong on security of supply.").first.wait_for()
    content = applicant_page.content()
    assert "Rhea Reviewer" not in content and "Carl Colleague" not in content and "Dirk Decider" not in content
    with applicant_page.expect_download() as download_info:
        applicant_page.get_by_role("link", name="Download the decision letter (PDF)").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    own.close()

    application.refresh_from_db()
    assert application.state == Application.State.APPROVED
    assert Decision.objects.get(application=application).letter_ready
    assert Membership.objects.get(organisation=application.organisation, alliance=application.alliance).is_active
