"""The words an organisation's profile is described with: the alliances' value chain and the ICOS technology areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 27 member states, by ISO 3166-1 alpha-2 code.
EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)


class OrganisationType(models.TextChoices):
    LARGE_COMPANY = "large_company", _("Large company")
    SME = "sme", _("SME")
    START_UP = "start_up", _("Start-up")
    RTO = "rto", _("Research and technology organisation")
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Association or cluster")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


class ValueChainSegment(models.TextChoices):
    DESIGN = "design", _("Design")
    EDA_IP = "eda_ip", _("EDA tools and IP")
    FRONT_END = "front_end", _("Front-end manufacturing")
    BACK_END = "back_end", _("Assembly, test and advanced packaging")
    EQUIPMENT = "equipment", _("Equipment")
    MATERIALS = "materials", _("Materials")
    END_USE = "end_use", _("End use")
    RESEARCH = "research", _("Research")
    SKILLS = "skills", _("Education and skills")
    CLOUD = "cloud", _("Cloud infrastructure and services")
    EDGE = "edge", _("Edge computing")
    DATA_SERVICES = "data_services", _("Data services")
    SOFTWARE = "software", _("Software and platforms")


class TechnologyArea(models.TextChoices):
    AI_COMPUTING = "ai_computing", _("AI and advanced computation")
    MEMORY = "memory", _("Memory")
    QUANTUM = "quantum", _("Quantum technologies")
    SENSORS = "sensors", _("Sensors")
    POWER = "power", _("Power electronics")
    PHOTONICS = "photonics", _("Photonics")
    PACKAGING = "packaging", _("Advanced packaging")
    HETEROGENEOUS = "heterogeneous", _("Heterogeneous integration")
    DESIGN_TOOLS = "design_tools", _("Design tools")
    PILOT_LINES = "pilot_lines", _("Pilot lines")
    SKILLS = "skills", _("Skills")
    CLOUD_EDGE = "cloud_edge", _("Cloud and edge computing")
    CYBERSECURITY = "cybersecurity", _("Cybersecurity")
