"""The alliances' reference data in French and German, and the English texts moved to their English columns.

Migration 0004 gave each translated field a column per language (django-modeltranslation); the English column
takes the text held so far. The Terms of Reference also say, in every language, that the English version
prevails where the language versions differ. Texts an administrator has changed since are left as they are.
"""

from django.db import migrations
from django.db.models import F, Q

TRANSLATED = {
    "Alliance": ("name", "short_name", "description"),
    "TermsOfReference": ("text",),
    "Criterion": ("title", "question", "guidance"),
}

ALLIANCES = {
    "semiconductors": {
        "fr": {
            "name": "Alliance pour les processeurs et les technologies des semi-conducteurs",
            "short_name": "Semi-conducteurs",
            "description": (
                "Rassemble les principaux acteurs de la conception et de la production de puces "
                "microélectroniques afin de recenser les lacunes de la production de puces et les développements "
                "technologiques nécessaires, de renforcer l'écosystème européen de la conception électronique et "
                "de mettre en place les capacités de fabrication de la prochaine génération de processeurs de "
                "confiance, de 16-10 nm jusqu'à 2 nm et au-delà."
            ),
            "activities": "conception, outils EDA et propriété intellectuelle, fabrication frontale, assemblage, "
            "test et conditionnement avancé, équipements, matériaux, utilisation finale, recherche, éducation et "
            "compétences",
            "purpose": "recenser les lacunes de la production de puces et bâtir la capacité de concevoir et de "
            "produire en Europe les puces les plus avancées",
        },
        "de": {
            "name": "Allianz für Prozessoren und Halbleitertechnologien",
            "short_name": "Halbleiter",
            "description": (
                "Bringt die maßgeblichen Akteure zusammen, die Mikroelektronik-Chips entwerfen und herstellen, "
                "um Lücken in der Chipproduktion und die erforderlichen technologischen Entwicklungen zu "
                "ermitteln, das europäische Ökosystem für Elektronikentwurf zu stärken und die "
                "Fertigungskapazitäten für die nächste Generation vertrauenswürdiger Prozessoren aufzubauen, "
                "von 16–10 nm bis 2 nm und darunter."
            ),
            "activities": "Entwurf, EDA-Werkzeuge und geistiges Eigentum, Front-End-Fertigung, Montage, Test und "
            "fortschrittliche Aufbau- und Verbindungstechnik, Ausrüstung, Materialien, Endanwendung, Forschung, "
            "Bildung und Kompetenzen",
            "purpose": "Lücken in der Chipproduktion zu ermitteln und die Fähigkeit aufzubauen, die "
            "fortschrittlichsten Chips in Europa zu entwerfen und herzustellen",
        },
    },
    "industrial-cloud": {
        "fr": {
            "name": "Alliance européenne pour les données industrielles, l'informatique en périphérie et en nuage",
            "short_name": "Nuage industriel",
            "description": (
                "Favorise le développement et le déploiement de la prochaine génération de technologies "
                "d'informatique en périphérie et en nuage, hautement sécurisées, économes en énergie et en "
                "ressources et pleinement interopérables, au service des entreprises et des administrations "
                "publiques de l'UE qui traitent des données sensibles."
            ),
            "activities": "infrastructures et services en nuage, informatique en périphérie, services de données, "
            "logiciels et plateformes",
            "purpose": "développer et déployer la prochaine génération de technologies sûres, efficaces et "
            "interopérables d'informatique en périphérie et en nuage",
        },
        "de": {
            "name": "Europäische Allianz für Industriedaten, Edge und Cloud",
            "short_name": "Industrie-Cloud",
            "description": (
                "Fördert die Entwicklung und Einführung der nächsten Generation von Edge- und "
                "Cloud-Technologien, die hochsicher, energie- und ressourceneffizient und vollständig "
                "interoperabel sind, für Unternehmen und öffentliche Verwaltungen in der EU, die sensible Daten "
                "verarbeiten."
            ),
            "activities": "Cloud-Infrastruktur und -Dienste, Edge-Computing, Datendienste, Software und Plattformen",
            "purpose": "die nächste Generation sicherer, effizienter und interoperabler Edge- und "
            "Cloud-Technologien zu entwickeln und einzuführen",
        },
    },
}

