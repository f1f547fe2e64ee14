from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents.validators import validate_pdf_upload


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

    def clean_copy(self):
        copy = self.cleaned_data["copy"]
        # Checked by content: whatever its name, a file that is not a readable PDF is refused with the reason.
        self.cleaned_data["content"] = validate_pdf_upload(copy)
        return copy
