from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import mfa
from accounts.forms import EnrolmentCodeForm
from accounts.languages import save_language


@never_cache
@login_required
def confirm_enrolment(request):
    """Before the first authenticator is set up, confirm a one-time code e-mailed to the verified address."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("mfa_activate_totp")
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and "resend" in request.POST:
        form = EnrolmentCodeForm()
        _send(request)
    elif request.method == "POST" and form.is_valid():
        if mfa.confirm_enrolment_code(request, form.cleaned_data["code"]):
            return redirect(next_url)
        form.add_error("code", _("This code is wrong or has expired. Ask for a new one if needed."))
    elif request.method != "POST" and not mfa.has_pending_code(request):
        _send(request)
    return render(request, "accounts/confirm_enrolment.html", {"form": form, "next": next_url})


def _send(request):
    if mfa.send_enrolment_code(request):
        messages.info(request, _("We have e-mailed you a code."))
    else:
        messages.error(
            request,
            _(
                "We could not e-mail you a code (no verified address, or the mail server is down). "
                "Try again later or ask an administrator."
            ),
        )


def _set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    if request.user.is_authenticated:
        save_language(user=request.user, language=request.POST.get("language", ""))
    return response


_set_language_checked = csrf_protect(_set_language)


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie, and back to `next`), and for a signed-in user the saved preference,
    which e-mails and PDFs follow too.

    The CSRF token is checked for signed-in people, whose saved preference it changes. An anonymous visitor's
    choice is a cookie of their own browser, and the public pages they read are cached for every visitor
    (common.page_cache): their switcher carries no token, which another visitor's page could not share.
    """
    if request.user.is_authenticated:
        return _set_language_checked(request)
    return _set_language(request)
