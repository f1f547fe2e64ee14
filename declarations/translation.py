"""Each Declaration version's title and text in every language of settings.LANGUAGES (django-modeltranslation).

A signature keeps the text exactly as signed in the language the signer chose (Signature.language).
"""

from modeltranslation.translator import TranslationOptions, register

from declarations.models import DeclarationVersion


@register(DeclarationVersion)
class DeclarationVersionTranslation(TranslationOptions):
    fields = ("title", "text")
