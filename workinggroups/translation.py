"""The working groups' names and mandates in every language of settings.LANGUAGES (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from workinggroups.models import WorkingGroup


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "mandate")
