from django.db import migrations

GROUPS = [
    ("supply-chains", "Supply Chains",
     "Bring forward the stakeholders' perspective on the supply chain and the activities industry takes up "
     "to increase its resilience; identify risks of disruption, dependencies and chokepoints."),
    ("pfas", "PFAS",
     "Support the semiconductor industry's transition away from PFAS: a space for discussing risk "
     "mitigation and sustainable alternatives."),
    ("skills", "Skills",
     "Advance a coordinated approach to the talent gap, bringing together industry, academia and "
     "policy-makers to secure a wide and diverse talent pool in Europe."),
]


def load(apps, schema_editor):
    Alliance = apps.get_model("alliances", "Alliance")
    WorkingGroup = apps.get_model("workinggroups", "WorkingGroup")
    alliance = Alliance.objects.filter(slug="semiconductors").first()
    if alliance is None:
        return
    for slug, name, mandate in GROUPS:
        WorkingGroup.objects.get_or_create(alliance=alliance, slug=slug, defaults={"name": name, "mandate": mandate})


class Migration(migrations.Migration):
    dependencies = [("workinggroups", "0001_initial"), ("alliances", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
