"""Who must sign in with a second factor, and the fresh e-mail confirmation that opens enrolling the first one.

Everyone who sees other organisations' data needs MFA: Commission staff (reviewers, decision makers),
the secretariat, administrators, superusers and anyone the Django admin lets in (is_staff). Enrolling
the first authenticator needs a one-time code e-mailed to the user's verified address: a stolen password
alone must not be enough to attach the thief's phone to a staff account.
"""

import hmac
import logging
import secrets
import smtplib
import time

from allauth.account.authentication import get_authentication_records
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac

from accounts.models import User
from accounts.roles import MFA_ROLES, role_names

logger = logging.getLogger(__name__)

# Session keys of the enrolment confirmation.
PENDING_CODE = "mfa_enrolment_code"
CONFIRMED_AT = "mfa_enrolment_confirmed_at"
# A code is valid for this long, and a confirmation opens enrolment for this long.
CODE_VALID_SECONDS = 10 * 60
CONFIRMATION_VALID_SECONDS = 10 * 60
MAX_ATTEMPTS = 5


def requires_mfa(user: User) -> bool:
    """True for everyone who sees other organisations' data (see the module docstring)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or bool(role_names(user) & MFA_ROLES)


def user_has_mfa(user: User, request: HttpRequest | None = None) -> bool:
    """Whether the user has a TOTP authenticator.

    One used to sign in to this session answers without a query (allauth records it in the session): every
    page of a signed-in member of staff would otherwise ask the database again.
    """
    if request is not None and any(
        record.get("method") == "mfa" and record.get("type") == Authenticator.Type.TOTP
        for record in get_authentication_records(request, user)
    ):
        return True
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def has_second_factor(user: User) -> bool:
    """An authenticator app or key; recovery codes alone do not count (they back one up)."""
    return Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.RECOVERY_CODES).exists()


def without_second_factor() -> QuerySet[User]:
    """The active people who must have MFA and have no authenticator app or key yet: the portal sends them to
    set one up at their next login (RequireStaffMFAMiddleware), so nothing of theirs is reachable until then."""
    must = Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name__in=MFA_ROLES)
    equipped = Authenticator.objects.exclude(type=Authenticator.Type.RECOVERY_CODES).values("user_id")
    return User.objects.filter(must, is_active=True).exclude(pk__in=equipped).distinct().order_by("full_name", "email")


def session_age_for(user: User) -> int:
    """Staff sessions last a working day; everyone else's the site default."""
    return settings.MFA_USER_SESSION_AGE if requires_mfa(user) else settings.SESSION_COOKIE_AGE


def enrolment_confirmed(request: HttpRequest) -> bool:
    confirmed_at = request.session.get(CONFIRMED_AT)
    return confirmed_at is not None and time.time() - confirmed_at < CONFIRMATION_VALID_SECONDS


def verified_address(user: User) -> str | None:
    address = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary").first()
    return address.email if address else None


def _digest(code: str) -> str:
    return salted_hmac("accounts.mfa.enrolment", code).hexdigest()


def send_enrolment_code(request: HttpRequest) -> bool:
    """E-mail a fresh one-time code to the user's verified address; False when there is none or it failed."""
    address = verified_address(request.user)
    if address is None:
        logger.warning("MFA enrolment refused: user %s has no verified e-mail address", request.user.pk)
        return False
    code = f"{secrets.randbelow(10**8):08d}"
    request.session[PENDING_CODE] = {"digest": _digest(code), "sent_at": time.time(), "attempts": 0}
    request.session.pop(CONFIRMED_AT, None)
    context = {"code": code, "minutes": CODE_VALID_SECONDS // 60}
    # Sent at once, not queued: the person waits for it, and a one-time code is not kept in the database.
    try:
        send_mail(
            subject=" ".join(render_to_string("accounts/email/enrolment_code_subject.txt", context).split()),
            message=render_to_string("accounts/email/enrolment_code_body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
        )
    except (OSError, smtplib.SMTPException) as error:
        logger.error("MFA enrolment code not sent to user %s: %s", request.user.pk, error)
        request.session.pop(PENDING_CODE, None)
        return False
    return True


def has_pending_code(request: HttpRequest) -> bool:
    pending = request.session.get(PENDING_CODE)
    return bool(pending) and time.time() - pending["sent_at"] < CODE_VALID_SECONDS


def confirm_enrolment_code(request: HttpRequest, code: str) -> bool:
    """Check the code (a few attempts, then a new code is needed); on success open enrolment for a while."""
    pending = request.session.get(PENDING_CODE)
    if not pending or time.time() - pending["sent_at"] >= CODE_VALID_SECONDS or pending["attempts"] >= MAX_ATTEMPTS:
        return False
    if not hmac.compare_digest(pending["digest"], _digest(code.strip())):
        pending["attempts"] += 1
        request.session[PENDING_CODE] = pending
        logger.warning("MFA enrolment code refused for user %s", request.user.pk)
        return False
    del request.session[PENDING_CODE]
    request.session[CONFIRMED_AT] = time.time()
    return True
