from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.languages import save_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie, and back to `next`), and for a signed-in user the saved preference,
    which e-mails and PDFs follow too."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        save_language(user=request.user, language=request.POST.get("language", ""))
    return response
