from django.db import migrations, models


class Migration(migrations.Migration):
    """The review queue's states in its default order (issue 10): a page of the queue is an index range."""

    dependencies = [("applications", "0003_remove_application_non_eu_control_measures")]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(
                    ("state__in", ["submitted", "under_review", "clarification_requested", "approved", "rejected"])
                ),
                fields=["submitted_at", "id"],
                name="application_queue_order",
            ),
        ),
    ]
