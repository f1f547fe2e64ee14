"""Demo organisations and applications, drawn from the seeds' countries and technology areas."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from pypdf import PdfWriter

from accounts.demo import DEMO_PASSWORD, demo_user
from alliances.models import Alliance
from applications import services
from applications.models import Application

# The demo walks applications through their whole life, the Declaration's signature included: demo data, not a
# rule, so it reaches the app above (seed_demo, in portal, runs it).
from declarations import services as declaration_services
from organisations.models import Organisation, OrganisationUser
from organisations.services import create_organisation
from organisations.vocabulary import TechnologyArea

ORGANISATIONS = [
    # (legal name, acronym, type, country, VAT, city, segments, areas, parent, parent country, rep country, target)
    (
        "Eindhoven Photonic Foundry B.V.",
        "EPF",
        "sme",
        "NL",
        "NL004495445B01",
        "Eindhoven",
        ["front_end", "research"],
        ["photonics", "pilot_lines"],
        "",
        "",
        "NL",
        Application.State.SUBMITTED,
    ),
    (
        "Dresden Power Semiconductors GmbH",
        "DPS",
        "large_company",
        "DE",
        "DE136695976",
        "Dresden",
        ["front_end", "materials"],
        ["power", "sensors"],
        "",
        "",
        "DE",
        Application.State.SUBMITTED,
    ),
    (
        "Grenoble Quantum Devices SAS",
        "GQD",
        "start_up",
        "FR",
        "FR40303265045",
        "Grenoble",
        ["design", "research"],
        ["quantum", "ai_computing"],
        "",
        "",
        "FR",
        Application.State.SUBMITTED,
    ),
    (
        "Leuven Advanced Packaging Lab",
        "LAPL",
        "rto",
        "BE",
        "BE0403019261",
        "Leuven",
        ["back_end", "research"],
        ["packaging", "heterogeneous"],
        "",
        "",
        "BE",
        Application.State.SUBMITTED,
    ),
    (
        "Milano Sensor Systems S.r.l.",
        "MSS",
        "sme",
        "IT",
        "IT00743110157",
        "Milano",
        ["design", "end_use"],
        ["sensors"],
        "",
        "",
        "IT",
        Application.State.SUBMITTED,
    ),
    (
        "Pacific Memory Europe B.V.",
        "PME",
        "large_company",
        "NL",
        "NL853746333B01",
        "Nijmegen",
        ["front_end"],
        ["memory"],
        "Pacific Memory Corporation",
        "TW",
        "NL",
        Application.State.SUBMITTED,
    ),
    (
        "Baltic Semiconductor Materials UAB",
        "BSM",
        "sme",
        "LT",
        "LT119511515",
        "Vilnius",
        ["materials"],
        ["power", "sensors"],
        "",
        "",
        "LT",
        Application.State.SUBMITTED,
    ),
    (
        "Nordic Chip Design AB",
        "NCD",
        "sme",
        "SE",
        "SE556188840401",
        "Lund",
        ["design", "eda_ip"],
        ["design_tools", "ai_computing"],
        "",
        "",
        "SE",
        Application.State.WITHDRAWN,
    ),
    (
        "Madrid Edge Cloud S.L.",
        "MEC",
        "start_up",
        "ES",
        "ESB86123452",
        "Madrid",
        ["cloud", "edge"],
        ["cloud_edge", "cybersecurity"],
        "",
        "",
        "ES",
        Application.State.DRAFT,
    ),
    (
        "Lion City Wafer Services Pte. Ltd.",
        "LCW",
        "large_company",
        "SG",
        "",
        "Singapore",
        ["front_end"],
        ["pilot_lines"],
        "",
        "",
        "SG",
        None,
    ),
]


# Register numbers that pass their country's check (organisations.validators), by acronym.
REGISTRATION_NUMBERS = {
    "EPF": "KVK 17123456",
    "DPS": "Dresden HRB 12345",
    "GQD": "303 265 045",
    "LAPL": "0403.019.261",
    "MSS": "00743110157",
    "PME": "KVK 09123456",
    "BSM": "119511515",
    "NCD": "556188-8404",
    "MEC": "B86123452",
    "LCW": "201912345K",
}

NON_EU_MEASURES = {
    "non_eu_legal_measures": "Articles of association give the EU-resident board a veto on data transfers; "
    "contracts refuse third-country access requests unless EU law allows them.",
    "non_eu_organisational_measures": "An EU-resident data-protection officer and management; access to "
    "production data only for staff employed in the EU.",
    "non_eu_technical_measures": "Data held in an ISO 27001 certified EU data centre only; encryption keys "
    "kept in EU hardware security modules.",
}


def seed(*, stdout):
    applicant = demo_user("applicant@silicon.example.eu", "Eva Novak")
    colleague = demo_user("editor@silicon.example.eu", "Marco Rossi")
    german_colleague = demo_user("bearbeiterin@silicon.example.eu", "Lena Weber")
    semiconductors = Alliance.objects.get(slug="semiconductors")
    cloud = Alliance.objects.get(slug="industrial-cloud")
    for index, row in enumerate(ORGANISATIONS):
        (name, acronym, kind, country, vat, city, segments, areas, parent, parent_country, rep_country, target) = row
        if Organisation.objects.filter(legal_name=name).exists():
            continue
        with transaction.atomic():
            organisation = create_organisation(
                by=applicant,
                legal_name=name,
                acronym=acronym,
                organisation_type=kind,
                country=country,
                registration_number=REGISTRATION_NUMBERS[acronym],
                vat_number=vat,
                website=f"https://{acronym.lower()}.example.eu",
                street=f"Innovation Street {index + 1}",
                postcode=f"{1000 + index * 7}",
                city=city,
                legal_representative_country=rep_country,
                legal_representative_name="Dr. Helena Schmidt",
                legal_representative_position="Managing Director",
                legal_representative_email=f"director@{acronym.lower()}.example.eu",
                ultimate_parent_name=parent,
                ultimate_parent_country=parent_country,
                value_chain_segments=segments,
                technology_areas=areas,
                activities_description=f"{name}: research, development and production for the {acronym} product lines.",
                contact_name="Eva Novak",
                contact_email=applicant.email,
            )
            for editor in (colleague, german_colleague):
                organisation.memberships_of_users.get_or_create(
                    user=editor, defaults={"role": OrganisationUser.Role.EDITOR}
                )
        if target is None:
            continue
        alliance = cloud if "cloud" in segments else semiconductors
        _application_in_state(organisation=organisation, alliance=alliance, by=applicant, target=target)
    return [
        (f"Applicant (owner of {len(ORGANISATIONS)} organisations)", applicant.email),
        ("Applicant colleague (editor)", colleague.email),
        ("Applicant colleague (editor)", german_colleague.email),
    ]


def _application_in_state(*, organisation, alliance, by, target):
    application = services.start_application(organisation=organisation, alliance=alliance, by=by)
    areas = ", ".join(str(TechnologyArea(code).label).lower() for code in organisation.technology_areas)
    services.save_step(
        application=application,
        by=by,
        fields={
            "presentation": f"{organisation.legal_name} is a {organisation.get_organisation_type_display()} "
            f"based in {organisation.city}, working on {areas}.",
            **(NON_EU_MEASURES if organisation.is_controlled_outside_eu else {}),
        },
    )
    answers = {
        criterion: {
            "meets": True if criterion.is_gate else None,
            "text": f"{organisation.acronym}: our answer on {criterion.title.lower()}, with evidence in the "
            "attached documents.",
        }
        for criterion in application.criteria_version.criteria.all()
    }
    services.save_answers(application=application, by=by, answers=answers)
    services.save_step(
        application=application, by=by, fields={}, working_groups=list(alliance.working_groups.order_by("name")[:2])
    )
    services.add_document(
        application=application,
        by=by,
        title="ISO/IEC 27001 certificate",
        uploaded_file=SimpleUploadedFile("certificate.pdf", _demo_pdf()),
    )
    if organisation.is_controlled_outside_eu:
        services.add_document(
            application=application,
            by=by,
            title="Board resolution on EU data control",
            uploaded_file=SimpleUploadedFile("board-resolution.pdf", _demo_pdf()),
            proves_non_eu_control_measures=True,
        )
    if target == Application.State.DRAFT:
        return application
    declaration_services.sign(
        application=application, by=by, signatory_name="Dr. Helena Schmidt", signatory_position="Managing Director"
    )
    application.refresh_from_db()
    services.submit(application=application, by=by)
    if target == Application.State.WITHDRAWN:
        services.withdraw(
            application=Application.objects.get(pk=application.pk),
            by=by,
            reason="We will apply again once our new fab is operational.",
        )
    return application


def _demo_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Demo certificate"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


__all__ = ["DEMO_PASSWORD", "seed"]
