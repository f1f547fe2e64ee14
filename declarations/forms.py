from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from applications.forms import pdf_help_text
from documents.validators import validate_pdf_upload
from organisations.models import Organisation


class SignDeclarationForm(forms.Form):
    """The signatory, the confirmation of authority and, optionally, a scan of a hand-signed copy."""

    signatory_name = forms.CharField(label=_("Signatory's full name"), max_length=200)
    signatory_position = forms.CharField(label=_("Signatory's position"), max_length=200)
    # Not required: a form sent without it (an older page) signs in the signer's own language, preselected.
    language = forms.ChoiceField(
        label=_("Language of the Declaration you sign"),
        help_text=_("The signed text, its fingerprint and the PDF are in this language."),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("I am authorised to sign for the organisation and I make this Declaration on its behalf.")
    )
    scan = forms.FileField(
        label=_("Scan of a hand-signed copy (optional, PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args: Any, languages: list[str] | None = None, **kwargs: Any) -> None:
        """`languages`: the codes the Declaration version has a text in; the signer's own language is preselected."""
        super().__init__(*args, **kwargs)
        self.fields["scan"].help_text = pdf_help_text()
        languages = languages or [settings.LANGUAGE_CODE]
        language_field = cast(forms.ChoiceField, self.fields["language"])
        language_field.choices = [(code, get_language_info(code)["name_local"].capitalize()) for code in languages]
        language_field.initial = get_language() if get_language() in languages else languages[0]

    @classmethod
    def for_organisation(
        cls, organisation: Organisation, data: Any = None, files: Any = None, *, languages: list[str] | None = None
    ) -> "SignDeclarationForm":
        """The form for the organisation, its legal representative proposed as the signatory, in `languages`."""
        return cls(
            data,
            files,
            initial={
                "signatory_name": organisation.legal_representative_name,
                "signatory_position": organisation.legal_representative_position,
            },
            languages=languages,
        )

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.fields["language"].initial

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy"].help_text = _(
            "PDF only, at most %(size)s. The file is compared with the signed PDF on record, and not kept."
        ) % {"size": filesizeformat(settings.MAX_UPLOAD_SIZE)}

    def clean_copy(self) -> UploadedFile:
        copy = self.cleaned_data["copy"]
        # Checked by content: whatever its name, a file that is not a readable PDF is refused with the reason.
        self.cleaned_data["content"] = validate_pdf_upload(copy)
        return copy
