"""Public pages served from the cache to anonymous visitors: the front page, the member lists, the alliances.

They are the pages most read and the same for every visitor of a language: rendering the 1,600 members of an
alliance for each request cost about 90 ms. A visitor without a session (no sign-in, no message waiting) gets
the page rendered once per path and language; any change to what the public pages show (see
`portal.receivers`) calls `public_pages_changed()`, which moves every key to a new version at once, and each
copy also expires after `TIMEOUT` seconds as a safety net. Signed-in people, and anyone with a session, always
get the page fresh: their pages carry their name, their messages and a CSRF token of their own. The language
switcher of a cached page carries no token (accounts.views.set_language checks one for signed-in people only).
"""

import functools
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
TIMEOUT = 300
# Cookies that do not change an anonymous visitor's page (the language is part of the key).
NEUTRAL_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}


def public_pages_changed() -> None:
    """Forget every cached public page (a new version of all keys); called when what they show changes."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def cacheable(request: HttpRequest) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and not request.user.is_authenticated
        and not set(request.COOKIES) - NEUTRAL_COOKIES
    )


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's 200 answers to anonymous visitors from the cache, per path and language."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not cacheable(request):
            return view(request, *args, **kwargs)
        key = f"public-page:{_version()}:{get_language()}:{request.get_full_path()}"
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response

    return wrapped
