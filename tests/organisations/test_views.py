import pytest
from django.core import mail

from audit.models import AuditEntry
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
