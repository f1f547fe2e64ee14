import pytest
from django.core import mail

from audit.models import AuditEntry
from organisations.forms import OrganisationForm
from organisations.models import Organisation, OrganisationUser
from tests import factories

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "legal_name": "Leuven Chips NV",
        "acronym": "LC",
        "organisation_type": "rto",
        "country": "BE",
        "registration_number": "0403.019.261",
        "vat_number": "BE0403019261",
        "website": "https://lc.example.eu",
        "street": "Kapeldreef 75",
        "postcode": "3001",
        "city": "Leuven",
        "legal_representative_country": "BE",
        "legal_representative_name": "Luc Peeters",
        "legal_representative_position": "Director",
        "legal_representative_email": "luc@lc.example.eu",
        "ultimate_parent_name": "",
        "ultimate_parent_country": "",
        "value_chain_segments": ["research", "back_end"],
        "technology_areas": ["packaging"],
        "activities_description": "Advanced packaging research.",
        "contact_name": "Sara Claes",
        "contact_email": "sara@lc.example.eu",
        "contact_phone": "",
    }
    data.update(overrides)
    return data


def test_organisation_create_makes_the_creator_its_owner(applicant_client, applicant):
    response = applicant_client.post("/organisations/new/", profile_data(), follow=True)

    organisation = Organisation.objects.get(legal_name="Leuven Chips NV")
    assert OrganisationUser.objects.get(organisation=organisation).user == applicant
    assert OrganisationUser.objects.get(organisation=organisation).role == "owner"
    assert organisation.vat_number == "BE0403019261"
    assert AuditEntry.objects.filter(action="organisation.created", target_id=str(organisation.pk)).exists()
    assert "The profile of Leuven Chips NV is saved." in response.content.decode()


def test_organisation_create_with_invalid_vat_shows_the_error_next_to_the_field_and_keeps_the_rest(applicant_client):
    response = applicant_client.post("/organisations/new/", profile_data(vat_number="BE0403019262"))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["vat_number"]
    assert "not a valid EU VAT number" in form.errors["vat_number"][0]
    html = response.content.decode()
    assert 'id="id_vat_number_error"' in html
    assert 'value="Leuven Chips NV"' in html
    assert not Organisation.objects.exists()


def test_organisation_create_with_malformed_registration_number_is_refused(applicant_client):
    response = applicant_client.post("/organisations/new/", profile_data(registration_number="<script>"))

    assert "registration_number" in response.context["form"].errors


def test_organisation_without_eu_legal_representative_is_told_it_is_not_eligible(applicant_client):
    response = applicant_client.post(
        "/organisations/new/", profile_data(legal_representative_country="US", vat_number=""), follow=True
    )

    html = response.content.decode()
    assert "is not eligible for membership" in html
    assert "legal representative in an EU member state" in html
    organisation = Organisation.objects.get()
    assert organisation.has_eu_legal_representative is False


def test_organisation_with_non_eu_parent_is_flagged_as_controlled_outside_eu(applicant_client):
    applicant_client.post(
        "/organisations/new/",
        profile_data(ultimate_parent_name="Pacific Memory Corp.", ultimate_parent_country="TW"),
    )

    organisation = Organisation.objects.get()
    assert organisation.is_controlled_outside_eu is True
    response = applicant_client.get(f"/organisations/{organisation.pk}/")
    assert "outside the EU" in response.content.decode()


def test_organisation_parent_without_country_is_refused(applicant_client):
    response = applicant_client.post("/organisations/new/", profile_data(ultimate_parent_name="Some Holding"))

    assert "ultimate_parent_country" in response.context["form"].errors


