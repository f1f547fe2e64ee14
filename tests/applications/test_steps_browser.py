"""Nothing typed is lost in the application form, in headless Chromium: going to another step from the step
navigation saves the step; where a step is not saved that way (Documents), leaving it changed asks first."""

import pytest

from tests.browsing import logged_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TYPED = "Silicon photonics wafers, typed and never saved by hand."


@pytest.fixture
def steps_page(browser, live_server, draft, applicant):
    context = logged_in_context(browser, live_server, applicant.email)
    page = context.new_page()
    page.set_default_timeout(15000)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    yield page, dialogs
    context.close()


def test_text_typed_in_a_step_is_kept_when_another_step_is_chosen(steps_page, live_server, draft):
    page, dialogs = steps_page
    page.goto(f"{live_server.url}/applications/{draft.pk}/edit/activities/")

    page.get_by_label("Relevant activities").fill(TYPED)
    page.get_by_role("button", name="3. Eligibility criteria").click()
    page.get_by_role("heading", name="Eligibility criteria", level=1).wait_for()
    page.get_by_text("Draft saved.").wait_for()
    page.get_by_role("button", name="2. Activities").click()
    page.get_by_role("heading", name="Activities", level=1).wait_for()

    assert page.get_by_label("Relevant activities").input_value() == TYPED
    assert dialogs == []  # saved, so nothing to warn about
    draft.refresh_from_db()
    assert draft.relevant_activities == TYPED


def test_leaving_a_changed_step_that_is_not_saved_on_the_way_asks_first(steps_page, live_server, draft):
    page, dialogs = steps_page
    page.goto(f"{live_server.url}/applications/{draft.pk}/edit/documents/")

    page.get_by_label("Title of the document").fill("ISO 27001 certificate")
    page.get_by_role("link", name="1. Organisation").click()
    page.wait_for_timeout(500)

    assert dialogs == ["beforeunload"]
    # Dismissed: the page stays, with what was typed.
    assert page.url.endswith(f"/applications/{draft.pk}/edit/documents/")
    assert page.get_by_label("Title of the document").input_value() == "ISO 27001 certificate"
