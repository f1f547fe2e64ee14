from accounts.roles import DECISION_MAKER, REVIEWER, SECRETARIAT, has_role, is_commission_staff


def roles(request):
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "is_reviewer": has_role(user, REVIEWER),
        "is_decision_maker": has_role(user, DECISION_MAKER),
        "is_secretariat": has_role(user, SECRETARIAT),
        "is_commission_staff": is_commission_staff(user),
    }
