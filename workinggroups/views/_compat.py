"""TEMPORARY until the Foundation commit lands common.views (same signatures)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def error_text(error: Exception) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error) or _("Not allowed.")])


def perform(request: HttpRequest, action: Callable[[], Any], *, success: str, redirect_to: str) -> HttpResponseRedirect:
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success)
    return redirect(redirect_to)


def paginate(request: HttpRequest, items: Any, *, per_page: int = 25) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))
