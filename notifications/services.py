import hashlib
from collections.abc import Iterable
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from accounts.languages import languages_by_email
from notifications.models import OutgoingEmail


def queue_email(
    *,
    key: str,
    to: Iterable[str],
    template: str,
    context: dict[str, Any],
    attachments: list[dict[str, str]] | None = None,
) -> OutgoingEmail | None:
    """Record an e-mail and send it through Celery once the transaction commits.

    `template` names a pair `<template>_subject.txt` / `<template>_body.txt`, rendered in each recipient's saved
    language (accounts.languages; English by default), not the sender's: recipients of different languages get
    one e-mail per language, keyed `<key>:<language>`. Queuing the same key twice is a no-op, so a retried action or
    a reminder that runs again sends nothing twice. Returns the first e-mail recorded, or None.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    context = {**context, "site_url": settings.SITE_URL}
    by_language: dict[str, list[str]] = {}
    for address, language in languages_by_email(recipients).items():
        by_language.setdefault(language, []).append(address)
    queued = []
    for language, addresses in sorted(by_language.items()):
        email_key = key if len(by_language) == 1 else f"{key[:190]}:{language}"
        email = _record(
            key=email_key, to=addresses, template=template, context=context, attachments=attachments, language=language
        )
        if email is not None:
            queued.append(email)
    return queued[0] if queued else None


def _record(
    *, key: str, to: list[str], template: str, context: dict[str, Any], attachments: Any, language: str
) -> OutgoingEmail | None:
    with translation.override(language):
        subject = " ".join(render_plain_text(f"{template}_subject.txt", context).split())
        body = render_plain_text(f"{template}_body.txt", context)
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                key=key[:200], to=to, subject=subject[:300], body=body, attachments=attachments or []
            )
    except IntegrityError:
        return None
    # At call time: notifications.tasks imports this module.
    from notifications.tasks import send_email  # noqa: PLC0415 - notifications.tasks imports this module

    send_email.delay_on_commit(email.pk)
    return email


def render_plain_text(template_name: str, context: dict[str, Any]) -> str:
    """Render a plain-text template without HTML escaping: "R&D" stays "R&D" in an e-mail, not "R&amp;D"."""
    # The Django engine's template underneath, which takes a Context (django-stubs types only the wrapper).
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return template.render(Context(context, autoescape=False))


def message_id_for(key: str) -> str:
    """A Message-ID that is the same every time the same e-mail is sent: if a worker is killed after the
    mail server took the message but before the row says "sent", the copy sent again carries the same ID,
    which mail servers and clients treat as one message."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "alliance-portal"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def send_queued_email(*, email_id: int) -> OutgoingEmail:
    """Send one recorded e-mail unless it went already.

    The row is locked (select_for_update) and its status checked before SMTP, so two workers given the
    same message (a redelivery, the sweep) send it once. A transport error is recorded on the e-mail
    (committed) and then raised, so that the task retries.
    """
    failure = None
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.status == OutgoingEmail.Status.SENT:
            return email
        email.attempts += 1
        message = EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.to,
            headers={"Message-ID": message_id_for(email.key)},
        )
        for attachment in email.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        try:
            message.send()
        except Exception as error:
            failure = error
            email.status = OutgoingEmail.Status.FAILED
            email.last_error = str(error)[:2000]
            email.save(update_fields=["attempts", "status", "last_error"])
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
            email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if failure is not None:
        raise failure
    return email
