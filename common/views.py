"""The two things every view does the same way: run a POST action with its message, and paginate a list."""

import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect

logger = logging.getLogger(__name__)

PER_PAGE = 25


def error_text(error: ValidationError) -> str:
    """A service's refusal as one sentence for a message (its messages joined)."""
    return " ".join(error.messages)


def perform(
    request: HttpRequest, action: Callable[[], Any], *, success: str | None, redirect_to: Any
) -> HttpResponseRedirect:
    """Run a service for a POST, show what came of it, and redirect (post/redirect/get).

    A refusal (`ValidationError`) is shown as an error message and changes nothing: the service's
    transaction was rolled back. `redirect_to` is anything `django.shortcuts.redirect` takes.
    """
    try:
        action()
    except ValidationError as error:
        logger.warning("Refused for user %s on %s: %s", request.user.pk, request.path_info, error_text(error))
        messages.error(request, error_text(error))
    else:
        if success:
            messages.success(request, success)
    return redirect(redirect_to)


def paginate(request: HttpRequest, items: QuerySet | Sequence, *, per_page: int = PER_PAGE) -> Page:
    """The page of `items` the request asks for (`?page=`); a malformed or past-the-end number gives a real page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
