from django import template

from declarations.selectors import declarations_awaiting_signature

register = template.Library()


@register.simple_tag
def awaiting_signature(user):
    """The (membership, version) pairs the user's member organisations are asked to sign, for a notice."""
    return declarations_awaiting_signature(user)
