from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from alliances.models import Alliance
from alliances.selectors import current_criteria_version, current_terms_of_reference
from common.page_cache import public_page


@require_safe
@public_page
def alliance_detail(request, slug):
    """What an applicant needs to know before applying; public, so only published versions are shown."""
    alliance = get_object_or_404(Alliance, slug=slug)
    return render(
        request,
        "alliances/detail.html",
        {
            "alliance": alliance,
            "terms": current_terms_of_reference(alliance),
            "criteria_version": current_criteria_version(alliance),
            "working_groups": alliance.working_groups.filter(is_active=True).order_by("name"),
        },
    )
