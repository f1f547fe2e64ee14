from django.http import Http404
from django.shortcuts import get_object_or_404


def get_object_or_404_unless_permitted(user, queryset, perm, **lookup):
    """The object, if the user holds `perm` on it; otherwise 404, so that nobody learns it exists."""
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, obj):
        raise Http404
    return obj


def require_permission_or_404(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise Http404
