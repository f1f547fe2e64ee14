"""The alliances' reference data in every language of settings.LANGUAGES (django-modeltranslation).

Each field below has a column per language (name_en, name_fr, ...); an empty one shows the English text.
"""

from modeltranslation.translator import TranslationOptions, register

from alliances.models import Alliance, Criterion, TermsOfReference


@register(Alliance)
class AllianceTranslation(TranslationOptions):
    fields = ("name", "short_name", "description")


@register(TermsOfReference)
class TermsOfReferenceTranslation(TranslationOptions):
    fields = ("text",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("title", "question", "guidance")
