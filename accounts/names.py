"""People have names: sign-up asks for the full name, and an account without one is asked once, at its next page.

Lists, e-mails and PDFs then show the person's name (`User.display_name`), not their e-mail address.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

NAME_HELP = _("As you want it shown to the Commission, the secretariat and the other members, e.g. “Maria Rossi”.")


class FullNameField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Full name"), max_length=200, help_text=NAME_HELP, **kwargs)

    def clean(self, value):
        value = " ".join((value or "").split())
        return super().clean(value)


class SignupForm(forms.Form):
    """allauth's sign-up form takes these fields first (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = FullNameField()

    def signup(self, request: HttpRequest, user) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.save(update_fields=["full_name"])


class NameForm(forms.Form):
    full_name = FullNameField()


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ask_name(request: HttpRequest) -> HttpResponse:
    form = NameForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        request.user.full_name = form.cleaned_data["full_name"]
        request.user.save(update_fields=["full_name"])
        return redirect(_next_url(request))
    return render(request, "accounts/name.html", {"form": form, "next": _next_url(request)})


class AskForNameMiddleware:
    """Send a signed-in person without a name to the name page once, before any page of the portal.

    Account pages (allauth), the name page, health checks and files are left alone, as are requests
    other than GET: a person may always sign out, or finish what they were doing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if request.method not in {"GET", "HEAD"} or user is None or not user.is_authenticated or user.full_name:
            return None
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith(("allauth.", "django.contrib.admin", "django.views.static", "django.views.i18n")):
            return None
        if view_func is ask_name or getattr(view_func, "__wrapped__", None) is ask_name:
            return None
        if request.resolver_match and request.resolver_match.url_name in {"healthz", "set_language"}:
            return None
        return redirect(f"{reverse('account_name')}?{urlencode({'next': request.get_full_path()})}")
