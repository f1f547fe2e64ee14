"""What the public pages show changed: forget their cached copies (common.public_pages).

The models whose rows the front page, an alliance's page and the member lists render. A change made with
`QuerySet.update()` sends no signal: the cached copies then expire within common.public_pages.TIMEOUT.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from common.public_pages import public_pages_changed

SHOWN_IN_PUBLIC = (
    "alliances",  # every model: the alliances, their terms of reference, criteria and windows
    "declarations.DeclarationVersion",
    "deliverables",  # every model: what is published on an alliance's page
    "memberships.Membership",
    "organisations.Organisation",
    "workinggroups.WorkingGroup",
)


def _changed(sender, **kwargs):
    public_pages_changed()


def connect() -> None:
    for label in SHOWN_IN_PUBLIC:
        models = [apps.get_model(label)] if "." in label else list(apps.get_app_config(label).get_models())
        for model in models:
            uid = f"public-pages:{model._meta.label}"
            post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:delete")