LANGUAGE_CLAUSE = {
    "en": (
        "5. Languages. These Terms of Reference are published in English, French and German. If the language "
        "versions differ, the English version prevails."
    ),
    "fr": (
        "5. Langues. Le présent mandat est publié en anglais, en français et en allemand. En cas de divergence "
        "entre les versions linguistiques, la version anglaise prévaut."
    ),
    "de": (
        "5. Sprachen. Dieses Mandat wird auf Englisch, Französisch und Deutsch veröffentlicht. Weichen die "
        "Sprachfassungen voneinander ab, ist die englische Fassung maßgebend."
    ),
}

TOR_TEXT = {
    "fr": """Mandat — {name}

1. Objet. L'Alliance réunit des entreprises, des représentants des États membres, le monde universitaire, des
utilisateurs et des organisations de recherche et de technologie afin de {purpose}.

2. Adhésion. L'adhésion est ouverte aux entités publiques et privées disposant d'un représentant légal dans
l'Union et exerçant des activités pertinentes dans le domaine de l'Alliance ({activities}), pour autant
qu'elles remplissent les critères d'éligibilité ci-dessous. Les candidats signent la Déclaration et remplissent
le formulaire de candidature, que la Commission européenne évalue.

3. Critères d'éligibilité. En raison de l'importance stratégique des activités de l'Alliance, les candidats
doivent remplir des critères relatifs à la sécurité (y compris la cybersécurité), à la sécurité
d'approvisionnement, à la protection de la propriété intellectuelle, à la protection des données et à l'accès
aux données, ainsi qu'à l'utilité pratique pour l'Alliance. Les entités contrôlées par une personne morale
établie hors de l'Union démontrent les mesures juridiques, organisationnelles et techniques garantissant que
leurs données et leurs opérations restent soumises au droit de l'Union, y compris au droit de l'Union en
matière de protection des données.

4. Groupes de travail. L'Alliance travaille au sein de groupes de travail soutenus par son secrétariat. Seules
les organisations membres disposent du droit de vote ; des organisations peuvent être invitées ponctuellement
à des réunions, sans droit de vote. Les membres peuvent proposer de nouveaux groupes de travail.
""",
    "de": """Mandat — {name}

1. Zweck. Die Allianz bringt Unternehmen, Vertreter der Mitgliedstaaten, Hochschulen, Nutzer sowie
Forschungs- und Technologieorganisationen zusammen, um {purpose}.

2. Mitgliedschaft. Die Mitgliedschaft steht öffentlichen und privaten Einrichtungen offen, die einen
gesetzlichen Vertreter in der Union haben und im Bereich der Allianz tätig sind ({activities}), sofern sie
die nachstehenden Förderfähigkeitskriterien erfüllen. Antragsteller unterzeichnen die Erklärung und füllen das
Antragsformular aus, das die Europäische Kommission bewertet.

3. Förderfähigkeitskriterien. Wegen der strategischen Bedeutung der Tätigkeiten der Allianz müssen
Antragsteller Kriterien in Bezug auf Sicherheit (einschließlich Cybersicherheit), Versorgungssicherheit, Schutz
des geistigen Eigentums, Datenschutz und Datenzugang sowie praktischen Nutzen für die Allianz erfüllen.
Einrichtungen, die von einer außerhalb der Union niedergelassenen juristischen Person kontrolliert werden,
weisen die rechtlichen, organisatorischen und technischen Maßnahmen nach, die sicherstellen, dass ihre Daten
und Tätigkeiten dem Unionsrecht unterworfen bleiben, einschließlich des Datenschutzrechts der EU.

4. Arbeitsgruppen. Die Allianz arbeitet in Arbeitsgruppen, die von ihrem Sekretariat unterstützt werden. Nur
Mitgliedsorganisationen sind stimmberechtigt; Organisationen können ad hoc ohne Stimmrecht zu Sitzungen
eingeladen werden. Mitglieder können neue Arbeitsgruppen vorschlagen.
""",
}

