from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from audit.models import AuditEntry


def entries_for(target: Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
