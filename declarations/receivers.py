"""How declarations takes part in the application form: its step, its requirement, its part of the snapshot."""

from django.dispatch import receiver

from applications.models import Application
from applications.signals import form_steps, snapshot_parts, submission_requirements
from declarations.selectors import latest_signature, missing_signature
from declarations.steps import DeclarationStep


@receiver(form_steps, dispatch_uid="declarations.step")
def add_declaration_step(sender, **kwargs) -> type[DeclarationStep]:
    return DeclarationStep


@receiver(submission_requirements, dispatch_uid="declarations.requirement")
def declaration_is_signed(sender, *, application: Application, **kwargs) -> list[str]:
    return missing_signature(application)


@receiver(snapshot_parts, dispatch_uid="declarations.snapshot")
def signed_declaration(sender, *, application: Application, **kwargs) -> dict:
    """The Declaration the applicant signed last, as the reviewers and the record see it."""
    signature = latest_signature(application)
    return {
        "declaration": {
            "signature": signature.pk,
            "version": signature.declaration_version.version,
            "text_sha256": signature.text_sha256,
            "signatory": signature.signatory_name,
            "position": signature.signatory_position,
            "signed_at": signature.signed_at.isoformat(),
        }
        if signature
        else None
    }
