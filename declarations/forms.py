from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from applications.forms import pdf_help_text
from documents.validators import validate_pdf_upload
from organisations.models import Organisation


class SignDeclarationForm(forms.Form):
    """The signatory, the confirmation of authority and, optionally, a scan of a hand-signed copy."""

    signatory_name = forms.CharField(label=_("Signatory's full name"), max_length=200)
    signatory_position = forms.CharField(label=_("Signatory's position"), max_length=200)
    confirm = forms.BooleanField(
        label=_("I am authorised to sign for the organisation and I make this Declaration on its behalf.")
    )
    scan = forms.FileField(
        label=_("Scan of a hand-signed copy (optional, PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].help_text = pdf_help_text()

    @classmethod
    def for_organisation(cls, organisation: Organisation, data=None, files=None) -> "SignDeclarationForm":
        """The form for the organisation, its legal representative proposed as the signatory."""
        return cls(
            data,
            files,
            initial={
                "signatory_name": organisation.legal_representative_name,
                "signatory_position": organisation.legal_representative_position,
            },
        )

    def clean_scan(self) -> UploadedFile | None:
        scan = self.cleaned_data.get("scan")
        if scan:
            validate_pdf_upload(scan)
        return scan


class CheckCopyForm(forms.Form):
    copy = forms.FileField(
        label=_("Your copy of the signed Declaration (PDF)"),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy"].help_text = _(
            "PDF only, at most %(size)s. The file is compared with the signed PDF on record, and not kept."
        ) % {"size": filesizeformat(settings.MAX_UPLOAD_SIZE)}

    def clean_copy(self) -> UploadedFile:
        copy = self.cleaned_data["copy"]
        # Checked by content: whatever its name, a file that is not a readable PDF is refused with the reason.
        self.cleaned_data["content"] = validate_pdf_upload(copy)
        return copy
