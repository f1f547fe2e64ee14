"""The steps of the application form: their order and what each still lacks; the organisation step edits the
profile and the application at once, and nothing valid is lost to an invalid field elsewhere on the page."""

import pytest

from applications.models import Application
from applications.selectors import missing_for_submission
from applications.steps import steps_for
from audit.models import AuditEntry
from organisations.forms import OrganisationForm
from tests import factories

pytestmark = pytest.mark.django_db


def step_data(organisation, **changes):
    """What the step's form posts when nothing is changed, with `changes` (profile fields prefixed org-)."""
    profile = OrganisationForm(instance=organisation, prefix="org")
    data = {}
    for name, field in profile.fields.items():
        value = field.prepare_value(profile[name].value())
        data[profile.add_prefix(name)] = "" if value is None else value
    data.update({"app-presentation": "A packaging foundry.", "save": "1"})
    data.update({key.replace("org_", "org-", 1): value for key, value in changes.items()})
    return data


def test_organisation_step_saves_the_valid_profile_fields_when_another_is_invalid(draft, applicant_client):
    organisation = draft.organisation
    url = f"/applications/{draft.pk}/edit/organisation/"

    response = applicant_client.post(url, step_data(organisation, org_city="Gent", org_vat_number="NL004495446B01"))

    assert response.status_code == 200
    assert list(response.context["org_form"].errors) == ["vat_number"]
    html = response.content.decode()
    assert 'id="id_org-vat_number_error"' in html
    # The page shows what was typed, the invalid value too, so that it can be corrected.
    assert 'value="Gent"' in html
    assert 'value="NL004495446B01"' in html
    organisation.refresh_from_db()
    assert organisation.city == "Gent"
    assert organisation.vat_number == "NL004495445B01"
    draft.refresh_from_db()
    assert draft.presentation == "A packaging foundry."
    entry = AuditEntry.objects.get(action="organisation.updated", target_id=str(organisation.pk))
    assert entry.data == {"fields": ["city"]}


def test_organisation_step_keeps_fields_checked_together_unsaved_when_one_of_them_is_invalid(draft, applicant_client):
    """A new country with the VAT number of the old one would be a profile no form accepts: neither is saved."""
    organisation = draft.organisation
    registration_number = organisation.registration_number

    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/organisation/",
        step_data(organisation, org_country="BE", org_registration_number="0403.019.261", org_city="Gent"),
    )

    assert list(response.context["org_form"].errors) == ["vat_number"]
    assert "the organisation is registered in Belgium" in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.country.code, organisation.registration_number) == ("NL", registration_number)
    assert organisation.city == "Gent"


def test_organisation_step_with_a_fully_valid_post_saves_both_and_moves_on(draft, applicant_client):
    organisation = draft.organisation

    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/organisation/",
        {**step_data(organisation, org_city="Delft"), "continue": "1"},
    )

    assert response.headers["Location"] == f"/applications/{draft.pk}/edit/activities/"
    organisation.refresh_from_db()
    assert organisation.city == "Delft"


def test_organisation_step_save_and_continue_with_an_invalid_field_stays_on_the_step(draft, applicant_client):
    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/organisation/",
        {**step_data(draft.organisation, org_city="Gent", org_contact_email="not-an-address"), "continue": "1"},
    )

    assert response.status_code == 200
    assert list(response.context["org_form"].errors) == ["contact_email"]
    draft.organisation.refresh_from_db()
    assert draft.organisation.city == "Gent"


def test_organisation_step_refuses_what_is_invalid_in_the_stored_profile_only_for_the_fields_edited(
    draft, applicant_client
):
    """A profile stored before the numbers were checked by country still lets its other fields be saved."""
    organisation = draft.organisation
    type(organisation).objects.filter(pk=organisation.pk).update(country="BE", vat_number="BE0403019261")
    organisation.refresh_from_db()

    response = applicant_client.post(
        f"/applications/{draft.pk}/edit/organisation/", step_data(organisation, org_city="Gent")
    )

    assert list(response.context["org_form"].errors) == ["registration_number"]
    organisation.refresh_from_db()
    assert organisation.city == "Gent"
    assert organisation.registration_number.startswith("KVK-")


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