# code: {language: (title, question, guidance)}; "{activities}" is the alliance's list in that language.
CRITERIA = {
    "legal-representative": {
        "fr": (
            "Représentant légal dans l'Union",
            "Indiquez l'État membre de l'UE dans lequel le représentant légal de votre organisation est établi, "
            "ainsi que la forme juridique de cet établissement.",
            "Critère éliminatoire : l'organisation doit disposer d'un représentant légal dans un État membre de "
            "l'UE.",
        ),
        "de": (
            "Gesetzlicher Vertreter in der Union",
            "Nennen Sie den EU-Mitgliedstaat, in dem der gesetzliche Vertreter Ihrer Organisation niedergelassen "
            "ist, und die Rechtsform dieser Niederlassung.",
            "Ausschlusskriterium: Die Organisation muss einen gesetzlichen Vertreter in einem EU-Mitgliedstaat "
            "haben.",
        ),
    },
    "relevant-activities": {
        "fr": (
            "Activités pertinentes dans le domaine de l'Alliance",
            "Décrivez à quel niveau de la chaîne de valeur votre organisation est active ({activities}).",
            "Critère éliminatoire : l'organisation doit exercer des activités pertinentes pour l'Alliance.",
        ),
        "de": (
            "Einschlägige Tätigkeiten im Bereich der Allianz",
            "Beschreiben Sie, in welchem Teil der Wertschöpfungskette Ihre Organisation tätig ist ({activities}).",
            "Ausschlusskriterium: Die Organisation muss für die Allianz einschlägige Tätigkeiten ausüben.",
        ),
    },
    "security": {
        "fr": (
            "Sécurité, y compris la cybersécurité",
            "Décrivez votre gouvernance de la sécurité et de la cybersécurité, vos certifications (par exemple "
            "ISO/IEC 27001) et votre gestion des incidents de sécurité. Décrivez tout contrôle exercé par des "
            "entités non européennes ou toute obligation envers elles.",
            "Évaluez la maturité de la gestion de la sécurité et toute exposition à un contrôle exercé depuis "
            "l'extérieur de l'Union.",
        ),
        "de": (
            "Sicherheit, einschließlich Cybersicherheit",
            "Beschreiben Sie Ihre Governance für Sicherheit und Cybersicherheit, Ihre Zertifizierungen (z. B. "
            "ISO/IEC 27001) und Ihren Umgang mit Sicherheitsvorfällen. Beschreiben Sie jede Kontrolle durch "
            "Einrichtungen außerhalb der EU und jede Verpflichtung ihnen gegenüber.",
            "Bewerten Sie die Reife des Sicherheitsmanagements und jede Anfälligkeit für eine Kontrolle von "
            "außerhalb der Union.",
        ),
    },
    "security-of-supply": {
        "fr": (
            "Sécurité d'approvisionnement",
            "Décrivez comment votre organisation contribue à la sécurité d'approvisionnement de la chaîne de "
            "valeur de l'Alliance et la protège (approvisionnement, capacités dans l'Union, dépendances, plans "
            "de continuité).",
            "Évaluez la contribution à un approvisionnement résilient dans l'Union et la gestion des "
            "dépendances.",
        ),
        "de": (
            "Versorgungssicherheit",
            "Beschreiben Sie, wie Ihre Organisation zur Versorgungssicherheit der Wertschöpfungskette der Allianz "
            "beiträgt und sie schützt (Beschaffung, Kapazitäten in der Union, Abhängigkeiten, "
            "Kontinuitätspläne).",
            "Bewerten Sie den Beitrag zu einer widerstandsfähigen Versorgung in der Union und den Umgang mit "
            "Abhängigkeiten.",
        ),
    },
    "ip-protection": {
        "fr": (
            "Protection de la propriété intellectuelle",
            "Décrivez comment vous protégez la propriété intellectuelle, les secrets d'affaires et les "
            "informations confidentielles partagées au sein de l'Alliance.",
            "Évaluez les politiques de propriété intellectuelle, les pratiques de confidentialité et le respect "
            "du contrôle des exportations.",
        ),
        "de": (
            "Schutz des geistigen Eigentums",
            "Beschreiben Sie, wie Sie geistiges Eigentum, Geschäftsgeheimnisse und innerhalb der Allianz "
            "geteilte vertrauliche Informationen schützen.",
            "Bewerten Sie die Richtlinien zum geistigen Eigentum, die Vertraulichkeitspraxis und die Einhaltung "
            "der Ausfuhrkontrolle.",
        ),
    },
    "data-protection": {
        "fr": (
            "Protection des données et accès aux données",
            "Décrivez comment vous respectez le droit de l'Union en matière de protection des données et qui, y "
            "compris des autorités extérieures à l'Union, pourrait accéder aux données que vous détenez.",
            "Évaluez le respect du RGPD et l'exposition des données à un accès depuis l'extérieur de l'Union.",
        ),
        "de": (
            "Datenschutz und Datenzugang",
            "Beschreiben Sie, wie Sie das Datenschutzrecht der EU einhalten und wer, einschließlich Behörden "
            "außerhalb der Union, auf die von Ihnen gespeicherten Daten zugreifen könnte.",
            "Bewerten Sie die Einhaltung der DSGVO und die Anfälligkeit der Daten für einen Zugriff von "
            "außerhalb der Union.",
        ),
    },
    "practical-utility": {
        "fr": (
            "Utilité pratique pour l'Alliance",
            "Expliquez ce que votre organisation apporte à l'Alliance et à ses groupes de travail (expertise, "
            "capacités, projets d'investissement, projets).",
            "Évaluez la contribution concrète que l'organisation peut apporter aux feuilles de route de "
            "l'Alliance.",
        ),
        "de": (
            "Praktischer Nutzen für die Allianz",
            "Erläutern Sie, was Ihre Organisation in die Allianz und ihre Arbeitsgruppen einbringt (Fachwissen, "
            "Kapazitäten, Investitionspläne, Projekte).",
            "Bewerten Sie den konkreten Beitrag, den die Organisation zu den Fahrplänen der Allianz leisten "
            "kann.",
        ),
    },
}


