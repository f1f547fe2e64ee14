"""A deliverable's life cycle (as data, with one `transition`), its details and its rapporteurs."""

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from audit.selectors import entries_for
from audit.services import record
from deliverables import recipients
from deliverables.models import Deliverable, Rapporteur
from notifications.services import queue_email
from workinggroups.models import WorkingGroup
from workinggroups.selectors import voting_entries

logger = logging.getLogger(__name__)

State = Deliverable.State

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    State.DRAFTING: frozenset({State.IN_COMMENT_ROUND, State.PUT_TO_VOTE}),
    State.IN_COMMENT_ROUND: frozenset({State.DRAFTING}),
    State.PUT_TO_VOTE: frozenset({State.ADOPTED, State.DRAFTING}),
    State.ADOPTED: frozenset({State.ACKNOWLEDGED}),
    State.ACKNOWLEDGED: frozenset({State.PUBLISHED}),
    State.PUBLISHED: frozenset(),
}

# Who hears of each move, and with which e-mail: (template, recipients).
Notice = tuple[str, Callable[[Deliverable], list[str]]]

NOTIFY: dict[str, Notice] = {
    State.IN_COMMENT_ROUND: ("deliverables/email/round_opened", lambda d: recipients.group_emails(d.group)),
    State.ADOPTED: (
        "deliverables/email/adopted",
        lambda d: sorted({*recipients.commission_emails(), *recipients.group_emails(d.group)}),
    ),
    State.ACKNOWLEDGED: ("deliverables/email/acknowledged", recipients.writers_and_chairs),
    State.PUBLISHED: ("deliverables/email/published", lambda d: recipients.group_emails(d.group)),
}
NOTIFY_BACK_TO_DRAFTING: dict[str, Notice] = {
    State.IN_COMMENT_ROUND: ("deliverables/email/round_closed", recipients.rapporteur_emails),
    State.PUT_TO_VOTE: ("deliverables/email/not_carried", recipients.writers_and_chairs),
}


@transaction.atomic
def transition(
    *,
    deliverable: Deliverable,
    to: str,
    by: User | None,
    reason: str = "",
    context: dict | None = None,
    **fields: Any,
) -> Deliverable:
    """The one door between states: checks the move, sets the fields that go with it, audits and notifies.

    The row is locked so that two moves cannot both start from the same state.
    """
    deliverable = Deliverable.objects.select_for_update(of=("self",)).select_related("group").get(pk=deliverable.pk)
    current = deliverable.state
    if to not in ALLOWED_MOVES[current]:
        raise ValidationError(
            _("A deliverable cannot go from “%(from)s” to “%(to)s”.")
            % {"from": State(current).label, "to": State(to).label}
        )
    deliverable.state = to
    for name, value in fields.items():
        setattr(deliverable, name, value)
    deliverable.save()
    record(
        actor=by, action="deliverable.state_changed", target=deliverable, from_state=current, to_state=to, reason=reason
    )
    logger.info("Deliverable %s moved from %s to %s", deliverable.pk, current, to)
    notice = NOTIFY_BACK_TO_DRAFTING.get(current) if to == State.DRAFTING else NOTIFY.get(to)
    if notice is not None:
        template, who = notice
        queue_email(
            key=f"deliverable:{deliverable.pk}:{current}-{to}:{deliverable_move_count(deliverable)}",
            to=who(deliverable),
            template=template,
            context={"deliverable": deliverable, "reason": reason, **(context or {})},
        )
    return deliverable


def deliverable_move_count(deliverable: Deliverable) -> int:
    """How many moves the deliverable made: keeps each move's e-mail key unique, though states repeat."""
    return entries_for(deliverable).filter(action="deliverable.state_changed").count()


@transaction.atomic
def create_deliverable(
    *,
    group: WorkingGroup,
    by: User,
    title: str,
    kind: str,
    visibility: str = Deliverable.Visibility.GROUP,
    target_date: date | None = None,
    summary: str = "",
) -> Deliverable:
    require(by, "deliverables.manage_deliverable", group, _("The chairs or the secretariat create deliverables."))
    if not title.strip():
        raise ValidationError(_("Give the deliverable a title."))
    deliverable = Deliverable(
        group=group,
        title=title.strip(),
        kind=kind,
        visibility=visibility,
        target_date=target_date,
        summary=summary,
        created_by=by,
    )
    deliverable.full_clean()
    deliverable.save()
    record(actor=by, action="deliverable.created", target=deliverable, to_state=deliverable.state)
    logger.info("Deliverable %s created in group %s", deliverable.pk, group.pk)
    return deliverable


EDITABLE_FIELDS = ("title", "kind", "visibility", "target_date", "summary")


@transaction.atomic
def update_deliverable(*, deliverable: Deliverable, by: User, **fields: Any) -> Deliverable:
    require(
        by, "deliverables.manage_deliverable", deliverable, _("The chairs or the secretariat change a deliverable.")
    )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    deliverable = Deliverable.objects.select_for_update(of=("self",)).get(pk=deliverable.pk)
    if (
        deliverable.state == State.PUBLISHED
        and fields.get("visibility", deliverable.visibility) != deliverable.visibility
    ):
        raise ValidationError(_("A published deliverable stays public."))
    changed = {name: str(value) for name, value in fields.items() if getattr(deliverable, name) != value}
    for name, value in fields.items():
        setattr(deliverable, name, value)
    deliverable.full_clean()
    deliverable.save()
    record(actor=by, action="deliverable.updated", target=deliverable, data={"changed": changed})
    return deliverable


@transaction.atomic
def name_rapporteur(*, deliverable: Deliverable, user: User, by: User) -> Rapporteur:
    """Name a rapporteur: a named representative of an active member organisation, on the group's roster."""
    require(by, "deliverables.manage_deliverable", deliverable, _("The chairs or the secretariat name rapporteurs."))
    entry = voting_entries().filter(group_id=deliverable.group_id, user=user).select_related("organisation").first()
    if entry is None:
        raise ValidationError(
            _("%(person)s is not a representative of a member organisation on the group's roster.")
            % {"person": user.display_name}
        )
    if deliverable.is_adopted:
        raise ValidationError(_("The deliverable is adopted: its rapporteurs no longer change."))
    rapporteur, created = Rapporteur.objects.get_or_create(
        deliverable=deliverable, user=user, defaults={"organisation": entry.organisation, "named_by": by}
    )
    if not created:
        raise ValidationError(_("%(person)s is already a rapporteur.") % {"person": user.display_name})
    user.__dict__.pop("_rapporteur_ids", None)  # the per-request cache of selectors.rapporteur_deliverable_ids_of
    record(
        actor=by,
        action="deliverable.rapporteur_named",
        target=deliverable,
        data={"user": user.pk, "organisation": entry.organisation_id},
    )
    queue_email(
        key=f"deliverable:{deliverable.pk}:rapporteur:{rapporteur.pk}",
        to=[user.email],
        template="deliverables/email/rapporteur_named",
        context={"deliverable": deliverable, "rapporteur": rapporteur},
    )
    return rapporteur


@transaction.atomic
def remove_rapporteur(*, rapporteur: Rapporteur, by: User) -> None:
    deliverable = rapporteur.deliverable
    require(by, "deliverables.manage_deliverable", deliverable, _("The chairs or the secretariat name rapporteurs."))
    record(actor=by, action="deliverable.rapporteur_removed", target=deliverable, data={"user": rapporteur.user_id})
    rapporteur.delete()
