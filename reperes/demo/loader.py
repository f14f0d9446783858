"""Turn the seed modules into rows, idempotently.

Every row is found by its natural key (organisation name, INSEE code, service name, convention
title, article order…) and written only when something differs, so that a second run writes
nothing — not even a history entry. Rows hanging off a convention that the seeds no longer
list (an article, a party, a signatory) are removed, so the demo follows its data modules.
Call ``load_demo()`` inside a transaction (the ``load_demo`` command does).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from reperes.accounts.models import User
from reperes.conventions import catalogue
from reperes.conventions.actions import PartyInput, instantiate_template
from reperes.conventions.enums import OperatorDecision, PartyRole
from reperes.conventions.models import (
    Annex,
    Article,
    Clause,
    Commitment,
    Convention,
    ConventionTemplate,
    LegalBasis,
    Party,
    Signatory,
)
from reperes.core.french import MONTHS
from reperes.core.models import audit
from reperes.demo import accounts, timeline
from reperes.demo.rows import SEED_SOURCE_PREFIX as SEED_SOURCE_PREFIX
from reperes.demo.rows import DemoError, LoadReport, Rows, check_fields, label_of
from reperes.demo.seeds import communes, seed_000, seed_001, seed_002, seed_003, seed_004
from reperes.demo.spec import (
    AuthorisationSpec,
    ClauseSpec,
    ConventionSpec,
    DeliberationSpec,
    OrganisationSpec,
    Seed,
    ServiceSpec,
    TemplateSpec,
    WarningSpec,
)
from reperes.partners import models as partners

SEEDS: tuple[Seed, ...] = (
    seed_000.SEED,
    seed_001.SEED,
    seed_002.SEED,
    seed_003.SEED,
    seed_004.SEED,
)


# What the shift leaves as the source dates it (timeline: facts about the parties).
UNSHIFTED = (DeliberationSpec, AuthorisationSpec)


def _day(value: date) -> str:
    return f"{'1er' if value.day == 1 else value.day} {MONTHS[value.month - 1]} {value.year}"


def history(spec: ConventionSpec, shift: timeline.Shift) -> WarningSpec | None:
    """The convention's dates as the source gives them, when the demo moved them."""
    if not shift.years:
        return None
    terms = spec.terms
    facts = []
    if spec.signed_on:
        facts.append(f"signée le {_day(spec.signed_on)}")
    elif spec.is_signed:
        facts.append("signée à une date que la source ne donne pas")
    if terms.starts_on and terms.ends_on:
        facts.append(f"du {_day(terms.starts_on)} au {_day(terms.ends_on)}")
    elif terms.starts_on:
        facts.append(f"à compter du {_day(terms.starts_on)}")
    elif terms.ends_on:
        facts.append(f"jusqu'au {_day(terms.ends_on)}")
    if not facts:
        return None
    years = abs(shift.years)
    moved = f"{years} an{'s' if years > 1 else ''} {'plus tard' if shift.years > 0 else 'plus tôt'}"
    return WarningSpec(
        message=(
            f"Démonstration : {', '.join(facts)} dans la source. Les dates de la convention, de "
            f"ses clauses et des données de démonstration sont décalées de {moved}, pour que la "
            "démonstration raconte la même histoire le jour où elle est chargée."
        ),
        field="ends_on" if terms.ends_on else "starts_on",
        source=f"{spec.source} (dates de la source)",
    )


