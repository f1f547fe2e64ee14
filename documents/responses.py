from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def pdf_download(field_file: FieldFile, filename: str) -> FileResponse:
    """A stored PDF as a download. Callers check permissions first: media is never served directly."""
    return FileResponse(field_file.open("rb"), as_attachment=True, content_type="application/pdf", filename=filename)
