"""The alliance's public page lists its published deliverables through this tag (alliances sits below us)."""

from django import template

from deliverables.selectors import public_deliverables

register = template.Library()


@register.inclusion_tag("deliverables/includes/public_section.html")
def published_deliverables(alliance):
    return {"adopted": public_deliverables(alliance)}