class Loader(Rows):
    def __init__(self, shift: timeline.Shift | None = None) -> None:
        super().__init__()
        self.shift = shift if shift is not None else timeline.current()
        self.histories: dict[str, WarningSpec] = {}  # by convention title
        self.communes: dict[str, partners.Commune] = {}
        self.organisations: dict[str, partners.Organisation] = {}
        self.commune_organisations: dict[str, partners.Organisation] = {}  # by INSEE code
        self.deliberations: dict[DeliberationSpec, partners.Deliberation] = {}
        self.quartiers: dict[tuple[str, str], partners.Quartier] = {}
        self.places: dict[tuple[str, str], partners.Place] = {}
        self.services: dict[str, partners.Service] = {}

    # Directory ---------------------------------------------------------------------------

    def commune(self, insee_code: str) -> partners.Commune:
        return self.communes[insee_code]

    def organisation(self, name: str) -> partners.Organisation:
        return self.organisations[name]

    def load_communes(self) -> None:
        for spec in communes.ALL:
            self.communes[spec.insee_code] = self.upsert(
                partners.Commune,
                {"insee_code": spec.insee_code},
                {"name": spec.name, "departement_code": spec.departement_code},
            )

    def load_organisation(self, spec: OrganisationSpec) -> partners.Organisation:
        org = self.upsert(
            partners.Organisation,
            {"name": spec.name},
            {
                "kind": spec.kind,
                "short_name": spec.short_name,
                "departement_code": spec.departement_code,
                "commune": self.commune(spec.commune) if spec.commune else None,
                "address": spec.address,
            },
        )
        self.organisations[spec.name] = org
        if spec.kind == "commune" and spec.commune:
            self.commune_organisations[spec.commune] = org
        return org

    def deliberation(self, spec: DeliberationSpec) -> partners.Deliberation:
        if spec not in self.deliberations:
            deliberation = self.upsert(
                partners.Deliberation,
                {
                    "organisation": self.organisation(spec.organisation),
                    "assembly": spec.assembly,
                    "reference": spec.reference,
                    "decided_on": spec.decided_on,
                    "decided_on_text": spec.decided_on_text,
                },
                {"title": spec.title},
            )
            self.warn_all(deliberation, spec.warnings)
            self.deliberations[spec] = deliberation
        return self.deliberations[spec]

    def load_directory(self, seed: Seed) -> None:
        for spec in seed.organisations:
            self.load_organisation(spec)
        for rep in seed.representatives:
            self.upsert(
                partners.Representative,
                {"organisation": self.organisation(rep.organisation), "full_name": rep.full_name},
                {"title": rep.title},
            )
        for deliberation in seed.deliberations:
            self.deliberation(deliberation)
        for q in seed.quartiers:
            self.quartiers[q.commune, q.name] = self.upsert(
                partners.Quartier,
                {"commune": self.commune(q.commune), "name": q.name},
                {"kind": q.kind, "code": q.code},
            )
        for p in seed.places:
            self.places[p.commune, p.name] = self.upsert(
                partners.Place,
                {"commune": self.commune(p.commune), "name": p.name},
                {
                    "kind": p.kind,
                    "quartier": self.quartiers[p.commune, p.quartier] if p.quartier else None,
                },
            )
        for service in seed.services:
            self.load_service(service)

    def load_service(self, spec: ServiceSpec) -> partners.Service:
        service = self.upsert(
            partners.Service,
            {"name": spec.name},
            {
                "label": spec.label,
                "operator": self.organisation(spec.operator) if spec.operator else None,
                "departement": self.organisation(spec.departement) if spec.departement else None,
            },
        )
        self.services[spec.name] = service
        self.set_m2m(service, "communes", [self.commune(code) for code in spec.communes])
        sectors = []
        for s in spec.sectors:
            sector = self.upsert(
                partners.Sector,
                {"service": service, "commune": self.commune(s.commune)},
                {"description": s.description},
            )
            self.set_m2m(sector, "quartiers", [self.quartiers[s.commune, q] for q in s.quartiers])
            sectors.append(sector)
        self.prune(partners.Sector, {"service": service}, sectors)
        for a in spec.authorisations:
            authorisation = self.upsert(
                partners.Authorisation,
                {"service": service, "reference": a.reference},
                {
                    "granted_on": a.granted_on,
                    "granted_on_text": a.granted_on_text,
                    "validity_years": a.validity_years,
                },
            )
            self.warn_all(authorisation, a.warnings)
        self.warn_all(service, spec.warnings)
        return service

    # Conventions -------------------------------------------------------------------------

    def load_convention(self, spec: ConventionSpec) -> Convention:
        convention = self.upsert(
            Convention,
            {"title": spec.title},
            {
                "short_title": spec.short_title,
                "kind": spec.kind,
                "object": spec.object,
                "service": self.services[spec.service] if spec.service else None,
                "is_signed": spec.is_signed,
                "signed_on": spec.signed_on,
                "signed_on_text": spec.signed_on_text,
                "signed_at": spec.signed_at,
                "copies": spec.copies,
                "follows_note": spec.follows_note,
                "jurisdiction": spec.jurisdiction,
                "source": spec.source,
                **spec.terms.as_fields(),
            },
        )
        self.set_m2m(convention, "communes", [self.commune(code) for code in spec.communes])
        self.set_m2m(convention, "quartiers", [self.quartiers[key] for key in spec.quartiers])
        self.set_m2m(convention, "places", [self.places[key] for key in spec.places])

        parties = []
        for order, p in enumerate(spec.parties):
            party = self.upsert(
                Party,
                {"convention": convention, "organisation": self.organisation(p.organisation)},
                {"role": p.role, "designation": p.designation, "order": order},
            )
            parties.append(party)
            signatories = [
                self.upsert(
                    Signatory,
                    {"party": party, "full_name": s.full_name},
                    {
                        "title": s.title,
                        "authority_text": s.authority_text,
                        "deliberation": self.deliberation(s.deliberation)
                        if s.deliberation
                        else None,
                    },
                )
                for s in p.signatories
            ]
            self.prune(Signatory, {"party": party}, signatories)
            commitments = [
                self.upsert(Commitment, {"party": party, "order": i}, {"text": text})
                for i, text in enumerate(p.commitments)
            ]
            self.prune(Commitment, {"party": party}, commitments)
        self.prune(Party, {"convention": convention}, parties)

        owner = {"convention": convention}
        self.load_texts(owner, spec.legal_bases, spec.articles)
        self.load_clauses(owner, spec.clauses, spec.title)
        annexes = []
        for a in spec.annexes:
            annex = self.upsert(
                Annex,
                {**owner, "title": a.title},
                {"number": a.number, "description": a.description},
            )
            self.warn_all(annex, a.warnings)
            annexes.append(annex)
        self.prune(Annex, owner, annexes)
        note = self.histories.get(spec.title)
        self.warn_all(convention, [*spec.warnings, *([note] if note else [])])
        if spec.is_signed:
            self.record_acceptance(convention, "Convention signée par l'opérateur (seed)")
        return convention

    def record_acceptance(self, convention: Convention, evidence: str) -> None:
        """The operator's consent (reperes.conventions.access): without it, the convention would open
        none of the service's data to the funders, as on a fresh platform."""
        service = convention.service
        if service is None or service.operator_id is None:
            return
        self.upsert(
            Convention,
            {"pk": convention.pk},
            {
                "operator_decision": OperatorDecision.ACCEPTED,
                "operator_decided_on": convention.signed_on,
                "operator_decision_org": service.operator,
                "operator_evidence": evidence,
            },
        )

    def load_texts(
        self, owner: Mapping[str, Any], legal_bases: Iterable[str], clauses: Iterable[Any]
    ) -> None:
        """« Vu » lines and articles of a convention or a model convention, by order."""
        bases = [
            self.upsert(LegalBasis, {**owner, "order": i}, {"text": text})
            for i, text in enumerate(legal_bases)
        ]
        self.prune(LegalBasis, owner, bases)
        articles = [
            self.upsert(
                Article,
                {**owner, "order": i},
                {"number": c.number, "heading": c.heading, "body": c.body},
            )
            for i, c in enumerate(clauses)
        ]
        self.prune(Article, owner, articles)

    def load_clauses(
        self, owner: Mapping[str, Any], specs: Sequence[ClauseSpec], title: str
    ) -> None:
        """The typed clauses of a convention or a model convention, found by (key, start).

        Parameters go through the catalogue's ``clean``: an error stops the load. A version
        without its own end closes the day before the next version of its key starts."""
        starts: dict[str, list[Any]] = {}
        for spec in specs:
            starts.setdefault(spec.key, []).append(spec.valid_from)
        kept = []
        for order, spec in enumerate(specs):
            params, errors = catalogue.clean(spec.kind, spec.params)
            if errors:
                raise DemoError(
                    f"{title} — clause « {spec.key} » ({spec.article}) : " + " ".join(errors)
                )
            valid_until = spec.valid_until
            later = [
                d for d in starts[spec.key] if d and (not spec.valid_from or d > spec.valid_from)
            ]
            if valid_until is None and later:
                valid_until = min(later) - timedelta(days=1)
            kept.append(
                self.upsert(
                    Clause,
                    {**owner, "key": spec.key, "valid_from": spec.valid_from},
                    {
                        "kind": spec.kind,
                        "article": spec.article,
                        "params": params,
                        "valid_until": valid_until,
                        "order": order,
                    },
                )
            )
        self.prune(Clause, owner, kept)

    def load_template(self, spec: TemplateSpec) -> ConventionTemplate:
        owner = self.organisation(spec.owner)
        template = self.upsert(
            ConventionTemplate,
            {"title": spec.title},
            {
                "kind": spec.kind,
                "object": spec.object,
                "owner": owner,
                "approved_by": self.deliberation(spec.approved_by),
                "funding_note": spec.funding_note,
                **spec.terms.as_fields(),
            },
        )
        self.load_texts({"template": template}, spec.legal_bases, spec.articles)
        self.load_clauses({"template": template}, spec.clauses, spec.title)
        pilot = spec.pilot_signatory
        for instance in spec.instances:
            convention = Convention.objects.filter(title=instance.title).first()
            if convention is None:
                parties = [
                    PartyInput(
                        organisation_id=owner.pk,
                        role=PartyRole.PILOT,
                        designation="le Département",
                        signatory_name=pilot.full_name,
                        signatory_title=pilot.title,
                        deliberation_id=self.deliberation(pilot.deliberation).pk
                        if pilot.deliberation
                        else None,
                    ),
                    PartyInput(
                        organisation_id=self.organisation(instance.operator).pk,
                        role=PartyRole.OPERATOR,
                        designation="l'association",
                    ),
                    *(
                        PartyInput(
                            organisation_id=self.commune_organisations[code].pk,
                            role=PartyRole.CO_FUNDER,
                        )
                        for code in instance.communes
                    ),
                ]
                convention = instantiate_template(
                    None,
                    template,
                    title=instance.title,
                    service=self.services[instance.service],
                    parties=parties,
                    communes=[self.commune(code) for code in instance.communes],
                    short_title=instance.short_title,
                    source=instance.source,
                )
                self.report.created[label_of(Convention)] += 1
            # What the action does not copy from the model (see TemplateSpec.jurisdiction).
            self.upsert(Convention, {"pk": convention.pk}, {"jurisdiction": spec.jurisdiction})
            # The seed gives no instance's signature, but the demo's 2022 submissions were sent
            # to and validated by the Département under them: the operators are taken to have
            # accepted them, so that the demo opens the same data as before consent existed.
            self.record_acceptance(
                convention,
                "Démonstration : accord de l'opérateur supposé (convention type n° 2023-601, "
                "déclinée avec chaque service, art. 2)",
            )
        return template

    # Accounts ----------------------------------------------------------------------------

    def load_accounts(self) -> None:
        self.load_organisation(accounts.HOST)
        for account in accounts.ACCOUNTS:
            values = {
                "full_name": account.full_name,
                "organisation": self.organisation(account.organisation),
                "role": account.role,
                "service": self.services[account.service] if account.service else None,
                "is_staff": account.is_staff,
                "is_demo": True,
                "is_active": True,
            }
            existing = User.objects.filter(email=account.email).first()
            if existing is None:
                user = User(email=account.email, **values)
                user.set_password(accounts.PASSWORD)
                check_fields(user)
                user.save()
                self.report.created[label_of(User)] += 1
                continue
            if not existing.is_demo:
                raise DemoError(
                    f"Le compte {account.email} existe et n'est pas un compte de démonstration : "
                    "il n'est pas modifié."
                )
            user = self.upsert(User, {"email": account.email}, values)
            if not user.check_password(accounts.PASSWORD):
                user.set_password(accounts.PASSWORD)
                user.save(update_fields=["password"])
                self.report.updated[label_of(User)] += 1

    # Everything --------------------------------------------------------------------------

    def load(self) -> LoadReport:
        self.load_communes()
        seeds = [self.shift.spec(seed, keep=UNSHIFTED) for seed in SEEDS]
        originals = {
            shifted.title: spec
            for seed, original in zip(seeds, SEEDS, strict=True)
            for shifted, spec in zip(seed.conventions, original.conventions, strict=True)
        }
        self.histories = {
            title: note for title, spec in originals.items() if (note := history(spec, self.shift))
        }
        for seed in seeds:
            self.load_directory(seed)
        for seed in seeds:
            for convention in seed.conventions:
                self.load_convention(convention)
            for template in seed.templates:
                self.load_template(template)
        self.load_accounts()
        if self.report.changed:
            audit(
                None,
                "demo.load",
                None,
                "Chargement des conventions de démonstration",
                created=dict(self.report.created),
                updated=dict(self.report.updated),
                deleted=dict(self.report.deleted),
            )
        return self.report


def load_demo(shift: timeline.Shift | None = None) -> LoadReport:
    """Load the five seeds and the demo accounts, their dates moved by ``shift`` (default:
    to the load's year, ``timeline.current()``); run it inside ``transaction.atomic()``."""
    return Loader(shift).load()
