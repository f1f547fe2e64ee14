"""Pages kept in the cache while nothing they were built from has changed: the public ones and signed-in people's.

Building one of the main pages (a review queue, a working group, a ballot) costs 15 to 30 ms of a worker, half
of it in the templates; the public member list rendered 1,600 rows. Yet a page is read many times between two
changes to it. A kept page is stored with the version of every table its view read while building it
(common.table_versions). The next request for it checks those versions, two cache reads, and when none has
moved it is answered without running the view. Any write to one of those tables, by anyone and however made
(`QuerySet.update()` and raw SQL included), moves its version. Each copy also expires after
settings.PAGE_CACHE_TIMEOUT seconds, because a few things on a page follow the clock rather than the database
(a due date that passes).

- `public_page`: kept per path and language for visitors without a session (no sign-in, no message waiting).
  Their language switcher carries no CSRF token, which another visitor's copy could not share
  (accounts.views.set_language checks a token for signed-in people only).
- `personal_page`: a signed-in person's GET requests, kept per person, language and full path. The key also
  holds a stamp of the person as the middleware loaded them for this request, before the view: their account's
  fields and their roles. A role taken away, a new name or a deactivation therefore reaches the next request,
  while another person's login or sign-up does not rebuild anyone's pages. The CSRF token of the page's forms
  is written into each answer afresh. The permission checks inside the view are skipped on a hit: they read
  tables too, or the person's roles, so their answer cannot have changed while the copy stands.

Never kept: an answer other than 200, a streamed one, one that sets a cookie or a header of its own (a
download), one whose building wrote to the database, the session or the person's messages; nor anything while
a message waits to be shown.

Only a cache that every worker shares will do: a version moved in one worker's memory is unseen by the others.
With Redis unreachable (portal.cache) pages are built every time; the in-memory cache keeps pages only where one
process serves (runserver, the tests: settings.PAGE_CACHE_IN_PROCESS_MEMORY).
"""

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from accounts.roles import role_names
from common import table_versions

# Cookies that do not change an anonymous visitor's page (the language is part of the key).
NEUTRAL_COOKIES = frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACE = b"\x00csrf-token\x00"

View = Callable[..., HttpResponse]
# The password changes the session's own hash (Django signs the person out); the last login is shown nowhere kept.
SKIP = frozenset({"password", "last_login"})

# The tables each page kept lately depends on, in this process: a request for it then reads the page and those
# tables' versions in one cache call instead of two. Emptied when full; a page it does not know costs one call more.
_tables_of: dict[str, tuple[str, ...]] = {}
TABLES_REMEMBERED = 10_000


@dataclass(frozen=True)
class KeptPage:
    content: bytes
    content_type: str
    versions: dict[str, str]


def _enabled() -> bool:
    if settings.PAGE_CACHE_TIMEOUT <= 0:
        return False
    shared = getattr(cache, "shared", None)
    return shared() if callable(shared) else settings.PAGE_CACHE_IN_PROCESS_MEMORY


def _where(request: HttpRequest) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{get_language()}:{hashlib.sha256(where.encode()).hexdigest()}"


def _stamp(person: Any) -> str:
    """The person as loaded for this request (every field but the password and the last login) and their roles."""
    fields = [getattr(person, field.attname) for field in person._meta.concrete_fields if field.attname not in SKIP]
    return hashlib.sha256(repr((fields, sorted(role_names(person)))).encode()).hexdigest()[:32]


def _message_waiting(request: HttpRequest) -> bool:
    return len(messages.get_messages(request)) > 0


def _keepable(request: HttpRequest, response: HttpResponse, reading: table_versions.Reading) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and set(response.headers) == {"Content-Type"}
        and not reading.wrote
        and not request.session.modified
        and not _message_waiting(request)
    )


def _kept(key: str) -> KeptPage | None:
    """The kept page if no table it was built from has moved since."""
    kept, versions = table_versions.get_with_versions(key, _tables_of.get(key, ()))
    if not isinstance(kept, KeptPage):
        return None
    if versions.keys() != kept.versions.keys():
        # Kept by another worker, or from other tables than this process remembers: one more read.
        _remember(key, tuple(kept.versions))
        versions = table_versions.current(kept.versions)
    return kept if versions == kept.versions else None


def _remember(key: str, tables: tuple[str, ...]) -> None:
    if len(_tables_of) >= TABLES_REMEMBERED:
        _tables_of.clear()
    _tables_of[key] = tables


def _kept_or_built(request: HttpRequest, key: str, view: View, args: tuple, kwargs: dict) -> HttpResponse:
    kept = _kept(key)
    if kept is not None:
        content = (
            kept.content.replace(TOKEN_PLACE, get_token(request).encode())
            if TOKEN_PLACE in kept.content
            else kept.content
        )
        return HttpResponse(content, content_type=kept.content_type)
    writes_before = table_versions.versions([table_versions.WRITES])[table_versions.WRITES]
    with table_versions.recording() as reading:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
    if _keepable(request, response, reading):
        versions = table_versions.versions(reading.tables | {table_versions.EVERYTHING, table_versions.WRITES})
        # A write anywhere while the page was built may have come too late for the page and too early for the
        # versions just read: such a page is not kept.
        if versions.pop(table_versions.WRITES) == writes_before:
            content = CSRF_FIELD.sub(rb"\1" + TOKEN_PLACE + rb"\2", response.content)
            cache.set(key, KeptPage(content, response["Content-Type"], versions), settings.PAGE_CACHE_TIMEOUT)
            _remember(key, tuple(versions))
    return response


def public_page(view: View) -> View:
    """Answer anonymous visitors from the cache, per path and language, while the page stands."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        visitor = (
            request.method in {"GET", "HEAD"}
            and not request.user.is_authenticated
            and not set(request.COOKIES) - NEUTRAL_COOKIES
        )
        if not visitor or not _enabled():
            return view(request, *args, **kwargs)
        return _kept_or_built(request, f"public-page:{_where(request)}", view, args, kwargs)

    return wrapped


def personal_page(view: View) -> View:
    """Answer a signed-in person's GET requests from the cache while the page stands."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        signed_in = request.method == "GET" and request.user.is_authenticated
        if not signed_in or not _enabled() or _message_waiting(request):
            return view(request, *args, **kwargs)
        key = f"personal-page:{request.user.pk}:{_stamp(request.user)}:{_where(request)}"
        return _kept_or_built(request, key, view, args, kwargs)

    return wrapped