def test_invitation_lets_a_colleague_act_for_the_organisation(
    client, organisation, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/organisations/{organisation.pk}/invite/", {"email": "colleague@example.eu"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["colleague@example.eu"]
    token = organisation.invitations.get().token
    assert f"/organisations/invitations/{token}/" in mail.outbox[-1].body

    colleague = factories.UserFactory(email="colleague@example.eu")
    client.force_login(colleague)
    client.post(f"/organisations/invitations/{token}/")

    assert OrganisationUser.objects.get(organisation=organisation, user=colleague).role == "editor"
    assert client.get(f"/organisations/{organisation.pk}/").status_code == 200


def test_invitation_cannot_be_accepted_by_another_address(client, organisation, applicant):
    client.force_login(applicant)
    client.post(f"/organisations/{organisation.pk}/invite/", {"email": "colleague@example.eu"})
    token = organisation.invitations.get().token
    intruder = factories.UserFactory(email="intruder@example.eu")
    client.force_login(intruder)

    response = client.post(f"/organisations/invitations/{token}/", follow=True)

    assert "This invitation was sent to colleague@example.eu" in response.content.decode()
    assert not OrganisationUser.objects.filter(user=intruder).exists()


def test_editor_cannot_invite_others(client, organisation):
    editor = factories.UserFactory()
    OrganisationUser.objects.create(organisation=organisation, user=editor, role="editor")
    client.force_login(editor)

    assert client.get(f"/organisations/{organisation.pk}/invite/").status_code == 404


def edit_data(organisation, **changes):
    """What the profile's edit form posts when nothing is changed, with `changes`.

    Moved here from tests/applications/test_steps.py: the application's organisation step no longer edits the
    profile (the facts are entered once, in the profile), so the profile's own edit page keeps what is valid.
    """
    profile = OrganisationForm(instance=organisation)
    data = {}
    for name, field in profile.fields.items():
        value = field.prepare_value(profile[name].value())
        data[name] = "" if value is None else value
    data.update(changes)
    return data


def test_profile_edit_saves_the_valid_profile_fields_when_another_is_invalid(organisation, applicant_client):
    url = f"/organisations/{organisation.pk}/edit/"

    response = applicant_client.post(url, edit_data(organisation, city="Gent", vat_number="NL004495446B01"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["vat_number"]
    html = response.content.decode()
    assert 'id="id_vat_number_error"' in html
    # The page shows what was typed, the invalid value too, so that it can be corrected.
    assert 'value="Gent"' in html
    assert 'value="NL004495446B01"' in html
    organisation.refresh_from_db()
    assert organisation.city == "Gent"
    assert organisation.vat_number == "NL004495445B01"
    entry = AuditEntry.objects.get(action="organisation.updated", target_id=str(organisation.pk))
    assert entry.data == {"fields": ["city"]}


def test_profile_edit_keeps_fields_checked_together_unsaved_when_one_of_them_is_invalid(organisation, applicant_client):
    """A new country with the VAT number of the old one would be a profile no form accepts: neither is saved."""
    registration_number = organisation.registration_number

    response = applicant_client.post(
        f"/organisations/{organisation.pk}/edit/",
        edit_data(organisation, country="BE", registration_number="0403.019.261", city="Gent"),
    )

    assert list(response.context["form"].errors) == ["vat_number"]
    assert "the organisation is registered in Belgium" in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.country.code, organisation.registration_number) == ("NL", registration_number)
    assert organisation.city == "Gent"


def test_profile_edit_with_a_fully_valid_post_saves_and_goes_back_to_the_application(organisation, applicant_client):
    response = applicant_client.post(
        f"/organisations/{organisation.pk}/edit/",
        {**edit_data(organisation, city="Delft"), "next": "/applications/"},
    )

    assert response.headers["Location"] == "/applications/"
    organisation.refresh_from_db()
    assert organisation.city == "Delft"


def test_profile_edit_with_an_invalid_field_stays_on_the_page(organisation, applicant_client):
    response = applicant_client.post(
        f"/organisations/{organisation.pk}/edit/",
        edit_data(organisation, city="Gent", contact_email="not-an-address"),
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["contact_email"]
    organisation.refresh_from_db()
    assert organisation.city == "Gent"


def test_profile_edit_refuses_what_is_invalid_in_the_stored_profile_only_for_the_fields_edited(
    organisation, applicant_client
):
    """A profile stored before the numbers were checked by country still lets its other fields be saved."""
    type(organisation).objects.filter(pk=organisation.pk).update(country="BE", vat_number="BE0403019261")
    organisation.refresh_from_db()

    response = applicant_client.post(f"/organisations/{organisation.pk}/edit/", edit_data(organisation, city="Gent"))

    assert list(response.context["form"].errors) == ["registration_number"]
    organisation.refresh_from_db()
    assert organisation.city == "Gent"
    assert organisation.registration_number.startswith("KVK-")


def test_profile_edit_ignores_a_next_address_of_another_site(organisation, applicant_client):
    response = applicant_client.post(
        f"/organisations/{organisation.pk}/edit/", {**edit_data(organisation), "next": "https://evil.example.com/"}
    )

    assert response.headers["Location"] == f"/organisations/{organisation.pk}/"


def test_profile_edit_shows_the_error_summary_linking_to_the_field(organisation, applicant_client):
    response = applicant_client.post(
        f"/organisations/{organisation.pk}/edit/", edit_data(organisation, contact_email="not-an-address")
    )

    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_contact_email"' in html


def test_profile_edit_with_an_empty_post_shows_the_form_again(organisation, applicant_client):
    response = applicant_client.post(f"/organisations/{organisation.pk}/edit/", {})

    assert response.status_code == 200
