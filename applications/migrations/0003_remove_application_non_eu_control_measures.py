from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('applications', '0002_non_eu_control_measures_split'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='application',
            name='non_eu_control_measures',
        ),
    ]
