"""Applications in every state, their answers, signed Declarations and audit trail, in bulk.

Each (organisation, alliance) pair is a slot: its applications follow each other in time, closed ones
(rejected, withdrawn) first, then at most one that is approved or still open, as the services allow.
"""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from alliances.models import Alliance, CriteriaVersion
from applications.models import Application, CriterionAnswer
from audit.models import AuditEntry
from audit.services import link_for_bulk_insert
from declarations.models import DeclarationVersion, Signature
from documents.pdf import sha256_hex
from organisations.vocabulary import TechnologyArea, ValueChainSegment
from portal.scale.common import Scale, bulk

S = Application.State
# The share of the applications in each open state (at most one open per slot).
OPEN_SHARES = {S.DRAFT: 5, S.SUBMITTED: 5, S.UNDER_REVIEW: 10, S.CLARIFICATION_REQUESTED: 2}
REJECTED_SHARE_OF_CLOSED = 0.58
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [S.SUBMITTED],
    S.UNDER_REVIEW: [S.SUBMITTED, S.UNDER_REVIEW],
    S.CLARIFICATION_REQUESTED: [S.SUBMITTED, S.UNDER_REVIEW, S.CLARIFICATION_REQUESTED],
    S.APPROVED: [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED],
    S.REJECTED: [S.SUBMITTED, S.UNDER_REVIEW, S.REJECTED],
}
MEASURES = {
    "non_eu_legal_measures": "Articles of association give the EU board a veto on data transfers.",
    "non_eu_organisational_measures": "An EU-resident data-protection officer; access only for EU staff.",
    "non_eu_technical_measures": "Data in EU data centres only; keys in EU hardware security modules.",
}


