"""The rules of an application's life. Every change of state goes through `transition`."""

import logging
from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require
from alliances.models import Alliance, Criterion
from alliances.selectors import current_criteria_version
from applications.content import frozen_content
from applications.models import Application, CriterionAnswer, SupportingDocument
from applications.selectors import missing_for_submission
from applications.signals import snapshot_parts
from audit.services import record
from documents.uploads import store_pdf
from notifications.recipients import organisation_emails
from notifications.services import queue_email
from organisations.models import Organisation

logger = logging.getLogger(__name__)


class TransitionNotAllowed(ValidationError):
    pass


class ApplicationAlreadyOpen(ValidationError):
    pass


@transaction.atomic
def transition(
    *, application: Application, to_state: str, by: User | None, reason: str = "", notify: bool = True
) -> Application:
    """Move an application to another state: check the move, record it, notify the people concerned."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    from_state = application.state
    if to_state not in Application.ALLOWED_MOVES[from_state]:
        logger.warning(
            "Refused to move application %s from %s to %s (by user %s)",
            application.pk,
            from_state,
            to_state,
            getattr(by, "pk", None),
        )
        raise TransitionNotAllowed(
            _("An application cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Application.State(from_state).label, "to": Application.State(to_state).label}
        )
    now = timezone.now()
    application.state = to_state
    if to_state == Application.State.SUBMITTED:
        application.submitted_at = now
    if to_state in (Application.State.APPROVED, Application.State.REJECTED):
        application.decided_at = now
    application.save(update_fields=["state", "submitted_at", "decided_at", "updated_at"])
    entry = record(
        actor=by,
        action="application.state_changed",
        target=application,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )
    logger.info(
        "Application %s moved from %s to %s (by user %s)", application.pk, from_state, to_state, getattr(by, "pk", None)
    )
    if notify:
        notify_applicant(application=application, event=to_state, reason=reason, key=f"audit:{entry.pk}")
    return application


def notify_applicant(*, application: Application, event: str, key: str, reason: str = "") -> None:
    """E-mail every person acting for the applicant organisation about what happened to its application.

    `key` names the occasion, so that the same notification is never sent twice.
    """
    queue_email(
        key=f"application:{application.pk}:{event}:{key}",
        to=organisation_emails(application.organisation),
        template="applications/email/state_changed",
        context={
            "application": application,
            "event": event,
            "reason": reason,
            "state_label": Application.State(application.state).label,
            "State": Application.State,
        },
    )


@transaction.atomic
def start_application(*, organisation: Organisation, alliance: Alliance, by: User) -> Application:
    require(by, "applications.start_application", organisation, _("Only people of the organisation apply for it."))
    if not alliance.is_open:
        raise ValidationError(_("%(alliance)s is not open for applications.") % {"alliance": alliance.name})
    if not organisation.has_eu_legal_representative:
        raise ValidationError(
            _(
                "%(org)s is not eligible: the Alliances are open only to organisations with a legal representative "
                "in an EU member state."
            )
            % {"org": organisation.legal_name}
        )
    criteria_version = current_criteria_version(alliance)
    if criteria_version is None:
        raise ValidationError(_("%(alliance)s has no published criteria yet.") % {"alliance": alliance.name})
    try:
        with transaction.atomic():
            application = Application.objects.create(
                organisation=organisation,
                alliance=alliance,
                criteria_version=criteria_version,
                created_by=by,
                value_chain_segments=list(organisation.value_chain_segments),
                technology_areas=list(organisation.technology_areas),
                relevant_activities=organisation.activities_description,
            )
    except IntegrityError as error:
        raise ApplicationAlreadyOpen(
            _("%(org)s already has an open application to %(alliance)s.")
            % {"org": organisation.legal_name, "alliance": alliance.name}
        ) from error
    record(actor=by, action="application.created", target=application, to_state=application.state)
    return application


def _ensure_editable(application: Application) -> None:
    if not application.is_editable:
        raise PermissionDenied(_("A submitted application can no longer be changed."))


@transaction.atomic
def save_step(
    *, application: Application, by: User, fields: dict[str, Any], working_groups: Iterable | None = None
) -> Application:
    """Save one step of the form as draft."""
    _ensure_editable(application)
    require(by, "applications.change_application", application, _("Only the applicant changes its draft."))
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    if working_groups is not None:
        application.working_groups.set(working_groups)
    return application


@transaction.atomic
def save_answers(*, application: Application, by: User, answers: dict[Criterion, dict[str, Any]]) -> None:
    """`answers` maps a criterion to {"meets": bool|None, "text": str}."""
    _ensure_editable(application)
    require(by, "applications.change_application", application, _("Only the applicant changes its draft."))
    existing = {answer.criterion_id: answer for answer in application.answers.all()}
    to_create, to_update = [], []
    for criterion, values in answers.items():
        answer = existing.get(criterion.pk)
        if answer is None:
            to_create.append(CriterionAnswer(application=application, criterion=criterion, **values))
        else:
            answer.meets, answer.text = values["meets"], values["text"]
            to_update.append(answer)
    CriterionAnswer.objects.bulk_create(to_create)
    CriterionAnswer.objects.bulk_update(to_update, ["meets", "text"])
    application.save(update_fields=["updated_at"])


@transaction.atomic
def add_document(
    *,
    application: Application,
    by: User,
    title: str,
    uploaded_file: UploadedFile,
    proves_non_eu_control_measures: bool = False,
) -> SupportingDocument:
    _ensure_editable(application)
    require(by, "applications.change_application", application, _("Only the applicant changes its draft."))
    document = SupportingDocument(
        application=application,
        title=title,
        # The mark means something only where the proof is asked for.
        proves_non_eu_control_measures=proves_non_eu_control_measures
        and application.organisation.is_controlled_outside_eu,
        uploaded_by=by,
    )
    # The stored file is named after its fingerprint (document_path), so store_pdf sets it first.
    stored = store_pdf(uploaded_file, into=document.file, sha256_field="sha256")
    document.original_name, document.size = stored.original_name, stored.size
    document.save()
    record(
        actor=by,
        action="application.document_added",
        target=application,
        data={"document": document.pk, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def remove_document(*, document: SupportingDocument, by: User) -> None:
    _ensure_editable(document.application)
    require(by, "applications.change_application", document.application, _("Only the applicant changes its draft."))
    record(
        actor=by,
        action="application.document_removed",
        target=document.application,
        data={"document": document.pk, "sha256": document.sha256},
    )
    document.file.delete(save=False)
    document.delete()


@transaction.atomic
def submit(*, application: Application, by: User) -> Application:
    require(by, "applications.submit_application", application, _("Only the applicant submits its draft."))
    missing = missing_for_submission(application)
    if missing:
        raise ValidationError(missing)
    application.snapshot = build_snapshot(application)
    application.save(update_fields=["snapshot", "updated_at"])
    return transition(application=application, to_state=Application.State.SUBMITTED, by=by)


def withdraw(*, application: Application, by: User, reason: str) -> Application:
    # A move the life cycle does not allow is refused by transition(), for everyone alike.
    if application.can_be_withdrawn:
        require(
            by, "applications.withdraw_application", application, _("Only the applicant withdraws its application.")
        )
    return transition(application=application, to_state=Application.State.WITHDRAWN, by=by, reason=reason)


def build_snapshot(application: Application) -> dict[str, Any]:
    """What the applicant submitted, frozen, for the reviewers and the record."""
    return {
        **frozen_content(application),
        # The apps above add theirs (declarations: the signed Declaration).
        **{
            key: value
            for _receiver, part in snapshot_parts.send(sender=Application, application=application)
            for key, value in cast(dict[str, Any], part).items()
        },
    }
