from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info

from declarations.selectors import declarations_awaiting_signature

register = template.Library()


@register.simple_tag
def awaiting_signature(user):
    """The (membership, version) pairs the user's member organisations are asked to sign, for a notice."""
    return declarations_awaiting_signature(user)


@register.simple_tag
def declaration_texts(declaration):
    """The version's text in each language it has, the reader's language (else English) first and `shown`."""
    languages = declaration.languages
    shown = get_language() if get_language() in languages else settings.LANGUAGE_CODE
    texts = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "text": declaration.text_in(code),
            "shown": code == shown,
        }
        for code in languages
    ]
    return sorted(texts, key=lambda item: not item["shown"])