def _english_columns(apps):
    """Each translated field's English column takes the text the field held until now."""
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("alliances", model_name)
        for field in fields:
            english = f"{field}_en"
            model.objects.filter(Q(**{f"{english}__isnull": True}) | Q(**{english: ""})).update(**{english: F(field)})


def _empty(value):
    return not (value or "").strip()


def load(apps, schema_editor):
    _english_columns(apps)
    Alliance = apps.get_model("alliances", "Alliance")
    TermsOfReference = apps.get_model("alliances", "TermsOfReference")
    Criterion = apps.get_model("alliances", "Criterion")
    for alliance in Alliance.objects.filter(slug__in=ALLIANCES):
        texts = ALLIANCES[alliance.slug]
        for language, data in texts.items():
            for field in ("name", "short_name", "description"):
                if _empty(getattr(alliance, f"{field}_{language}")):
                    setattr(alliance, f"{field}_{language}", data[field])
        alliance.save()
        for terms in TermsOfReference.objects.filter(alliance=alliance):
            if LANGUAGE_CLAUSE["en"] not in terms.text_en:
                terms.text_en = f"{terms.text_en.rstrip()}\n\n{LANGUAGE_CLAUSE['en']}\n"
            if terms.version == 1:
                for language, data in texts.items():
                    if _empty(getattr(terms, f"text_{language}")):
                        text = TOR_TEXT[language].format(**data)
                        setattr(terms, f"text_{language}", f"{text.rstrip()}\n\n{LANGUAGE_CLAUSE[language]}\n")
            terms.save()
        for criterion in Criterion.objects.filter(criteria_version__alliance=alliance, code__in=CRITERIA):
            for language, (title, question, guidance) in CRITERIA[criterion.code].items():
                values = {
                    "title": title,
                    "question": question.format(activities=texts[language]["activities"]),
                    "guidance": guidance,
                }
                for field, value in values.items():
                    if _empty(getattr(criterion, f"{field}_{language}")):
                        setattr(criterion, f"{field}_{language}", value)
            criterion.save()


class Migration(migrations.Migration):
    dependencies = [("alliances", "0004_translations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
