from django.db import migrations
from django.utils import timezone

DECLARATION = """Declaration of {name}

The undersigned, duly authorised to represent the applicant organisation, declares that:

1. the organisation has a legal representative in a Member State of the European Union;
2. the organisation has activities relevant to the Alliance and will contribute to its work in good faith;
3. the organisation complies with the security, security-of-supply, intellectual-property, data-protection \
and data-access conditions set out in the Alliance's Terms of Reference, and will inform the European \
Commission without delay of any change that affects them, including a change of control;
4. where the organisation is controlled by a legal person established outside the Union, it has put in place \
the legal, organisational and technical measures that keep its data and operations subject to Union law, \
including EU data-protection law;
5. the information given in the application is complete and correct;
6. the organisation accepts the Alliance's Terms of Reference and understands that the Commission may end \
its membership if the conditions of membership are no longer met.
"""


def load(apps, schema_editor):
    Alliance = apps.get_model("alliances", "Alliance")
    DeclarationVersion = apps.get_model("declarations", "DeclarationVersion")
    for alliance in Alliance.objects.all():
        DeclarationVersion.objects.get_or_create(
            alliance=alliance,
            version=1,
            defaults={
                "title": f"Declaration — {alliance.name}",
                "text": DECLARATION.format(name=alliance.name),
                "published_at": timezone.now(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("declarations", "0001_initial"), ("alliances", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
