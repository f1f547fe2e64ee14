from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from accounts.permissions import get_object_or_404_unless_permitted
from declarations.models import Signature
from declarations.services import verify
from documents.responses import pdf_download


def _signature(request, pk):
    return get_object_or_404_unless_permitted(
        request.user,
        Signature.objects.select_related("organisation", "declaration_version", "application"),
        "declarations.view_signature",
        pk=pk,
    )


@login_required
def signed_pdf(request, pk):
    signature = _signature(request, pk)
    if not signature.pdf_ready:
        raise Http404
    return pdf_download(signature.pdf, f"declaration-{signature.application.reference}.pdf")


@login_required
def scan(request, pk):
    signature = _signature(request, pk)
    if not signature.scan:
        raise Http404
    return pdf_download(signature.scan, f"declaration-scan-{signature.application.reference}.pdf")


@login_required
def verification(request, pk):
    result = verify(_signature(request, pk))
    return render(request, "declarations/verification.html", {"result": result, "signature": result.signature})
