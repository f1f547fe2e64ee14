import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError


def validate_pdf_upload(uploaded):
    """Accept a real, readable, unencrypted PDF within the size limit; say plainly why otherwise.

    The file's name and the browser's content type are not trusted: only its bytes are read.
    """
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(settings.MAX_UPLOAD_SIZE)},
            code="too_large",
        )
    uploaded.seek(0)
    content = uploaded.read()
    uploaded.seek(0)
    if not content.lstrip()[:5] == b"%PDF-":
        raise ValidationError(
            _("Only PDF files are accepted, and this file is not a PDF (whatever its name says)."),
            code="not_pdf",
        )
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected; please upload it without a password."), code="encrypted"
            )
        if len(reader.pages) == 0:
            raise ValidationError(_("The PDF has no pages."), code="no_pages")
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(_("The PDF is damaged and cannot be read."), code="damaged") from error
    return content
