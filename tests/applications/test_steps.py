"""The steps of the application form: their order, what each still lacks and how the navigation shows it;
going to another step saves what was typed; the organisation step shows the profile's facts read-only."""

import pytest

from applications.models import Application
from applications.selectors import missing_for_submission
from applications.steps import steps_for
from tests import factories
from tests.factories import reviews as rf

pytestmark = pytest.mark.django_db


def test_the_form_runs_its_steps_in_order_with_the_declaration_added_by_its_app(draft):
    flow = steps_for(draft)

    assert [step.slug for step in flow] == [
        "organisation",
        "activities",
        "criteria",
        "working-groups",
        "documents",
        "declaration",
        "submit",
    ]
    assert type(flow[5]).__module__ == "declarations.steps"
    assert [(step.previous_slug, step.next_slug) for step in flow[:2]] == [
        (None, "activities"),
        ("organisation", "criteria"),
    ]
    assert flow[-1].next_slug is None


def test_each_step_says_what_it_still_lacks_and_together_they_are_what_stops_submission(draft):
    flow = steps_for(draft)

    assert not all(step.is_complete() for step in flow)
    assert [message for step in flow for message in step.missing()] == missing_for_submission(draft)
    factories.ready_to_submit(draft)
    draft = Application.objects.get(pk=draft.pk)
    assert all(step.is_complete() for step in steps_for(draft))
    assert missing_for_submission(draft) == []


def test_step_navigation_says_which_steps_are_complete_in_words(draft, applicant_client):
    response = applicant_client.get(f"/applications/{draft.pk}/edit/organisation/")

    html = response.content.decode()
    assert '3. Eligibility criteria <span class="step-status">(to do)</span>' in html
    assert '4. Working groups <span class="step-status">(optional)</span>' in html
    factories.ready_to_submit(draft)
    html = applicant_client.get(f"/applications/{draft.pk}/edit/organisation/").content.decode()
    assert '3. Eligibility criteria <span class="step-status step-complete">(complete)</span>' in html
    assert '6. Declaration <span class="step-status step-complete">(complete)</span>' in html


def test_step_navigation_buttons_save_the_step_and_go_to_the_chosen_step(draft, applicant_client):
    page = applicant_client.get(f"/applications/{draft.pk}/edit/activities/").content.decode()
    assert '<button type="submit" form="step-form" name="goto" value="criteria"' in page

    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/activities/",
        {"value_chain_segments": ["design"], "relevant_activities": "Chiplets, typed then left.", "goto": "criteria"},
    )

    assert response.headers["Location"] == f"/applications/{draft.pk}/edit/criteria/"
    draft.refresh_from_db()
    assert draft.relevant_activities == "Chiplets, typed then left."


def test_step_navigation_to_an_unknown_step_stays_on_the_step(draft, applicant_client):
    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/activities/",
        {"value_chain_segments": ["design"], "relevant_activities": "Kept.", "goto": "https://example.com"},
    )

    assert response.headers["Location"] == f"/applications/{draft.pk}/edit/activities/"


def test_organisation_step_shows_the_profile_read_only_with_a_link_to_edit_it(draft, applicant_client):
    organisation = draft.organisation

    html = applicant_client.get(f"/applications/{draft.pk}/edit/organisation/").content.decode()

    assert organisation.registration_number in html
    assert f'href="/organisations/{organisation.pk}/edit/?next=/applications/{draft.pk}/edit/organisation/"' in html
    assert 'name="org-' not in html
    assert 'name="app-presentation"' in html


def test_organisation_step_saves_the_presentation_and_ignores_profile_fields_posted(draft, applicant_client):
    organisation = draft.organisation
    city = organisation.city

    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/organisation/",
        {"app-presentation": "A packaging foundry.", "org-city": "Gent", "save": "1"},
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    organisation.refresh_from_db()
    assert draft.presentation == "A packaging foundry."
    assert organisation.city == city


def test_submit_step_shows_every_answer_document_and_the_signature_that_will_be_frozen(draft, applicant_client):
    factories.ready_to_submit(draft)
    rf.supporting_document(draft)
    answer = draft.answers.first()

    html = applicant_client.get(f"/applications/{draft.pk}/edit/submit/").content.decode()

    assert "What will be frozen when you submit" in html
    assert draft.organisation.legal_name in html
    assert draft.relevant_activities in html
    assert answer.text in html
    assert f"<li>{draft.documents.get().title} " in html
    assert "signed by Anna de Vries, CEO" in html
    assert 'data-confirm="Submit the application?' in html
