from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from documents.pdf import sha256_hex


class PublishedVersionIsFinal(Exception):
    """A published Declaration version was about to change."""


def localized_fieldnames(name):
    """The columns of a translated field, one per language of settings.LANGUAGES: text_en, text_fr, ..."""
    return tuple(build_localized_fieldname(name, code) for code, _label in settings.LANGUAGES)


# The title and text have a column per language (declarations/translation.py).
TRANSLATED_COLUMNS = (*localized_fieldnames("title"), *localized_fieldnames("text"))
# What a published version may no longer change: every signature of it holds its exact text, so a later edit
# would make each of them look tampered with, and its title and number are printed on the signed PDFs. A language
# the version had no text in may still be added (nobody signed in it): an existing text never changes.
FINAL_ONCE_PUBLISHED = ("alliance_id", "version", *TRANSLATED_COLUMNS, "published_at")


def _changes_what_is_final(stored, instance):
    for name in FINAL_ONCE_PUBLISHED:
        before, after = stored[name], getattr(instance, name)
        if before != after and not (name in TRANSLATED_COLUMNS and not before):
            return True
    return False


class DeclarationVersion(models.Model):  # type: ignore[django-manager-missing]  # modeltranslation swaps it
    """The exact text an applicant's signatory declares, one version per change.

    A version is a draft until it is published (through declarations.services.publish_declaration_version,
    which asks the existing members to sign it); from then on it never changes.
    """

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="declaration_versions")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("Declaration version")
        verbose_name_plural = _("Declaration versions")
        ordering = ["alliance", "-version"]
        constraints = [models.UniqueConstraint(fields=["alliance", "version"], name="declarationversion_unique")]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def save(self, *args, **kwargs):
        stored = None
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*FINAL_ONCE_PUBLISHED).first()
        if stored and stored["published_at"] is not None and _changes_what_is_final(stored, self):
            raise PublishedVersionIsFinal("A published Declaration version cannot be changed.")
        super().save(*args, **kwargs)

    @property
    def text_sha256(self):
        return sha256_hex(self.text)

    def text_in(self, language):
        """The text in `language` exactly as stored: empty where it is not translated (no fallback to English)."""
        return getattr(self, build_localized_fieldname("text", language)) or ""

    @property
    def languages(self):
        """The codes of settings.LANGUAGES this version has a text in: the languages it can be signed in."""
        return [code for code, _label in settings.LANGUAGES if self.text_in(code).strip()]

    @property
    def is_published(self):
        return self.published_at is not None


def signed_pdf_path(signature, filename):
    return f"declarations/{signature.organisation_id}/{signature.pk}-{filename}"


def scan_path(signature, filename):
    return f"declarations/{signature.organisation_id}/scans/{signature.pk}-scan.pdf"


class Signature(models.Model):
    """A signed Declaration: who signed which exact text, when, with fingerprints of the text and the PDF.

    An applicant signs for an application; a member organisation signs a new version for its membership.
    The fingerprints are also written to the audit trail, which nobody can rewrite: see services.verify.
    """

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="signatures", null=True, blank=True
    )
    membership = models.ForeignKey(
        "memberships.Membership", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    declaration_version = models.ForeignKey(DeclarationVersion, on_delete=models.PROTECT, related_name="signatures")
    signatory_name = models.CharField(_("signatory's name"), max_length=200)
    signatory_position = models.CharField(_("signatory's position"), max_length=200)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("signed at"))
    # The language the signatory chose; text_signed, its SHA-256 and the PDF are in it. A code of
    # settings.LANGUAGES (no choices on the model, so that adding a language needs no migration).
    language = models.CharField(_("language"), max_length=10, default="en")
    text_signed = models.TextField()
    text_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to=signed_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    scan = models.FileField(_("scan of the hand-signed copy"), upload_to=scan_path, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    # The fingerprint of the application's content when it was signed (applications.content): a later change
    # asks for the Declaration to be signed again. Empty for a membership's signature and for older ones.
    content_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("signed Declaration")
        verbose_name_plural = _("signed Declarations")
        ordering = ["-signed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, membership__isnull=True)
                | models.Q(application__isnull=True, membership__isnull=False),
                name="signature_for_application_or_membership",
            )
        ]

    def __str__(self):
        return f"{self.declaration_version} — {self.signatory_name}, {self.organisation}"

    @property
    def language_name(self):
        """The signed language's name in the reader's language ("French", "Französisch")."""
        return dict(settings.LANGUAGES).get(self.language, self.language)

    @property
    def pdf_ready(self):
        return bool(self.pdf) and bool(self.pdf_sha256)

    @property
    def download_stem(self) -> str:
        """The name a download of this signature's files starts with."""
        if self.application is not None:
            return f"declaration-{self.application.reference}"
        return f"declaration-{self.organisation_id}-v{self.declaration_version.version}"
