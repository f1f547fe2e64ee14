"""The Declarations in French and German, each saying which language version prevails.

Migration 0005 gave the title and text a column per language (django-modeltranslation); the English column takes
the text held so far. The English text says that it prevails only where no one has signed it yet: a signature
holds the exact text it signed, and a published text never changes under it (the French and German texts are new,
so they say it from the start).
"""

from django.db import migrations
from django.db.models import F, Q

PREVAILS = {
    "en": (
        "This Declaration is made in English, French and German. If the language versions differ, the English "
        "version prevails."
    ),
    "fr": (
        "La présente Déclaration est établie en anglais, en français et en allemand. En cas de divergence entre "
        "les versions linguistiques, la version anglaise prévaut."
    ),
    "de": (
        "Diese Erklärung wird auf Englisch, Französisch und Deutsch abgegeben. Weichen die Sprachfassungen "
        "voneinander ab, ist die englische Fassung maßgebend."
    ),
}

TITLE = {"fr": "Déclaration — {name}", "de": "Erklärung — {name}"}

DECLARATION = {
    "fr": """Déclaration de l'{name}

Le soussigné, dûment habilité à représenter l'organisation candidate, déclare que :

1. l'organisation dispose d'un représentant légal dans un État membre de l'Union européenne ;
2. l'organisation exerce des activités pertinentes pour l'Alliance et contribuera de bonne foi à ses travaux ;
3. l'organisation respecte les conditions en matière de sécurité, de sécurité d'approvisionnement, de propriété \
intellectuelle, de protection des données et d'accès aux données fixées dans le mandat de l'Alliance, et \
informera sans délai la Commission européenne de tout changement qui les affecte, y compris un changement de \
contrôle ;
4. lorsque l'organisation est contrôlée par une personne morale établie hors de l'Union, elle a mis en place les \
mesures juridiques, organisationnelles et techniques qui maintiennent ses données et ses opérations soumises au \
droit de l'Union, y compris au droit de l'Union en matière de protection des données ;
5. les informations fournies dans la candidature sont complètes et exactes ;
6. l'organisation accepte le mandat de l'Alliance et prend acte de ce que la Commission peut mettre fin à son \
adhésion si les conditions d'adhésion ne sont plus remplies.
""",
    "de": """Erklärung für die {name}

Der Unterzeichnete, ordnungsgemäß bevollmächtigt, die antragstellende Organisation zu vertreten, erklärt, dass

1. die Organisation einen gesetzlichen Vertreter in einem Mitgliedstaat der Europäischen Union hat;
2. die Organisation für die Allianz einschlägige Tätigkeiten ausübt und nach Treu und Glauben zu ihrer Arbeit \
beitragen wird;
3. die Organisation die im Mandat der Allianz festgelegten Bedingungen in Bezug auf Sicherheit, \
Versorgungssicherheit, geistiges Eigentum, Datenschutz und Datenzugang einhält und die Europäische Kommission \
unverzüglich über jede Änderung unterrichtet, die sie betrifft, einschließlich eines Kontrollwechsels;
4. die Organisation, sofern sie von einer außerhalb der Union niedergelassenen juristischen Person kontrolliert \
wird, die rechtlichen, organisatorischen und technischen Maßnahmen getroffen hat, die ihre Daten und Tätigkeiten \
dem Unionsrecht unterworfen halten, einschließlich des Datenschutzrechts der EU;
5. die im Antrag gemachten Angaben vollständig und richtig sind;
6. die Organisation das Mandat der Allianz annimmt und zur Kenntnis nimmt, dass die Kommission ihre \
Mitgliedschaft beenden kann, wenn die Voraussetzungen der Mitgliedschaft nicht mehr erfüllt sind.
""",
}

# The alliances' names in French and German (alliances/migrations/0005), as the texts above name them.
ALLIANCE_NAMES = {
    "semiconductors": {
        "fr": "Alliance pour les processeurs et les technologies des semi-conducteurs",
        "de": "Allianz für Prozessoren und Halbleitertechnologien",
    },
    "industrial-cloud": {
        "fr": "Alliance européenne pour les données industrielles, l'informatique en périphérie et en nuage",
        "de": "Europäische Allianz für Industriedaten, Edge und Cloud",
    },
}


def _with_clause(text, language):
    return f"{text.rstrip()}\n\n{PREVAILS[language]}\n"


def load(apps, schema_editor):
    DeclarationVersion = apps.get_model("declarations", "DeclarationVersion")
    Signature = apps.get_model("declarations", "Signature")
    for field in ("title", "text"):
        english = f"{field}_en"
        DeclarationVersion.objects.filter(Q(**{f"{english}__isnull": True}) | Q(**{english: ""})).update(
            **{english: F(field)}
        )
    for version in DeclarationVersion.objects.select_related("alliance"):
        if PREVAILS["en"] not in version.text_en and not Signature.objects.filter(declaration_version=version).exists():
            version.text_en = _with_clause(version.text_en, "en")
        names = ALLIANCE_NAMES.get(version.alliance.slug)
        if names and version.version == 1:
            for language, name in names.items():
                if not (getattr(version, f"text_{language}") or "").strip():
                    setattr(version, f"text_{language}", _with_clause(DECLARATION[language].format(name=name), language))
                if not (getattr(version, f"title_{language}") or "").strip():
                    setattr(version, f"title_{language}", TITLE[language].format(name=name))
        version.save()


class Migration(migrations.Migration):
    dependencies = [
        ("declarations", "0005_translations_signature_language"),
        ("alliances", "0005_reference_data_in_french_and_german"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
