"""Versions: write or upload, read with numbered paragraphs, correct before it is frozen, compare two."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from deliverables import diff, forms, rendering, services
from deliverables.models import Version
from deliverables.views._common import AuthenticatedRequest, deliverable_or_404, version_or_404
from documents.responses import pdf_download


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def version_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    deliverable = deliverable_or_404(request, pk, "deliverables.write_version")
    latest = Version.objects.filter(deliverable=deliverable, pdf="").order_by("-number").first()
    form = forms.VersionForm(
        request.POST or None, request.FILES or None, initial={"text": latest.text if latest else ""}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("pdf"):
                version = services.upload_version(
                    deliverable=deliverable, by=request.user, uploaded_file=data["pdf"], note=data["note"]
                )
            else:
                version = services.write_version(
                    deliverable=deliverable, by=request.user, text=data["text"], note=data["note"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Version %(number)s is saved.") % {"number": version.number})
            return redirect(version.get_absolute_url())
    return render(request, "deliverables/version_form.html", {"form": form, "deliverable": deliverable})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def version_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    version = version_or_404(request, pk, "deliverables.write_version")
    if version.is_pdf:
        raise Http404
    form = forms.VersionEditForm(request.POST or None, initial={"text": version.text, "note": version.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_version(
                version=version, by=request.user, text=form.cleaned_data["text"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Version %(number)s is corrected.") % {"number": version.number})
            return redirect(version.get_absolute_url())
    return render(
        request,
        "deliverables/version_form.html",
        {"form": form, "deliverable": version.deliverable, "version": version},
    )


@login_required
@require_safe
def version_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    version = version_or_404(request, pk)
    return render(
        request,
        "deliverables/version_detail.html",
        {
            "version": version,
            "deliverable": version.deliverable,
            "blocks": [] if version.is_pdf else rendering.blocks(version.text),
            "can_edit": not version.is_frozen
            and not version.is_pdf
            and request.user.has_perm("deliverables.write_version", version.deliverable),
        },
    )


@login_required
@require_safe
def version_pdf(request: AuthenticatedRequest, pk: int) -> FileResponse:
    version = version_or_404(request, pk)
    if not version.is_pdf:
        raise Http404
    return pdf_download(version.pdf, f"deliverable-{version.deliverable_id}-v{version.number}.pdf")


@login_required
@require_safe
def version_compare(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Two written versions side by side: ?old=<number>&new=<number> (default: the two latest)."""
    deliverable = deliverable_or_404(request, pk)
    texts = Version.objects.filter(deliverable=deliverable, pdf="").order_by("-number")
    numbers = list(texts.values_list("number", flat=True))
    try:
        new = int(request.GET.get("new") or (numbers[0] if numbers else 0))
        old = int(request.GET.get("old") or (numbers[1] if len(numbers) > 1 else 0))
    except ValueError as error:
        raise Http404 from error
    versions = {v.number: v for v in texts.filter(number__in=[old, new])}
    if old not in versions or new not in versions:
        raise Http404
    return render(
        request,
        "deliverables/version_compare.html",
        {
            "deliverable": deliverable,
            "old": versions[old],
            "new": versions[new],
            "rows": diff.compare(versions[old].text, versions[new].text),
            "numbers": numbers,
        },
    )
