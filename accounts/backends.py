"""The authentication backends: Django's and allauth's, loading the signed-in person with their roles at once.

Every signed-in request loads the person the session names, and the MFA check (accounts.middleware) then
needs their roles. Django reads the two with two ORM queries, whose building cost more than a kept page's
whole answer (common.page_cache): about 1 ms of a worker on every request. Here one plain SQL statement reads
the person's row and the names of their groups (accounts.roles.role_names finds them on the user).
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connection

from accounts.models import User

SEPARATOR = "\x1f"  # the ASCII unit separator: never part of a group's name


def _person_with_role_names_sql() -> str:
    aggregate = "group_concat(g.name, %s)" if connection.vendor == "sqlite" else "string_agg(g.name, %s)"
    memberships = User.groups.through._meta.db_table
    return (
        f"SELECT u.*, (SELECT {aggregate} FROM {Group._meta.db_table} g "  # noqa: S608 - table names from _meta
        f"JOIN {memberships} m ON m.group_id = g.id WHERE m.user_id = u.id) AS joined_role_names "
        f"FROM {User._meta.db_table} u WHERE u.id = %s"
    )


def person_with_role_names(user_id: object) -> User | None:
    """The user with the given id, their role names already on them; None if there is none."""
    person = next(iter(User.objects.raw(_person_with_role_names_sql(), [SEPARATOR, user_id])), None)
    if person is not None:
        joined = person.joined_role_names or ""
        person._role_names = frozenset(name for name in joined.split(SEPARATOR) if name)
    return person


class _LoadsRoleNames:
    def get_user(self, user_id):
        person = person_with_role_names(user_id)
        return person if person is not None and self.user_can_authenticate(person) else None


class PersonModelBackend(_LoadsRoleNames, ModelBackend):
    """Django's backend (the admin's logins; the tests' force_login)."""


class PersonAuthenticationBackend(_LoadsRoleNames, AuthenticationBackend):
    """allauth's backend (the portal's login by e-mail address)."""
