"""Versions of an alliance's Terms of Reference and criteria: a published version is final, so changes are
made on a new draft version copied from it."""

from django.db import transaction
from django.db.models import Max
from modeltranslation.utils import get_translation_fields

from accounts.models import User
from alliances.models import Alliance, CriteriaVersion, Criterion, TermsOfReference
from audit.services import record

# The translated fields are copied in every language (title_en, title_fr, ...: alliances/translation.py).
CRITERION_FIELDS = [
    "code",
    "position",
    *get_translation_fields("title"),
    *get_translation_fields("question"),
    *get_translation_fields("guidance"),
    "kind",
    "scale_min",
    "scale_max",
    "scale_step",
    "threshold",
    "weight",
    "answer_required",
]


@transaction.atomic
def copy_criteria_version(*, criteria_version: CriteriaVersion, by: User | None) -> CriteriaVersion:
    """A new draft criteria version of the same alliance, with a copy of every criterion."""
    # Locking the alliance numbers concurrent copies one after the other.
    alliance = Alliance.objects.select_for_update().get(pk=criteria_version.alliance_id)
    number = CriteriaVersion.objects.filter(alliance=alliance).aggregate(last=Max("version"))["last"] + 1
    draft = CriteriaVersion.objects.create(
        alliance=alliance, version=number, published_at=None, overall_threshold=criteria_version.overall_threshold
    )
    Criterion.objects.bulk_create(
        Criterion(criteria_version=draft, **{name: getattr(criterion, name) for name in CRITERION_FIELDS})
        for criterion in criteria_version.criteria.order_by("position")
    )
    record(
        actor=by,
        action="criteria_version.copied",
        target=draft,
        data={"from_version": criteria_version.version, "version": draft.version},
    )
    return draft


@transaction.atomic
def copy_terms_of_reference(*, terms: TermsOfReference, by: User | None) -> TermsOfReference:
    """A new draft version of the Terms of Reference with the same text, to be edited and published."""
    alliance = Alliance.objects.select_for_update().get(pk=terms.alliance_id)
    number = TermsOfReference.objects.filter(alliance=alliance).aggregate(last=Max("version"))["last"] + 1
    draft = TermsOfReference.objects.create(
        alliance=alliance,
        version=number,
        effective_from=terms.effective_from,
        published_at=None,
        # The text in every language (text_en, text_fr, ...: alliances/translation.py).
        **{name: getattr(terms, name) for name in get_translation_fields("text")},
    )
    record(
        actor=by,
        action="terms_of_reference.copied",
        target=draft,
        data={"from_version": terms.version, "version": draft.version},
    )
    return draft
