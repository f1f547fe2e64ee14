"""The two doors to the declared policy (each app's `rules.py`): one for views, one for services.

Views answer 404 for whatever a user may not see or do, so that nobody learns that an object exists; services
raise `NotPermitted` (a `PermissionDenied`), so that code calling them for a user cannot skip the policy.
Neither re-states a rule: both ask `user.has_perm(perm, obj)`, which asks the rules backend.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class NotPermitted(PermissionDenied):
    """The actor does not hold the permission a service needs (views that catch PermissionDenied show it)."""


def get_object_or_404_unless_permitted(user, queryset, perm, **lookup):
    """The object, if the user holds `perm` on it; otherwise 404, so that nobody learns it exists."""
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(perm, obj):
        raise Http404
    return obj


def require_permission_or_404(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise Http404


def require(user, perm: str, obj=None, message: str | None = None) -> None:
    """For services acting for `user`: raise NotPermitted unless the declared policy grants `perm` on `obj`."""
    if user is None or not user.has_perm(perm, obj):
        logger.warning("Refused %s on %r to user %s", perm, obj, getattr(user, "pk", None))
        raise NotPermitted(message or _("You may not do this."))
