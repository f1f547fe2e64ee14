"""The administrator's section: who holds each role, who cannot work yet, and the tools to change that."""

from django.contrib.auth.models import Group as Role
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import roles
from accounts.mfa import without_second_factor
from portal.home.base import LIMIT, Item, Section, group_of

# Administrator -------------------------------------------------------------------------------------------------


def administrator_section(user) -> Section:
    users = reverse("admin:accounts_user_changelist")
    held = (
        Role.objects.filter(name__in=roles.ROLE_LABELS)
        .annotate(people=Count("user", filter=Q(user__is_active=True)))
        .order_by("name")
    )
    waiting = without_second_factor()
    actions = [Item(text=_("Review queue"), url=reverse("reviews:queue"))]
    if user.is_staff:  # the Django admin lets in staff accounts only
        actions = [
            Item(text=_("People and roles"), url=users),
            Item(text=_("Audit trail"), url=reverse("admin:audit_auditentry_changelist")),
            *actions,
        ]
    return Section(
        key="administrator",
        title=_("Administration"),
        actions=actions,
        groups=[
            group_of(
                _("People in each role"),
                [
                    Item(
                        text=str(roles.ROLE_LABELS[role.name]),
                        url=f"{users}?groups__id__exact={role.pk}",
                        note=ngettext("%(count)d active person", "%(count)d active people", role.people)
                        % {"count": role.people},
                    )
                    for role in held
                ],
                len(held),
                _("No role is defined."),
            ),
            group_of(
                _("Staff without a second factor"),
                [
                    Item(
                        text=person.display_name,
                        url=reverse("admin:accounts_user_change", args=[person.pk]),
                        note=_("asked to set up an authenticator app at their next login"),
                        urgent=True,
                    )
                    for person in waiting[:LIMIT]
                ],
                waiting.count(),
                _("Every member of staff signs in with a second factor."),
            ),
        ],
    )
