"""Predicates about who a user is, shared by every app's rules.py."""

import rules

from accounts import roles


@rules.predicate
def is_reviewer(user):
    return roles.has_role(user, roles.REVIEWER)


@rules.predicate
def is_decision_maker(user):
    return roles.has_role(user, roles.DECISION_MAKER)


@rules.predicate
def is_secretariat(user):
    return roles.has_role(user, roles.SECRETARIAT)


@rules.predicate
def is_administrator(user):
    return user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR)


@rules.predicate
def is_commission_staff(user):
    return roles.is_commission_staff(user)
