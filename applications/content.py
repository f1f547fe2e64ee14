"""What an application submits, in one place: the content its snapshot freezes and its fingerprint.

The fingerprint lets the Declaration cover exactly what is submitted: a signature records the fingerprint of
the content it was signed for, and a change to the content afterwards asks for the Declaration to be signed
again (declarations.selectors.missing_signature).
"""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.utils import translation

from applications.models import Application
from organisations.vocabulary import TechnologyArea, ValueChainSegment


def frozen_content(application: Application) -> dict[str, Any]:
    """The application's own content (the organisation's facts included), without what the apps above add."""
    organisation = application.organisation
    return {
        "organisation": {
            "legal_name": organisation.legal_name,
            "acronym": organisation.acronym,
            "organisation_type": organisation.get_organisation_type_display(),
            "country": organisation.country.code,
            "registration_number": organisation.registration_number,
            "vat_number": organisation.vat_number,
            "website": organisation.website,
            "address": f"{organisation.street}, {organisation.postcode} {organisation.city}",
            "legal_representative": {
                "name": organisation.legal_representative_name,
                "position": organisation.legal_representative_position,
                "email": organisation.legal_representative_email,
                "country": organisation.legal_representative_country.code,
            },
            "ultimate_parent": organisation.ultimate_parent_name,
            "ultimate_parent_country": organisation.ultimate_parent_country.code or "",
            "controlled_outside_eu": organisation.is_controlled_outside_eu,
            "contact": {"name": organisation.contact_name, "email": organisation.contact_email},
        },
        "presentation": application.presentation,
        "non_eu_legal_measures": application.non_eu_legal_measures,
        "non_eu_organisational_measures": application.non_eu_organisational_measures,
        "non_eu_technical_measures": application.non_eu_technical_measures,
        "value_chain_segments": application.value_chain_segments,
        "value_chain_segment_labels": [str(ValueChainSegment(code).label) for code in application.value_chain_segments],
        "technology_areas": application.technology_areas,
        "technology_area_labels": [str(TechnologyArea(code).label) for code in application.technology_areas],
        "relevant_activities": application.relevant_activities,
        "answers": [
            {
                "criterion": answer.criterion.code,
                "title": answer.criterion.title,
                "kind": answer.criterion.kind,
                "meets": answer.meets,
                "text": answer.text,
            }
            for answer in application.answers.select_related("criterion").order_by("criterion__position")
        ],
        "working_groups": list(application.working_groups.order_by("name").values_list("name", flat=True)),
        "documents": [
            {
                "id": document.pk,
                "title": document.title,
                "sha256": document.sha256,
                "size": document.size,
                "proves_non_eu_control_measures": document.proves_non_eu_control_measures,
            }
            for document in application.documents.all()
        ],
    }


def content_fingerprint(application: Application) -> str:
    """SHA-256 of the content, whatever the language it is read in (the labels are rendered in one language)."""
    with translation.override(settings.LANGUAGE_CODE):
        content = frozen_content(application)
    for document in content["documents"]:
        document.pop("id", None)
    content["documents"].sort(key=lambda document: (document["sha256"], document["title"]))
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()
