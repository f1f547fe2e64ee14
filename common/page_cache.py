"""A signed-in person's pages, kept while nothing they were built from has changed.

Building one of the main pages (a review queue, a working group, a ballot) costs 15 to 30 ms of a worker,
half of it in the templates, and a person reads the same page many times between two changes to it.
`personal_page` keeps a GET view's answer per person, language and full path together with the version of
every table the view read while building it (common.table_versions). The next request for it checks those
versions, two cache reads, and when none has moved it is answered without running the view. Any write to one
of those tables, by anyone and however made, moves its version. Each copy also expires after
settings.PAGE_CACHE_TIMEOUT seconds, because a few things on a page follow the clock rather than the database
(a due date that passes). Only a cache that every worker shares will do: a version moved in one worker's
memory is unseen by the others. With Redis unreachable (portal.cache) pages are built every time.

What is never kept:
- an answer other than 200, a streamed one, one that sets a cookie;
- one whose building wrote to the database, the session, or the person's messages;
- anything while a message waits to be shown to the person.

Every page also depends on the person's account and roles, which the middleware reads before the view runs
(a role taken away is a write to those tables). The CSRF token of the page's forms is written into each
answer afresh. The permission checks inside the view are skipped on a hit: they read tables too, so their
answer cannot have changed while the copy stands.
"""

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from common import table_versions

# Read by the authentication and MFA middleware before the view: who the person is and which roles they hold.
ALWAYS_READ = frozenset({"accounts_user", "accounts_user_groups", "auth_group", table_versions.EVERYTHING})
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACE = b"\x00csrf-token\x00"


@dataclass(frozen=True)
class KeptPage:
    content: bytes
    content_type: str
    versions: dict[str, str]


def _key(request: HttpRequest) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"personal-page:{request.user.pk}:{get_language()}:{hashlib.sha256(where.encode()).hexdigest()}"


def _message_waiting(request: HttpRequest) -> bool:
    return len(messages.get_messages(request)) > 0


def _answer(request: HttpRequest, kept: KeptPage) -> HttpResponse:
    content = kept.content.replace(TOKEN_PLACE, get_token(request).encode())
    return HttpResponse(content, content_type=kept.content_type)


def _keepable(request: HttpRequest, response: HttpResponse, reading: table_versions.Reading) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not reading.wrote
        and not request.session.modified
        and not _message_waiting(request)
    )


def _enabled() -> bool:
    if settings.PAGE_CACHE_TIMEOUT <= 0:
        return False
    shared = getattr(cache, "shared", None)
    return shared() if callable(shared) else settings.PAGE_CACHE_IN_PROCESS_MEMORY


def personal_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer the view's GET requests of signed-in people from the cache while it stands (module docstring)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.method != "GET" or not request.user.is_authenticated or not _enabled() or _message_waiting(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = cache.get(key)
        if isinstance(kept, KeptPage) and table_versions.unchanged(kept.versions):
            return _answer(request, kept)
        writes_before = table_versions.versions([table_versions.WRITES])
        with table_versions.recording() as reading:
            response = view(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if callable(render) and not getattr(response, "is_rendered", True):
                render()
        if _keepable(request, response, reading):
            versions = table_versions.versions(reading.tables | ALWAYS_READ | {table_versions.WRITES})
            if versions[table_versions.WRITES] == writes_before[table_versions.WRITES]:
                content = CSRF_FIELD.sub(rb"\1" + TOKEN_PLACE + rb"\2", response.content)
                cache.set(key, KeptPage(content, response["Content-Type"], versions), settings.PAGE_CACHE_TIMEOUT)
        return response

    return wrapped