def plan(scale: Scale, slots: list) -> list[tuple]:
    """[(slot, state)]: `approved` slots end approved, the open ones end open, closed ones go anywhere."""
    size, rng = scale.size, scale.rng
    total = size.applications
    approved = min(size.members + size.members // 10, len(slots), total)
    wanted_open = round(total * sum(OPEN_SHARES.values()) / 100)
    open_total = max(0, min(wanted_open, len(slots) - approved, total - approved))
    open_states = []
    for state, share in OPEN_SHARES.items():
        open_states += [state] * round(open_total * share / sum(OPEN_SHARES.values()))
    open_states = (open_states + [S.UNDER_REVIEW] * open_total)[:open_total]
    rng.shuffle(slots)
    tails = [(slot, S.APPROVED) for slot in slots[:approved]]
    tails += list(zip(slots[approved : approved + open_total], open_states, strict=True))
    closed = total - len(tails)
    rejected = round(closed * REJECTED_SHARE_OF_CLOSED)
    closed_states = [S.REJECTED] * rejected + [S.WITHDRAWN] * (closed - rejected)
    return [(rng.choice(slots), state) for state in closed_states] + tails


def build(scale: Scale, organisations: list) -> list[Application]:
    alliances = list(Alliance.objects.order_by("pk"))
    versions = {
        a.pk: CriteriaVersion.objects.filter(alliance=a, published_at__isnull=False)
        .prefetch_related("criteria")
        .order_by("-version")
        .first()
        for a in alliances
    }
    slots = [(o, a) for o in organisations for a in alliances]
    by_slot = {}
    for slot, state in plan(scale, slots):
        by_slot.setdefault(slot, []).append(state)
    applications = []
    for (organisation, alliance), states in by_slot.items():
        applications += _slot_applications(scale, organisation, alliance, versions[alliance.pk], states)
    applications = bulk(scale, Application, applications)
    _working_groups(scale, applications)
    _answers(scale, applications)
    _signatures_and_snapshots(scale, applications)
    _audit(scale, applications)
    return applications


def _slot_applications(scale, organisation, alliance, version, states):
    """The slot's applications in time order: the closed ones, then the approved or open one."""
    rng = scale.rng
    ordered = sorted(states, key=lambda state: state not in (S.REJECTED, S.WITHDRAWN))
    recent = ordered[-1] in OPEN_SHARES
    times = sorted(
        scale.ago(1, 120) if recent and i == len(ordered) - 1 else scale.ago(150, 800) for i in range(len(ordered))
    )
    result = []
    for state, created in zip(ordered, times, strict=True):
        application = Application(
            organisation=organisation,
            alliance=alliance,
            criteria_version=version,
            state=state,
            created_by=organisation.owner,
            created_at=created,
            updated_at=created,
            presentation=f"{organisation.legal_name} ({organisation.get_organisation_type_display()}) brings "
            f"{', '.join(organisation.technology_areas)} capacity to the {alliance.short_name}.",
            value_chain_segments=organisation.value_chain_segments,
            technology_areas=organisation.technology_areas,
            relevant_activities="Pilot lines, design and testing for European customers.",
            **(MEASURES if organisation.is_controlled_outside_eu else {}),
        )
        application.path = _path(rng, state)
        _times(scale, application)
        application.criteria = list(version.criteria.all())
        result.append(application)
    return result


def _path(rng, state):
    if state == S.WITHDRAWN:
        return [S.WITHDRAWN] if rng.random() < 0.5 else [S.SUBMITTED, S.WITHDRAWN]
    return PATHS[state]


def _times(scale, application):
    """submitted_at and decided_at after created_at, never in the future."""
    rng, latest = scale.rng, scale.now - timedelta(minutes=10)
    if S.SUBMITTED in application.path:
        application.submitted_at = min(application.created_at + timedelta(days=rng.uniform(0.1, 5)), latest)
    if application.state in (S.APPROVED, S.REJECTED):
        application.decided_at = min(application.submitted_at + timedelta(days=rng.uniform(25, 90)), latest)
    application.updated_at = application.decided_at or application.submitted_at or application.created_at


def _working_groups(scale, applications):
    through = Application.working_groups.through
    groups = {}
    for application in applications:
        if application.alliance_id not in groups:
            groups[application.alliance_id] = list(application.alliance.working_groups.order_by("pk"))
    rows = []
    for application in applications:
        choices = groups[application.alliance_id]
        for group in scale.rng.sample(choices, min(len(choices), 2)):
            rows.append(through(application_id=application.pk, workinggroup_id=group.pk))
    bulk(scale, through, rows, "working groups chosen")


def _answers(scale, applications):
    rows = []
    for application in applications:
        if application.state == S.DRAFT and scale.rng.random() < 0.5:
            continue
        for criterion in application.criteria:
            rows.append(
                CriterionAnswer(
                    application=application,
                    criterion=criterion,
                    meets=True if criterion.is_gate else None,
                    text=f"{application.organisation.acronym} on {criterion.title.lower()}: evidence attached.",
                )
            )
    bulk(scale, CriterionAnswer, rows, "answers")


def _signatures_and_snapshots(scale, applications):
    versions = {
        v.alliance_id: v for v in DeclarationVersion.objects.filter(published_at__isnull=False).order_by("version")
    }
    submitted = [a for a in applications if a.submitted_at is not None]
    signatures = []
    for application in submitted:
        version = versions[application.alliance_id]
        signatures.append(
            Signature(
                application=application,
                organisation=application.organisation,
                declaration_version=version,
                signatory_name=application.organisation.legal_representative_name,
                signatory_position=application.organisation.legal_representative_position,
                signed_by=application.created_by,
                signed_at=application.submitted_at - timedelta(minutes=30),
                text_signed=version.text,
                text_sha256=sha256_hex(version.text),
            )
        )
    signatures = bulk(scale, Signature, signatures, "signed Declarations")
    for application, signature in zip(submitted, signatures, strict=True):
        application.snapshot = snapshot(application, signature)
    Application.objects.bulk_update(submitted, ["snapshot"], batch_size=500)


def snapshot(application: Application, signature: Signature) -> dict:
    """What applications.services.build_snapshot freezes, made from the rows in memory (no documents)."""
    organisation = application.organisation
    return {
        "organisation": {
            "legal_name": organisation.legal_name,
            "acronym": organisation.acronym,
            "organisation_type": str(organisation.get_organisation_type_display()),
            "country": organisation.country.code,
            "registration_number": organisation.registration_number,
            "vat_number": organisation.vat_number,
            "website": organisation.website,
            "address": f"{organisation.street}, {organisation.postcode} {organisation.city}",
            "legal_representative": {
                "name": organisation.legal_representative_name,
                "position": organisation.legal_representative_position,
                "email": organisation.legal_representative_email,
                "country": organisation.legal_representative_country.code,
            },
            "ultimate_parent": organisation.ultimate_parent_name,
            "ultimate_parent_country": organisation.ultimate_parent_country.code or "",
            "controlled_outside_eu": organisation.is_controlled_outside_eu,
            "contact": {"name": organisation.contact_name, "email": organisation.contact_email},
        },
        "presentation": application.presentation,
        **{name: getattr(application, name) for name in Application.NON_EU_MEASURES},
        "value_chain_segments": application.value_chain_segments,
        "value_chain_segment_labels": [str(ValueChainSegment(c).label) for c in application.value_chain_segments],
        "technology_areas": application.technology_areas,
        "technology_area_labels": [str(TechnologyArea(c).label) for c in application.technology_areas],
        "relevant_activities": application.relevant_activities,
        "answers": [
            {
                "criterion": c.code,
                "title": c.title,
                "kind": c.kind,
                "meets": True if c.is_gate else None,
                "text": f"{organisation.acronym} on {c.title.lower()}: evidence attached.",
            }
            for c in application.criteria
        ],
        "working_groups": [],
        "documents": [],
        "declaration": {
            "signature": signature.pk,
            "version": signature.declaration_version.version,
            "text_sha256": signature.text_sha256,
            "signatory": signature.signatory_name,
            "position": signature.signatory_position,
            "signed_at": signature.signed_at.isoformat(),
        },
    }


def _audit(scale, applications):
    """One application.state_changed entry per move, as applications.services.transition records them."""
    content_type = ContentType.objects.get_for_model(Application)
    entries = []
    for application in applications:
        previous, when = S.DRAFT, application.submitted_at or application.created_at
        for state in application.path:
            if state in (S.APPROVED, S.REJECTED):
                when = application.decided_at
            elif state != S.SUBMITTED:
                when = _between(scale, when, application.decided_at or scale.now)
            entries.append(
                AuditEntry(
                    created_at=when,
                    actor=application.created_by if state in (S.SUBMITTED, S.WITHDRAWN) else None,
                    action="application.state_changed",
                    target_type=content_type,
                    target_id=str(application.pk),
                    target_repr=f"{application.organisation.legal_name} → {application.alliance.short_name}"[:300],
                    from_state=previous,
                    to_state=state,
                )
            )
            previous = state
    # Linked into the audit chain as record() would link them, so that verify_audit holds on the scale data too.
    with transaction.atomic():
        bulk(scale, AuditEntry, link_for_bulk_insert(entries), "audit entries")


def _between(scale, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + (end - start) * scale.rng.uniform(0.05, 0.3)
