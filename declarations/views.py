from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.permissions import get_object_or_404_unless_permitted
from declarations import services
from declarations.forms import CheckCopyForm, SignDeclarationForm
from declarations.models import Signature
from declarations.selectors import current_declaration_version, declarations_awaiting_signature, has_signed
from documents.responses import pdf_download
from memberships.models import Membership


def _signature(request, pk):
    return get_object_or_404_unless_permitted(
        request.user,
        Signature.objects.select_related("organisation", "declaration_version", "application"),
        "declarations.view_signature",
        pk=pk,
    )


@login_required
@require_safe
def signed_pdf(request, pk):
    signature = _signature(request, pk)
    if not signature.pdf_ready:
        raise Http404
    return pdf_download(signature.pdf, f"{signature.download_stem}.pdf")


@login_required
@require_safe
def scan(request, pk):
    signature = _signature(request, pk)
    if not signature.scan:
        raise Http404
    return pdf_download(signature.scan, f"{signature.download_stem}-scan.pdf")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verification(request, pk):
    """The verification of the record, and a check of a copy the visitor holds (POST; nothing is stored)."""
    signature = _signature(request, pk)
    result = services.verify(signature)
    form = CheckCopyForm(request.POST or None, request.FILES or None)
    copy_check = None
    if request.method == "POST" and form.is_valid():
        copy_check = services.check_copy(signature=signature, content=form.cleaned_data["content"])
    return render(
        request,
        "declarations/verification.html",
        {"result": result, "signature": signature, "form": form, "copy_check": copy_check},
    )


@login_required
@require_safe
def awaiting_signature(request):
    """The Declarations that the user's member organisations are asked to sign (a new version was published)."""
    return render(request, "declarations/awaiting.html", {"awaiting": declarations_awaiting_signature(request.user)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sign_for_membership(request, membership_pk):
    membership = get_object_or_404_unless_permitted(
        request.user,
        Membership.objects.select_related("organisation", "alliance"),
        "declarations.sign_for_membership",
        pk=membership_pk,
    )
    version = current_declaration_version(membership.alliance)
    if version is None or has_signed(membership.organisation_id, version):
        messages.info(request, _("Your organisation has signed the current Declaration of this alliance."))
        return redirect("declarations:awaiting")
    form = SignDeclarationForm.for_organisation(
        membership.organisation, request.POST or None, request.FILES or None, languages=version.languages
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_for_membership(
                membership=membership,
                by=request.user,
                signatory_name=form.cleaned_data["signatory_name"],
                signatory_position=form.cleaned_data["signatory_position"],
                language=form.cleaned_data["language"],
                scan=form.cleaned_data.get("scan"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The Declaration is signed. Its PDF is being prepared."))
            return redirect("declarations:awaiting")
    return render(
        request,
        "declarations/sign_for_membership.html",
        {"membership": membership, "declaration": version, "form": form},
    )
