"""The whole path in headless Chromium: draft, comment round, resolution, adoption vote, PDF, publication."""

import pytest

from deliverables import services
from deliverables.models import Comment, Deliverable
from tests import factories
from tests.factories import deliverables as fd
from tests.factories import groups as fg
from tests.factories import reviews as rf
from tests.helpers import load_reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = """# Skills for the chip industry

Europe needs 75,000 more engineers by 2030.

Universities and industry should co-design curricula.
"""


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    load_reference_data()


def log_in(page, live_server, user, *, totp=False):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        page.get_by_label("Code").fill(rf.totp_code())
        page.get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Log out").wait_for()


def as_person(browser, live_server, user, steps, *, totp=False):
    """Run `steps(page)` in a fresh browser context logged in as `user`."""
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    try:
        page = context.new_page()
        page.set_default_timeout(20000)
        # Final actions ask for confirmation (data-confirm): the person says yes.
        page.on("dialog", lambda dialog: dialog.accept())
        log_in(page, live_server, user, totp=totp)
        return steps(page)
    finally:
        context.close()


def test_draft_to_published_deliverable_in_the_browser(page, browser, live_server, tmp_path):
    group = fg.group("supply-chains")
    chair, chair_org = fd.chair(group)
    writer, writer_org = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Rapporteur Chips SE"))
    anna, anna_org = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Anna Chips B.V."))
    bruno, bruno_org = fg.voter(group, organisation=factories.OrganisationFactory(legal_name="Bruno Wafers S.p.A."))
    item = services.create_deliverable(
        group=group, by=chair, title="Skills Blueprint", kind="report", visibility=Deliverable.Visibility.PUBLIC
    )
    services.name_rapporteur(deliverable=item, user=writer, by=chair)
    base = live_server.url

    # The rapporteur writes the draft and opens a comment round.
    log_in(page, live_server, writer)
    page.goto(f"{base}/groups/{group.pk}/")
    page.get_by_role("link", name="Deliverables of the group").click()
    page.get_by_role("link", name="Skills Blueprint").click()
    page.get_by_role("link", name="Write a new version").click()
    page.get_by_label("Text (Markdown)").fill(DRAFT)
    page.get_by_role("button", name="Save the version").click()
    page.get_by_text("Version 1 is saved.").wait_for()
    page.locator("#para-2").get_by_text("co-design curricula").wait_for()
    page.get_by_role("link", name="Skills Blueprint").first.click()
    page.get_by_label("Comments close (Brussels time)").fill("2099-06-30T17:00")
    page.get_by_role("button", name="Open the comment round").click()
    page.get_by_text("The comment round is open; the group is told.").wait_for()
    round_url = page.url

    # Two members comment on paragraphs, each as their organisation.
    def comment(paragraph, text):
        def steps(p):
            p.goto(round_url)
            p.get_by_label("On").select_option(label=f"Paragraph {paragraph}")
            p.get_by_label("Your comment").fill(text)
            p.get_by_role("button", name="Send the comment").click()
            p.get_by_text("Your comment is recorded.").wait_for()

        return steps

    as_person(browser, live_server, anna, comment(1, "Say where the 75,000 comes from."))
    as_person(browser, live_server, bruno, comment(2, "Name the value-chain segments."))
    assert Comment.objects.filter(round__deliverable=item).count() == 2

    # The rapporteur closes the round and resolves both comments.
    page.goto(round_url)
    page.get_by_role("button", name="Close the comment round now").click()
    page.get_by_text("The comment round is closed. Resolve each comment.").wait_for()
    for number, resolution, reply in [(1, "Accepted", "Source added."), (2, "Accepted in part", "Four named.")]:
        form = page.get_by_role("form", name=f"Resolve comment {number}")
        form.get_by_label(resolution, exact=True).check()
        form.get_by_label("Reply").fill(reply)
        form.get_by_role("button", name=f"Resolve comment {number}").click()
        page.get_by_text("The comment is resolved.").wait_for()
    assert set(Comment.objects.values_list("resolution", flat=True)) == {"accepted", "accepted_in_part"}

    # A chair puts the version to the group's vote.
    def put_to_vote(p):
        p.goto(f"{base}/deliverables/{item.pk}/")
        p.get_by_role("link", name="Put a version to the group's vote").click()
        p.get_by_label("Closes (Brussels time)").fill("2099-06-30T17:00")
        p.get_by_role("button", name="Open the adoption ballot").click()
        p.get_by_text("The version is put to the group's vote.").wait_for()
        return p.url

    ballot_url = as_person(browser, live_server, chair, put_to_vote)

    # Members vote (one vote per organisation); the organisation against adds a minority statement.
    def vote(organisation, choice, statement=""):
        def steps(p):
            p.goto(ballot_url)
            p.get_by_label(choice, exact=True).check()
            p.get_by_role("button", name=f"Cast the vote of {organisation.legal_name}").click()
            p.get_by_text(f"The vote of {organisation.legal_name} is recorded.").wait_for()
            if statement:
                p.goto(f"{base}/deliverables/{item.pk}/")
                p.get_by_role("textbox", name="Minority statement").fill(statement)
                p.get_by_role("button", name="Save the minority statement").click()
                p.get_by_text(f"The minority statement of {organisation.legal_name} is recorded.").wait_for()

        return steps

    as_person(browser, live_server, anna, vote(anna_org, "Yes"))
    as_person(browser, live_server, writer, vote(writer_org, "Yes"))
    as_person(browser, live_server, bruno, vote(bruno_org, "No", "Too little on SMEs."))

    # The secretariat closes the ballot early, with its reason: carried, the version is adopted and its PDF/A
    # rendered after commit.
    def close(p):
        p.goto(ballot_url)
        p.get_by_label("Reason").fill("Every member organisation has voted.")
        p.get_by_role("button", name="Close the ballot now").click()
        p.get_by_text("The ballot is closed and its result published to the group.").wait_for()

    as_person(browser, live_server, fg.with_totp(fg.secretariat()), close, totp=True)

    # The chair downloads the adopted PDF and verifies it.
    def download_and_verify(p):
        p.goto(f"{base}/deliverables/{item.pk}/")
        p.locator("#deliverable-status").get_by_text("Adopted").wait_for()
        with p.expect_download() as download_info:
            p.get_by_role("link", name="Download the adopted PDF").click()
        path = tmp_path / "adopted.pdf"
        download_info.value.save_as(path)
        p.get_by_role("link", name="Verify a copy").click()
        p.locator("#verification-result").get_by_text("Intact:").wait_for()
        p.get_by_label("Your copy of the adopted deliverable (PDF)").set_input_files(str(path))
        p.get_by_role("button", name="Check the copy").click()
        p.locator("#copy-result").get_by_text("Identical:").wait_for()
        return path

    path = as_person(browser, live_server, chair, download_and_verify)
    assert path.read_bytes().startswith(b"%PDF-")

    # The Commission acknowledges receipt (with its second factor); the chair publishes.
    def acknowledge(p):
        p.goto(f"{base}/deliverables/{item.pk}/")
        p.get_by_role("button", name="Acknowledge receipt").click()
        p.get_by_text("Receipt of the adopted deliverable is acknowledged.").wait_for()

    as_person(browser, live_server, rf.decision_maker(), acknowledge, totp=True)

    def publish(p):
        p.goto(f"{base}/deliverables/{item.pk}/")
        p.get_by_role("button", name="Publish on the alliance's page").click()
        p.get_by_text("The deliverable is published on the alliance's public page.").wait_for()

    as_person(browser, live_server, chair, publish)

    # Anyone sees it on the alliance's public page, with its PDF, adoption date and result.
    public = browser.new_context(locale="en-GB")
    try:
        visitor = public.new_page()
        visitor.goto(f"{base}/alliances/semiconductors/")
        section = visitor.locator(
            "section", has=visitor.get_by_role("heading", name="Deliverables of the working groups")
        )
        section.get_by_text("Skills Blueprint").first.wait_for()
        section.get_by_text("yes 2, no 1, abstain 0; 3 of 4 member organisations voted").wait_for()
        section.get_by_text("Too little on SMEs.").wait_for(state="attached")
        response = visitor.request.get(f"{base}/deliverables/{item.pk}/adopted.pdf")
        assert response.ok and response.body() == path.read_bytes()
    finally:
        public.close()
