from django.db import migrations, models


class Migration(migrations.Migration):
    """An alliance's members in one state (issue 10): voting rights, the public list, the directory's filter."""

    dependencies = [("memberships", "0002_member_representatives")]

    operations = [
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["alliance", "state"], name="membership_alliance_state"),
        ),
    ]
