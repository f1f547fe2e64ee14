"""Every URL pattern of the portal, read from the resolver, and how the access matrix requests it."""

from dataclasses import dataclass

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Django's admin and allauth's own pages are not the portal's: they are left out of the role matrix, and the test
# asserts that nothing else is. A portal page under accounts/ (the name page) stays in the matrix.
SKIPPED_PREFIXES = ("admin/", "accounts/")


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name"
    route: str  # the full route, e.g. "applications/<int:pk>/edit/<slug:step>/"
    converters: dict  # argument name -> converter class name ("IntConverter", "SlugConverter", ...)
    module: str  # where the view is defined


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            child_namespace = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), child_namespace)
        elif isinstance(entry, URLPattern):
            converters = {name: type(conv).__name__ for name, conv in entry.pattern.converters.items()}
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            module = getattr(entry.callback, "__module__", "") or ""
            yield Pattern(name=name, route=prefix + str(entry.pattern), converters=converters, module=module)


def all_patterns():
    """Every pattern the resolver knows, with its full route and the converters of its arguments."""
    return list(_walk(get_resolver().url_patterns))


def is_skipped(pattern):
    """Django's admin site, and allauth's own views under accounts/."""
    return pattern.route.startswith("admin/") or (
        pattern.route.startswith("accounts/") and pattern.module.startswith("allauth.")
    )


def portal_patterns():
    return [pattern for pattern in all_patterns() if not is_skipped(pattern)]


UNKNOWN_ID = 987654321


def request(world, role, method, url, data=None):
    """The status code `role` gets; whatever the request changes is rolled back, so every request sees one world."""
    client = Client()
    if world[role] is not None:
        client.force_login(world[role])
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)  # reading a streamed download to its end closes the file
        transaction.set_rollback(True)
    return response


def url_with_unknown(pattern_name, kwargs, argument, converter):
    """The URL with one argument replaced by an id (or slug, or token) that names nothing, and the same with a
    non-numeric value where the converter takes numbers (built from the route, since reverse() refuses it)."""
    if converter == "IntConverter":
        unknown = reverse(pattern_name, kwargs={**kwargs, argument: UNKNOWN_ID})
        return [unknown, unknown.replace(str(UNKNOWN_ID), "abc", 1), unknown.replace(str(UNKNOWN_ID), "-1", 1)]
    return [reverse(pattern_name, kwargs={**kwargs, argument: "no-such-thing"})]
