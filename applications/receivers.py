"""How applications answers the apps below it."""

from django.dispatch import receiver

from alliances.signals import criteria_version_in_use
from applications.selectors import criteria_version_in_use as applications_rest_on


@receiver(criteria_version_in_use, dispatch_uid="applications.criteria_version_in_use")
def criteria_version_assessed(sender, *, criteria_version, **kwargs) -> bool:
    return applications_rest_on(criteria_version)
