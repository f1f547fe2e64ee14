"""The two alliances of the Commission's launch, with their Terms of Reference and eligibility criteria.

This is data, not code: administrators edit it in the Django admin and publish new versions there.
"""

import datetime
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

ALLIANCES = [
    {
        "slug": "semiconductors",
        "name": "Alliance on Processors and Semiconductor Technologies",
        "short_name": "Semiconductors",
        "secretariat_name": "ALLPROS.eu",
        "description": (
            "Brings together the key actors that design and produce microelectronics chips, to identify "
            "gaps in chip production and the technology developments needed, reinforce the European "
            "electronics design ecosystem and establish the manufacturing capacity for the next generation "
            "of trusted processors, from 16-10 nm towards 2 nm and beyond."
        ),
        "activities": "design, EDA and IP, front-end manufacturing, assembly, test and advanced packaging, "
        "equipment, materials, end use, research, education and skills",
    },
    {
        "slug": "industrial-cloud",
        "name": "European Alliance for Industrial Data, Edge and Cloud",
        "short_name": "Industrial Cloud",
        "secretariat_name": "",
        "description": (
            "Fosters the development and deployment of next-generation edge and cloud technologies that are "
            "highly secure, energy- and resource-efficient and fully interoperable, serving EU businesses and "
            "public administrations that process sensitive data."
        ),
        "activities": "cloud infrastructure and services, edge computing, data services, software and platforms",
    },
]

TOR_TEXT = """Terms of Reference — {name}

1. Purpose. The Alliance brings together businesses, Member State representatives, academia, users and
research and technology organisations to {purpose}.

2. Membership. Membership is open to public and private entities with a legal representative in the
Union and with relevant activities in the Alliance's field ({activities}), provided they meet the
eligibility criteria below. Applicants sign the Declaration and fill in the application form, which the
European Commission assesses.

3. Eligibility criteria. Due to the strategic relevance of the Alliance's activities, applicants must
meet criteria relating to security (including cybersecurity), security of supply, protection of
intellectual property, data protection and data access, and practical utility to the Alliance.
Entities controlled by a legal person established outside the Union shall demonstrate the legal,
organisational and technical measures ensuring that data and operations remain subject to Union law,
including EU data-protection law.

4. Working groups. The Alliance works through working groups supported by its secretariat. Only member
organisations have voting rights; organisations may be invited to meetings on an ad-hoc basis without a
vote. Members may propose new working groups.
"""

CRITERIA = [
    ("legal-representative", "Legal representative in the Union", "gate",
     "Name the EU member state where your organisation's legal representative is established, and the "
     "legal form of that establishment.",
     "Gate: the organisation must have a legal representative in an EU member state."),
    ("relevant-activities", "Relevant activities in the Alliance's field", "gate",
     "Describe where in the value chain your organisation is active ({activities}).",
     "Gate: the organisation must have activities relevant to the Alliance."),
    ("security", "Security, including cybersecurity", "score",
     "Describe your security and cybersecurity governance, certifications (e.g. ISO/IEC 27001) and how "
     "you handle security incidents. Describe any control by or obligations towards non-EU entities.",
     "Assess the maturity of security management and any exposure to control from outside the Union."),
    ("security-of-supply", "Security of supply", "score",
     "Describe how your organisation contributes to, and protects, the security of supply of the "
     "Alliance's value chain (sourcing, capacity in the Union, dependencies, continuity plans).",
     "Assess the contribution to resilient supply in the Union and the handling of dependencies."),
    ("ip-protection", "Intellectual-property protection", "score",
     "Describe how you protect intellectual property, trade secrets and confidential information shared "
     "within the Alliance.",
     "Assess IP policies, confidentiality practices and export-control compliance."),
    ("data-protection", "Data protection and data access", "score",
     "Describe how you comply with EU data-protection law and who, including authorities outside the "
     "Union, could access data you hold.",
     "Assess GDPR compliance and exposure of data to access from outside the Union."),
    ("practical-utility", "Practical utility to the Alliance", "score",
     "Explain what your organisation brings to the Alliance and its working groups (expertise, "
     "capacity, investment plans, projects).",
     "Assess the concrete contribution the organisation can make to the Alliance's roadmaps."),
]


def load(apps, schema_editor):
    Alliance = apps.get_model("alliances", "Alliance")
    TermsOfReference = apps.get_model("alliances", "TermsOfReference")
    CriteriaVersion = apps.get_model("alliances", "CriteriaVersion")
    Criterion = apps.get_model("alliances", "Criterion")
    purposes = {
        "semiconductors": "identify gaps in chip production and build the capacity to design and produce the "
        "most advanced chips in Europe",
        "industrial-cloud": "develop and deploy the next generation of secure, efficient and interoperable "
        "edge and cloud technologies",
    }
    for data in ALLIANCES:
        alliance, _ = Alliance.objects.get_or_create(
            slug=data["slug"],
            defaults={key: data[key] for key in ("name", "short_name", "description", "secretariat_name")},
        )
        TermsOfReference.objects.get_or_create(
            alliance=alliance,
            version=1,
            defaults={
                "text": TOR_TEXT.format(
                    name=data["name"], purpose=purposes[data["slug"]], activities=data["activities"]
                ),
                "effective_from": datetime.date(2021, 7, 19),
            },
        )
        version, created = CriteriaVersion.objects.get_or_create(
            alliance=alliance,
            version=1,
            defaults={"published_at": timezone.now(), "overall_threshold": Decimal("15")},
        )
        if created:
            for position, (code, title, kind, question, guidance) in enumerate(CRITERIA, start=1):
                Criterion.objects.create(
                    criteria_version=version,
                    code=code,
                    position=position,
                    title=title,
                    kind=kind,
                    question=question.format(activities=data["activities"]),
                    guidance=guidance,
                )


class Migration(migrations.Migration):
    dependencies = [("alliances", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
