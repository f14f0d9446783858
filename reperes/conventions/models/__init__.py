"""Conventions, their parties, signatories, clauses, annexes, amendments and events. BRIEF §2.

``convention``: the convention and its model, their terms, parties and signatories; ``texts``:
what the convention says (preamble, articles, clauses in versions, commitments, annexes) and
what happens to it (amendments, events). Every model is importable from here.
"""

from .convention import (
    DELAYS,
    Convention,
    ConventionQuerySet,
    ConventionTemplate,
    ConventionTemplateQuerySet,
    Party,
    Signatory,
    TermsFields,
)
from .texts import (
    VERSION_ORDER,
    Amendment,
    AmendmentQuerySet,
    Annex,
    Article,
    Clause,
    Commitment,
    ConventionEvent,
    LegalBasis,
)

__all__ = [
    "DELAYS",
    "VERSION_ORDER",
    "Amendment",
    "AmendmentQuerySet",
    "Annex",
    "Article",
    "Clause",
    "Commitment",
    "Convention",
    "ConventionEvent",
    "ConventionQuerySet",
    "ConventionTemplate",
    "ConventionTemplateQuerySet",
    "LegalBasis",
    "Party",
    "Signatory",
    "TermsFields",
]
