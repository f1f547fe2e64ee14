"""Registration and VAT numbers are checked by the rules of the country of registration, in the profile form
and in the admin alike (Organisation.clean)."""

import pytest
from django.core.exceptions import ValidationError

from organisations.models import Organisation
from tests import factories
from tests.factories import applicants as fa
from tests.organisations.test_views import profile_data

pytestmark = pytest.mark.django_db


def organisation(**fields):
    return factories.OrganisationFactory.build(**fields)


@pytest.mark.parametrize(
    ("country", "number"),
    [
        ("AT", "FN 122119m"),
        ("BE", "0403.019.261"),
        ("BE", "0403019261"),
        ("DE", "Dresden HRB 12345"),
        ("DK", "13585628"),
        ("EE", "12345678"),
        ("ES", "J99216582"),
        ("FI", "2077474-0"),
        ("FR", "303 265 045"),
        ("FR", "303 265 045 00003"),
        ("FR", "RCS Grenoble B 303 265 045"),
        ("IT", "00743110157"),
        ("PL", "192598184"),
        ("RO", "J40/2886/2013"),
        ("SE", "556188-8404"),
        ("SI", "9331310"),
        # No register check in python-stdnum: the generic one.
        ("NL", "KVK 17123456"),
        ("IE", "IE 123456"),
        ("GR", "ΓΕΜΗ 123456789000"),
    ],
)
def test_registration_number_valid_in_its_country_is_accepted(country, number):
    candidate = organisation(country=country, registration_number=number, vat_number="")

    candidate.clean()

    assert candidate.registration_number == number


@pytest.mark.parametrize(
    ("country", "number"),
    [
        ("BE", "0000"),
        ("BE", "0403.019.262"),  # wrong check digits
        ("DE", "HRB 12345"),  # the register court is missing
        ("ES", "54362315K"),  # a person's NIF, not a company's CIF
        ("FR", "303 265 046"),
        ("IT", "00743110158"),
        ("PL", "192598183"),
        ("SE", "556188-8405"),
        ("NL", "0000"),
        ("NL", "ABCD"),
        ("NL", "12"),
        ("NL", "<script>"),
        ("NL", "KVK_123456"),
    ],
)
def test_registration_number_invalid_in_its_country_is_refused(country, number):
    candidate = organisation(country=country, registration_number=number, vat_number="")

    with pytest.raises(ValidationError) as refused:
        candidate.clean()

    assert list(refused.value.message_dict) == ["registration_number"]


def test_registration_number_error_names_what_the_country_register_gives():
    candidate = organisation(country="BE", registration_number="0000", vat_number="")

    with pytest.raises(ValidationError) as refused:
        candidate.clean()

    assert refused.value.message_dict["registration_number"] == [
        "This is not a valid registration number in Belgium. Enter the enterprise number (KBO/BCE), e.g. 0403.019.261."
    ]


@pytest.mark.parametrize(
    ("country", "vat", "stored"),
    [
        ("BE", "BE0403019261", "BE0403019261"),
        ("BE", "be 0403.019.261", "BE0403019261"),
        ("BE", "0403019261", "BE0403019261"),  # the prefix of the country of registration is added
        ("GR", "EL094014201", "EL094014201"),
        ("GR", "GR094014201", "EL094014201"),  # Greece's VAT prefix is EL
        ("GR", "094014201", "EL094014201"),
        ("GB", "XI123456782", "XI123456782"),  # Northern Ireland
        ("US", "123456789", "123456789"),
    ],
)
def test_vat_number_of_the_country_of_registration_is_accepted_in_compact_form(country, vat, stored):
    registration = {"BE": "0403.019.261"}.get(country, "REG 123456")
    candidate = organisation(country=country, registration_number=registration, vat_number=vat)

    candidate.clean()

    assert candidate.vat_number == stored


