"""The working groups' names and mandates in French and German; the English columns take the texts held so far."""

from django.db import migrations
from django.db.models import F, Q

GROUPS = {
    "supply-chains": {
        "fr": (
            "Chaînes d'approvisionnement",
            "Faire valoir le point de vue des parties prenantes sur la chaîne d'approvisionnement et les actions "
            "que l'industrie engage pour accroître sa résilience ; recenser les risques de rupture, les "
            "dépendances et les points d'étranglement.",
        ),
        "de": (
            "Lieferketten",
            "Die Sicht der Beteiligten auf die Lieferkette und die Maßnahmen der Industrie zur Stärkung ihrer "
            "Widerstandsfähigkeit einbringen; Risiken von Unterbrechungen, Abhängigkeiten und Engpässe ermitteln.",
        ),
    },
    "pfas": {
        "fr": (
            "PFAS",
            "Accompagner l'industrie des semi-conducteurs dans l'abandon des PFAS : un espace d'échange sur "
            "l'atténuation des risques et les solutions de remplacement durables.",
        ),
        "de": (
            "PFAS",
            "Die Halbleiterindustrie beim Ausstieg aus PFAS unterstützen: ein Forum für die Erörterung der "
            "Risikominderung und nachhaltiger Alternativen.",
        ),
    },
    "skills": {
        "fr": (
            "Compétences",
            "Promouvoir une approche coordonnée face à la pénurie de talents, en réunissant l'industrie, le monde "
            "universitaire et les décideurs politiques afin de garantir en Europe un vivier de talents large et "
            "diversifié.",
        ),
        "de": (
            "Kompetenzen",
            "Einen koordinierten Ansatz gegen den Fachkräftemangel voranbringen und dazu Industrie, Hochschulen "
            "und Politik zusammenbringen, um in Europa einen breiten und vielfältigen Talentpool zu sichern.",
        ),
    },
}


def load(apps, schema_editor):
    WorkingGroup = apps.get_model("workinggroups", "WorkingGroup")
    for field in ("name", "mandate"):
        english = f"{field}_en"
        WorkingGroup.objects.filter(Q(**{f"{english}__isnull": True}) | Q(**{english: ""})).update(
            **{english: F(field)}
        )
    for group in WorkingGroup.objects.filter(alliance__slug="semiconductors", slug__in=GROUPS):
        for language, (name, mandate) in GROUPS[group.slug].items():
            if not (getattr(group, f"name_{language}") or "").strip():
                setattr(group, f"name_{language}", name)
            if not (getattr(group, f"mandate_{language}") or "").strip():
                setattr(group, f"mandate_{language}", mandate)
        group.save()


class Migration(migrations.Migration):
    dependencies = [("workinggroups", "0004_translations"), ("alliances", "0005_reference_data_in_french_and_german")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
