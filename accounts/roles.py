"""The Commission's and the secretariat's roles: groups given by an administrator, never chosen by a user."""

from django.utils.translation import gettext_lazy as _

REVIEWER = "Reviewers"
DECISION_MAKER = "Decision makers"
SECRETARIAT = "Secretariat"
ADMINISTRATOR = "Administrators"

ROLE_LABELS = {
    REVIEWER: _("Reviewer"),
    DECISION_MAKER: _("Decision maker"),
    SECRETARIAT: _("Secretariat"),
    ADMINISTRATOR: _("Administrator"),
}

# Commission staff must have MFA before they reach any staff page.
COMMISSION_ROLES = frozenset({REVIEWER, DECISION_MAKER, ADMINISTRATOR})
# Everyone who sees other organisations' data signs in with a second factor (accounts/mfa.py).
MFA_ROLES = COMMISSION_ROLES | {SECRETARIAT}


def role_names(user):
    """The user's role names, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role):
    return role in role_names(user)


def is_commission_staff(user):
    return user.is_authenticated and (user.is_superuser or bool(role_names(user) & COMMISSION_ROLES))