@pytest.mark.parametrize(
    ("country", "vat", "message"),
    [
        ("BE", "NL004495445B01", "This VAT number is from Netherlands, but the organisation is registered in Belgium."),
        ("BE", "EL094014201", "This VAT number is from Greece, but the organisation is registered in Belgium."),
        ("NL", "BE0403019261", "This VAT number is from Belgium, but the organisation is registered in Netherlands."),
        ("US", "IE6388047V", "This VAT number is from Ireland, but the organisation is registered in United States"),
        ("BE", "US123456789", "A VAT number of an organisation registered in Belgium starts with BE."),
        ("GR", "BE0403019261", "This VAT number is from Belgium, but the organisation is registered in Greece."),
        ("BE", "BE0403019262", "This is not a valid EU VAT number."),
    ],
)
def test_vat_number_of_another_country_is_refused(country, vat, message):
    registration = {"BE": "0403.019.261"}.get(country, "REG 123456")
    candidate = organisation(country=country, registration_number=registration, vat_number=vat)

    with pytest.raises(ValidationError) as refused:
        candidate.clean()

    assert list(refused.value.message_dict) == ["vat_number"]
    assert refused.value.message_dict["vat_number"][0].startswith(message)


def test_profile_form_shows_the_vat_mismatch_next_to_the_field(applicant_client):
    response = applicant_client.post("/organisations/new/", profile_data(vat_number="NL004495445B01"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["vat_number"]
    html = response.content.decode()
    assert 'id="id_vat_number_error"' in html
    assert "This VAT number is from Netherlands, but the organisation is registered in Belgium." in html
    assert not Organisation.objects.exists()


def test_profile_form_shows_the_registration_number_error_next_to_the_field(applicant_client):
    response = applicant_client.post("/organisations/new/", profile_data(registration_number="0000"))

    assert list(response.context["form"].errors) == ["registration_number"]
    assert 'id="id_registration_number_error"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_profile_form_stores_the_vat_number_in_compact_form(applicant_client):
    applicant_client.post("/organisations/new/", profile_data(vat_number="0403.019.261"))

    assert Organisation.objects.get().vat_number == "BE0403019261"


def test_profile_form_with_an_empty_country_reports_only_the_country(applicant_client):
    response = applicant_client.post("/organisations/new/", profile_data(country=""))

    assert list(response.context["form"].errors) == ["country"]


def test_admin_refuses_a_vat_number_of_another_country(client):
    existing = factories.OrganisationFactory(
        country="BE", registration_number="0403.019.261", vat_number="BE0403019261"
    )
    fa.log_in_with_totp(client, fa.superuser())
    url = f"/admin/organisations/organisation/{existing.pk}/change/"
    data = fa.admin_form_data(client, url)

    response = client.post(url, {**data, "vat_number": "NL004495445B01", "city": "Gent"})

    assert response.status_code == 200
    assert "This VAT number is from Netherlands, but the organisation is registered in Belgium." in (
        response.content.decode()
    )
    existing.refresh_from_db()
    assert (existing.vat_number, existing.city) == ("BE0403019261", "Eindhoven")


def test_admin_refuses_an_invalid_registration_number_and_a_parent_without_country(client):
    existing = factories.OrganisationFactory(
        country="BE", registration_number="0403.019.261", vat_number="BE0403019261"
    )
    fa.log_in_with_totp(client, fa.superuser())
    url = f"/admin/organisations/organisation/{existing.pk}/change/"
    data = fa.admin_form_data(client, url)

    response = client.post(url, {**data, "registration_number": "0000", "ultimate_parent_name": "Holding"})

    errors = response.context["adminform"].form.errors
    assert set(errors) == {"registration_number", "ultimate_parent_country"}
    existing.refresh_from_db()
    assert existing.registration_number == "0403.019.261"


def test_admin_saves_a_valid_change_in_compact_form(client):
    existing = factories.OrganisationFactory(
        country="BE", registration_number="0403.019.261", vat_number="BE0403019261"
    )
    fa.log_in_with_totp(client, fa.superuser())
    url = f"/admin/organisations/organisation/{existing.pk}/change/"
    data = fa.admin_form_data(client, url)

    response = client.post(url, {**data, "vat_number": "be 0403 019 261", "city": "Gent"})

    assert response.status_code == 302
    existing.refresh_from_db()
    assert (existing.vat_number, existing.city) == ("BE0403019261", "Gent")
