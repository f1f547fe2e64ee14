"""Organisations and the people acting for them, in bulk (one shared password hash, verified e-mails)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from organisations.models import Organisation, OrganisationUser
from organisations.vocabulary import EU_MEMBER_STATES, OrganisationType, TechnologyArea, ValueChainSegment
from portal.scale.common import Scale, bulk

PLACES = ["Adriatic", "Alpine", "Baltic", "Carpathian", "Danube", "Flemish", "Iberian", "Nordic", "Rhine", "Tatra"]
FIELDS = ["Photonics", "Silicon", "Wafer", "Sensor", "Quantum", "Edge", "Memory", "Packaging", "Cloud", "Power"]
FORMS = {
    "DE": "GmbH",
    "FR": "SAS",
    "NL": "B.V.",
    "IT": "S.r.l.",
    "ES": "S.L.",
    "BE": "SA",
    "SE": "AB",
    "PL": "sp. z o.o.",
}
NON_EU_PARENTS = [("Pacific Holdings Inc.", "US"), ("Formosa Semiconductor Corp.", "TW"), ("Han River Group", "KR")]
EMAIL_DOMAIN = "scale.example.eu"


def organisation_name(index: int) -> str:
    place = PLACES[index % len(PLACES)]
    topic = FIELDS[(index // len(PLACES)) % len(FIELDS)]
    return f"{place} {topic} {index + 1:04d}"


def build(scale: Scale) -> list[Organisation]:
    """scale.size.organisations organisations, each with an owner (who is also its representative if it joins)."""
    rng = scale.rng
    password = make_password(DEMO_PASSWORD)
    countries = sorted(EU_MEMBER_STATES)
    organisations, owners = [], []
    for index in range(scale.size.organisations):
        country = rng.choice(countries)
        name = f"{organisation_name(index)} {FORMS.get(country, 'Ltd')}"
        parent, parent_country = rng.choice(NON_EU_PARENTS) if rng.random() < 0.06 else ("", "")
        email = f"owner{index + 1}@{EMAIL_DOMAIN}"
        created = scale.ago(400, 900)
        owners.append(
            User(email=email, full_name=f"Owner {index + 1} of {name}", password=password, date_joined=created)
        )
        organisations.append(
            Organisation(
                legal_name=name,
                acronym=f"O{index + 1:04d}",
                organisation_type=rng.choice(OrganisationType.values),
                country=country,
                registration_number=f"REG-{index + 1:06d}",
                vat_number="",
                website=f"https://org{index + 1}.{EMAIL_DOMAIN}",
                street=f"Industrial Park {rng.randint(1, 200)}",
                postcode=f"{rng.randint(1000, 99999)}",
                city=f"{PLACES[index % len(PLACES)]} City",
                legal_representative_country=country,
                legal_representative_name=f"Director {index + 1}",
                legal_representative_position="Managing Director",
                legal_representative_email=f"director{index + 1}@{EMAIL_DOMAIN}",
                ultimate_parent_name=parent,
                ultimate_parent_country=parent_country,
                value_chain_segments=rng.sample(ValueChainSegment.values, 2),
                technology_areas=rng.sample(TechnologyArea.values, 2),
                activities_description=f"{name} designs, makes and tests components for the alliance's value chain.",
                contact_name=f"Owner {index + 1}",
                contact_email=email,
                created_at=created,
                updated_at=created,
            )
        )
    owners = bulk(scale, User, owners, "users")
    organisations = bulk(scale, Organisation, organisations)
    bulk(scale, EmailAddress, [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in owners])
    links = [
        OrganisationUser(organisation=o, user=u, role=OrganisationUser.Role.OWNER, created_at=o.created_at)
        for o, u in zip(organisations, owners, strict=True)
    ]
    bulk(scale, OrganisationUser, links, "people acting for organisations")
    for organisation, owner in zip(organisations, owners, strict=True):
        organisation.owner = owner
    return organisations
