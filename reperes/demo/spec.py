"""Plain descriptions of what the demo loads, one dataclass per kind of row.

Seed modules (``reperes.demo.seeds.seed_00N``) are written with these; the loader reads them.
Organisations are named by their ``name``, communes by their INSEE code, services by their
name: the same natural keys the loader uses to find an existing row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reperes.rules import due as due_rules


@dataclass(frozen=True)
class WarningSpec:
    """A contradiction or gap in the source, kept as a ``core.DataWarning``."""

    message: str
    values: tuple[str, ...] = ()
    field: str = ""
    source: str = ""


@dataclass(frozen=True)
class Warned:
    """A row that may carry the contradictions and gaps its source shows (keyword only)."""

    warnings: tuple[WarningSpec, ...] = field(default=(), kw_only=True)


def warning(
    source: str, where: str, message: str, values: tuple[str, ...] = (), field: str = ""
) -> WarningSpec:
    """A warning on the passage ``where`` (« article 6 ») of the seed text ``source``."""
    return WarningSpec(message, values, field, f"{source}, {where}")


@dataclass(frozen=True)
class CommuneSpec:
    insee_code: str
    name: str
    departement_code: str


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: str
    departement_code: str
    short_name: str = ""
    commune: str | None = None  # INSEE code: the commune itself, or the seat's
    address: str = ""


@dataclass(frozen=True)
class RepresentativeSpec:
    organisation: str
    full_name: str
    title: str

    def signs(
        self, deliberation: DeliberationSpec | None = None, authority_text: str = ""
    ) -> SignatorySpec:
        """This representative as the signatory of a text, on that authority."""
        return SignatorySpec(self.full_name, self.title, deliberation, authority_text)


@dataclass(frozen=True)
class DeliberationSpec(Warned):
    """Natural key: organisation, assembly, reference, date and date as written."""

    organisation: str
    assembly: str
    decided_on: date | None = None
    decided_on_text: str = ""
    reference: str = ""
    title: str = ""


@dataclass(frozen=True)
class InCommune:
    """A named quartier or place of a commune (its INSEE code), of a kind."""

    commune: str
    name: str
    kind: str


@dataclass(frozen=True)
class QuartierSpec(InCommune):
    code: str = ""


@dataclass(frozen=True)
class PlaceSpec(InCommune):
    quartier: str | None = None


@dataclass(frozen=True)
class SectorSpec:
    commune: str
    description: str
    quartiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthorisationSpec(Warned):
    granted_on: date | None
    granted_on_text: str
    validity_years: int = 15
    reference: str = ""


@dataclass(frozen=True)
class ServiceSpec(Warned):
    name: str
    operator: str | None
    departement: str | None
    communes: tuple[str, ...]
    label: str = ""
    sectors: tuple[SectorSpec, ...] = ()
    authorisations: tuple[AuthorisationSpec, ...] = ()


@dataclass(frozen=True)
class SignatorySpec:
    full_name: str
    title: str
    deliberation: DeliberationSpec | None = None
    authority_text: str = ""


@dataclass(frozen=True)
class PartySpec:
    organisation: str
    role: str
    designation: str = ""
    signatories: tuple[SignatorySpec, ...] = ()
    commitments: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleSpec:
    number: str
    heading: str
    body: str


@dataclass(frozen=True)
class ClauseSpec:
    """A typed clause (``conventions.Clause``): a kind of the clause catalogue
    (``reperes.conventions.catalogue``) with its parameters and the article it comes from.

    ``key`` names the clause across its versions; a later version of the same key starts on its
    ``valid_from`` and closes the one before (the loader sets its ``valid_until``).
    ``valid_until`` is given only when the text itself ends the duty (« Année(s) : 2009-2010 »).
    The loader checks ``params`` with ``catalogue.clean`` and refuses the demo on an error.
    """

    key: str
    kind: str
    article: str
    params: dict[str, Any]
    valid_from: date | None = None
    valid_until: date | None = None


def on_day(month: int, day: int, year_offset: int = 0) -> dict[str, Any]:
    """Due rule « day of year »: the ``day``/``month`` of the reference year + ``year_offset``."""
    return {"rule": due_rules.DAY_OF_YEAR, "month": month, "day": day, "year_offset": year_offset}


def after_period(value: int, unit: str) -> dict[str, Any]:
    """Due rule « a delay after the reference period ends »."""
    return {"rule": due_rules.AFTER_PERIOD, "value": value, "unit": unit}


def before_meeting(value: int, unit: str, body: str) -> dict[str, Any]:
    """Due rule « a delay before each meeting of ``body`` » (its name as the seed writes it)."""
    return {"rule": due_rules.BEFORE_MEETING, "value": value, "unit": unit, "body": body}


@dataclass(frozen=True)
class AnnexSpec(Warned):
    number: str
    title: str
    description: str


@dataclass(frozen=True)
class TermsSpec:
    """The date clauses (``TermsFields``); only what the text states is filled."""

    period_kind: str
    starts_on: date | None = None
    starts_on_text: str = ""
    starts_at_signature: bool = False
    ends_on: date | None = None
    term_value: int | None = None
    term_unit: str = ""
    max_renewals: int | None = None
    withdrawal_notice_value: int | None = None
    withdrawal_notice_unit: str = ""
    formal_notice_value: int | None = None
    formal_notice_unit: str = ""
    termination_delay_value: int | None = None
    termination_delay_unit: str = ""
    delays_extendable: bool = True

    def as_fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class ConventionSpec(Warned):
    title: str
    short_title: str
    kind: str
    object: str
    terms: TermsSpec
    parties: tuple[PartySpec, ...]
    source: str
    legal_bases: tuple[str, ...] = ()
    articles: tuple[ArticleSpec, ...] = ()
    annexes: tuple[AnnexSpec, ...] = ()
    clauses: tuple[ClauseSpec, ...] = ()
    service: str | None = None
    communes: tuple[str, ...] = ()
    quartiers: tuple[tuple[str, str], ...] = ()  # (INSEE code, quartier name)
    places: tuple[tuple[str, str], ...] = ()  # (INSEE code, place name)
    is_signed: bool = False
    signed_on: date | None = None
    signed_on_text: str = ""
    signed_at: str = ""
    copies: int | None = None
    follows_note: str = ""
    jurisdiction: str = ""


@dataclass(frozen=True)
class InstanceSpec:
    """One convention signed from a model convention (seed 001, deliberation art. 2)."""

    title: str
    short_title: str
    service: str
    operator: str
    communes: tuple[str, ...]  # INSEE codes of the co-funding communes, as in the table
    source: str


@dataclass(frozen=True)
class TemplateSpec:
    title: str
    kind: str
    object: str
    owner: str
    approved_by: DeliberationSpec
    terms: TermsSpec
    pilot_signatory: SignatorySpec
    funding_note: str = ""
    jurisdiction: str = ""  # set on each instance: ConventionTemplate has no such field
    legal_bases: tuple[str, ...] = ()
    articles: tuple[ArticleSpec, ...] = ()
    # Clauses of the model convention: every instance inherits them (conventions.clauses).
    clauses: tuple[ClauseSpec, ...] = ()
    instances: tuple[InstanceSpec, ...] = ()


@dataclass(frozen=True)
class Seed:
    """Everything one seed file brings to the demo."""

    number: str
    source: str
    organisations: tuple[OrganisationSpec, ...] = ()
    representatives: tuple[RepresentativeSpec, ...] = ()
    deliberations: tuple[DeliberationSpec, ...] = ()
    quartiers: tuple[QuartierSpec, ...] = ()
    places: tuple[PlaceSpec, ...] = ()
    services: tuple[ServiceSpec, ...] = ()
    conventions: tuple[ConventionSpec, ...] = ()
    templates: tuple[TemplateSpec, ...] = ()
