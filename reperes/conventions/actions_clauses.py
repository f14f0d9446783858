"""Clauses changed by amendment (*avenant*, seed 001 art. 12), and clauses of a draft.

Once a convention is signed or accepted, a clause changes only by amendment and only from the
amendment's effective date: the version in force closes the day before, a new version opens
(``Clause.valid_from``), so that a past period keeps the rule that held then (a 2024 report is
checked against 2024's clause). The amendment keeps, parameter by parameter, what was written
before and after (``Amendment.changes``). A clause inherited from the model convention is
changed, or ended, for this convention only, by a version of its own from that date: the
model's clause keeps applying before it, and to the model's other instances.

Which amendments wait for the operator's agreement. The avenant is signed by every party, the
operator included; but in Repères a funder records it alone, and the operator's acceptance is
what makes a convention bind (``reperes.conventions.access``). So an amendment recorded by someone
other than the operator's director waits for the operator's agreement (``decide_amendment``)
when it lowers the statistical secrecy (``actions.amend_convention``) or when it *adds to what
the operator owes*: a new clause borne by the operator, a duty moved to the operator, or any
change of an operator's clause that is not plainly a relief. Only two changes are plainly a
relief and apply at once: ending a clause, and a later due date for the same document or
report (or a new wording or article). Everything else borne by the operator waits rather than
guess (a shorter qualification delay, a new recipient, another periodicity).

While a convention is a draft (``actions_draft.is_draft``: not signed, not decided on by its
operator) its clauses are written in place, without amendment: ``add_clause``,
``update_clause``, ``remove_clause``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from reperes.core.models import audit
from reperes.rules import due as due_rules

from . import catalogue
from . import clauses as resolver
from .actions import Avenant, clause_terms, record_amendment
from .clause_display import clause_label, param_diff
from .enums import PartyRole
from .models import VERSION_ORDER, Amendment, Clause, Convention

ADD = "add"
CHANGE = "change"
END = "end"
OPERATIONS = {ADD: "Ajout", CHANGE: "Modification", END: "Fin"}

# Kinds without an « owner » parameter whose clause binds the operator by its nature.
OPERATOR_KINDS = frozenset(
    {
        catalogue.PRIOR_APPROVAL,
        catalogue.QUALIFICATION,
        catalogue.MINIMUM_STAFF,
        catalogue.DATA_PROTECTION,
    }
)
# What a clause's wording may change without changing the duty.
WORDING = ("title",)


@dataclass(frozen=True)
class ClauseChange:
    """One thing an amendment does to the clauses: ``add`` a clause of ``kind``, ``change``
    the clause ``key`` to ``params``, or ``end`` it. ``article`` ``None`` keeps the article."""

    op: str
    key: str = ""
    kind: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    article: str | None = None


@dataclass
class _Plan:
    change: ClauseChange
    kind: str
    key: str
    article: str
    params: dict[str, Any]
    current: resolver.BoundClause | None  # the version in force on the effective date
    order: int


# --- Planning and applying ---------------------------------------------------------------------


def _fr(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _clean_params(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    cleaned, errors = catalogue.clean(kind, params)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _article(article: str | None, default: str) -> str:
    value = default if article is None else str(article).strip()
    limit = Clause._meta.get_field("article").max_length or 100
    if len(value) > limit:
        raise ValidationError(f"L'article a {limit} caractères au plus.")
    return value


def new_key(convention: Convention, kind: str, params: Mapping[str, Any]) -> str:
    """A free reference for a new clause: its kind and what it is about (« document-budget »)."""
    what = next((str(params[p]) for p in ("document", "model", "category") if params.get(p)), "")
    base = slugify(f"{kind}-{what}" if what else kind)[:50] or "clause"
    taken = set(resolver.versions(convention)) | set(
        Clause.objects.filter(convention=convention).values_list("key", flat=True)
    )
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _next_order(convention: Convention) -> int:
    own = Clause.objects.filter(convention=convention).aggregate(m=Max("order"))["m"]
    inherited = (
        Clause.objects.filter(template_id=convention.template_id).aggregate(m=Max("order"))["m"]
        if convention.template_id
        else None
    )
    return max(v for v in (own, inherited, -1) if v is not None) + 1


def _plan(convention: Convention, change: ClauseChange, effective_on: date) -> _Plan:
    history = resolver.versions(convention)
    if change.op == ADD:
        if change.kind not in catalogue.KINDS:
            raise ValidationError(f"Nature de clause inconnue : « {change.kind} ».")
        params = _clean_params(change.kind, change.params)
        key = change.key.strip() or new_key(convention, change.kind, params)
        if key in history or Clause.objects.filter(convention=convention, key=key).exists():
            raise ValidationError(
                f"Une clause de cette convention porte déjà la référence « {key} »."
            )
        return _Plan(
            change,
            change.kind,
            key,
            _article(change.article, ""),
            params,
            None,
            _next_order(convention),
        )
    if change.op not in (CHANGE, END):
        raise ValidationError(f"Opération inconnue sur une clause : « {change.op} ».")
    versions = history.get(change.key)
    if not versions:
        raise ValidationError(f"Cette convention n'a pas de clause « {change.key} ».")
    latest = versions[-1]
    current = resolver.version_on(versions, effective_on)
    if current is None or current is not latest:
        if latest.clause.valid_until is not None and latest.clause.valid_until < effective_on:
            raise ValidationError(
                f"Cette clause a pris fin le {_fr(latest.clause.valid_until)} : un avenant peut "
                "en ajouter une nouvelle."
            )
        raise ValidationError(
            f"Cette clause a une version en vigueur à compter du {_fr(latest.clause.valid_from)} : "
            "un avenant la modifie à compter d'une date postérieure."
        )
    if current.clause.valid_from is not None and current.clause.valid_from >= effective_on:
        raise ValidationError(
            f"La version en vigueur de cette clause prend effet le {_fr(current.clause.valid_from)} : "
            "un avenant la modifie à compter du lendemain au plus tôt."
        )
    kind, old = current.kind, current.params
    article = _article(change.article, current.clause.article)
    if change.op == END:
        return _Plan(change, kind, change.key, article, old, current, current.clause.order)
    params = _clean_params(kind, change.params)
    if params == old and article == current.clause.article:
        raise ValidationError(
            "Cet avenant ne modifie rien à la clause : indiquez au moins un changement."
        )
    return _Plan(change, kind, change.key, article, params, current, current.clause.order)


def _diff(plan: _Plan) -> list[dict[str, Any]]:
    """The amendment's rows for this clause: one that says what happens to the clause (with
    what is needed to apply it later), then one per parameter changed."""
    current = plan.current
    old = current.params if current is not None else None
    old_article = current.clause.article if current is not None else ""
    new = None if plan.change.op == END else plan.params
    sentence = {
        "field": f"clause:{plan.key}",
        "label": f"{OPERATIONS[plan.change.op]} de la clause "
        + clause_label(plan.kind, new or old or {}, plan.article),
        "old": catalogue.describe(plan.kind, old) if old is not None else None,
        "new": catalogue.describe(plan.kind, new) if new is not None else None,
        "clause": {
            "op": plan.change.op,
            "key": plan.key,
            "kind": plan.kind,
            "article": plan.article,
            "params": plan.params,
            "inherited": bool(current and current.inherited),
        },
    }
    if plan.change.op == END:
        return [sentence]
    return [sentence, *param_diff(plan.kind, plan.key, old, new, old_article, plan.article)]


def _apply(convention: Convention, plan: _Plan, amendment: Amendment, effective_on: date) -> None:
    current = plan.current
    day_before = effective_on - timedelta(days=1)
    until = current.clause.valid_until if current is not None else None
    if current is not None and not current.inherited:
        version = Clause.objects.select_for_update().get(pk=current.clause.pk)
        version.valid_until = day_before
        version.full_clean()
        version.save(update_fields=["valid_until"])
    if plan.change.op == END and current is not None and not current.inherited:
        return
    clause = Clause(
        convention=convention,
        key=plan.key,
        **clause_terms(plan),
        valid_from=effective_on,
        valid_until=until if plan.change.op == CHANGE else None,
        amendment=amendment,
        withdrawn=plan.change.op == END,  # ends the model's clause for this instance
    )
    clause.full_clean()
    clause.save()


def _bearer(kind: str, params: Mapping[str, Any]) -> str:
    if "owner" in {p.name for p in catalogue.KINDS[kind].params}:
        return str(params.get("owner") or "")
    return PartyRole.OPERATOR if kind in OPERATOR_KINDS else ""


def _later_or_same_due(plan: _Plan, effective_on: date) -> bool:
    """Whether only the due date moved, and not earlier (for the period running on the
    effective date)."""
    assert plan.current is not None
    old, new = plan.current.params, plan.params
    skip = (*WORDING, "due")
    if {k: v for k, v in old.items() if k not in skip} != {
        k: v for k, v in new.items() if k not in skip
    }:
        return False
    before = due_rules.Due.from_params(old.get("due") or {})
    after = due_rules.Due.from_params(new.get("due") or {})
    if before.errors() or after.errors() or before.body.strip() != after.body.strip():
        return before == after
    periodicity = str(new.get("periodicity", ""))
    periods = due_rules.reference_periods(periodicity, effective_on, effective_on) or [
        due_rules.ReferencePeriod(effective_on, effective_on, "", "")
    ]
    return all(after.due_on(p) >= before.due_on(p) for p in periods)


def burdens_operator(plan: _Plan, effective_on: date) -> bool:
    """Whether the change adds to what the operator owes (see the module's docstring)."""
    if plan.change.op == END or _bearer(plan.kind, plan.params) != PartyRole.OPERATOR:
        return False
    if plan.current is None or _bearer(plan.kind, plan.current.params) != PartyRole.OPERATOR:
        return True
    return not _later_or_same_due(plan, effective_on)


@transaction.atomic
def amend_clauses(
    actor: Any, convention: Convention, avenant: Avenant, changes: Sequence[ClauseChange]
) -> Amendment:
    """Record an avenant that adds, changes or ends clauses from its date of effect, all or
    nothing; the amendment keeps each parameter's old and new value. One that adds to what
    the operator owes waits for the operator's agreement unless its director records it."""
    from reperes.core.access import is_service_director

    from .actions_draft import is_draft

    convention = Convention.objects.select_for_update(of=("self",)).get(pk=convention.pk)
    if is_draft(convention):
        raise ValidationError(
            "Cette convention est un projet : ses clauses se modifient directement, sans avenant."
        )
    effective_on = avenant.effective_on
    if effective_on is None:
        raise ValidationError(
            "Indiquez la date d'effet de l'avenant : la clause change à compter de cette date."
        )
    if not changes:
        raise ValidationError("Cet avenant ne modifie rien : indiquez au moins un changement.")
    plans = [_plan(convention, change, effective_on) for change in changes]
    keys = [p.key for p in plans]
    if len(set(keys)) != len(keys):
        raise ValidationError("Un même avenant ne change une clause qu'une fois.")
    by_operator = convention.service is not None and is_service_director(actor, convention.service)
    pending = (
        convention.service_id is not None
        and not by_operator
        and any(burdens_operator(p, effective_on) for p in plans)
    )
    diff = [row for plan in plans for row in _diff(plan)]
    amendment = record_amendment(
        actor, convention, avenant, diff=diff, pending=pending, clauses=keys
    )
    if not pending:
        for plan in plans:
            _apply(convention, plan, amendment, effective_on)
    return amendment


def amend_clause(
    actor: Any,
    convention: Convention,
    avenant: Avenant,
    *,
    key: str,
    params: Mapping[str, Any],
    article: str | None = None,
) -> Amendment:
    """An avenant that changes one clause (own or inherited) from its date of effect."""
    change = ClauseChange(CHANGE, key=key, params=params, article=article)
    return amend_clauses(actor, convention, avenant, [change])


def add_clause_by_amendment(
    actor: Any,
    convention: Convention,
    avenant: Avenant,
    *,
    kind: str,
    params: Mapping[str, Any],
    key: str = "",
    article: str = "",
) -> Amendment:
    """An avenant that adds a clause from its date of effect."""
    change = ClauseChange(ADD, key=key, kind=kind, params=params, article=article)
    return amend_clauses(actor, convention, avenant, [change])


def end_clause(actor: Any, convention: Convention, avenant: Avenant, *, key: str) -> Amendment:
    """An avenant after which the clause no longer applies (from its date of effect)."""
    return amend_clauses(actor, convention, avenant, [ClauseChange(END, key=key)])


def apply_agreed(amendment: Amendment) -> None:
    """Apply the clause changes of an amendment the operator has just agreed to (called by
    ``actions.decide_amendment``, in its transaction). The clauses may have changed since it
    was recorded: each change is checked again, and refused in French if it no longer fits."""
    convention = amendment.convention
    specs = [row["clause"] for row in amendment.changes if isinstance(row.get("clause"), Mapping)]
    if not specs:
        return
    if amendment.effective_on is None:
        raise ValidationError("Cet avenant n'a pas de date d'effet.")
    for spec in specs:
        change = ClauseChange(
            op=spec["op"],
            key=spec["key"],
            kind=spec.get("kind", ""),
            params=spec.get("params") or {},
            article=spec.get("article"),
        )
        plan = _plan(convention, change, amendment.effective_on)
        _apply(convention, plan, amendment, amendment.effective_on)


# --- Drafts: clauses written in place ----------------------------------------------------------


def _locked_draft(actor: Any, convention: Convention) -> Convention:
    from .actions_draft import _require_setup, is_draft, setup_parties

    convention = Convention.objects.select_for_update(of=("self",)).get(pk=convention.pk)
    _require_setup(actor, setup_parties(convention))
    if not is_draft(convention):
        raise ValidationError(
            "Cette convention est signée ou acceptée par l'opérateur : ses clauses se "
            "modifient par avenant, à compter de sa date d'effet."
        )
    return convention


@transaction.atomic
def add_clause(
    actor: Any,
    convention: Convention,
    kind: str,
    key: str,
    article: str,
    params: Mapping[str, Any],
) -> Clause:
    """Add a clause to a draft (``key`` empty: one is made from its kind)."""
    from .actions_draft import ClauseInput, put_clause

    convention = _locked_draft(actor, convention)
    if kind in catalogue.KINDS:
        cleaned, _errors = catalogue.clean(kind, params)
        key = key.strip() or new_key(convention, kind, cleaned)
    if key in resolver.versions(convention):
        raise ValidationError(f"Une clause de cette convention porte déjà la référence « {key} ».")
    # Adding back what was withdrawn from the model convention: the new clause replaces the
    # withdrawal.
    Clause.objects.filter(convention=convention, key=key, withdrawn=True).delete()
    clause, _created = put_clause(actor, convention, ClauseInput(key, kind, article, params))
    return clause


@transaction.atomic
def update_clause(
    actor: Any,
    convention: Convention,
    key: str,
    *,
    params: Mapping[str, Any],
    article: str | None = None,
) -> Clause:
    """Rewrite a draft's clause; one inherited from the model convention is overridden by a
    clause of the draft's own (the model and its other instances are unchanged)."""
    from .actions_draft import ClauseInput, put_clause

    convention = _locked_draft(actor, convention)
    versions = resolver.versions(convention).get(key)
    if not versions:
        raise ValidationError(f"Cette convention n'a pas de clause « {key} ».")
    latest = versions[-1]
    article = latest.clause.article if article is None else article
    clause, _created = put_clause(actor, convention, ClauseInput(key, latest.kind, article, params))
    return clause


@transaction.atomic
def remove_clause(actor: Any, convention: Convention, key: str) -> None:
    """Take a clause out of a draft; one inherited from the model convention is withdrawn
    for this draft only."""
    convention = _locked_draft(actor, convention)
    versions = resolver.versions(convention).get(key)
    if not versions:
        raise ValidationError(f"Cette convention n'a pas de clause « {key} ».")
    text = versions[-1].text
    Clause.objects.filter(convention=convention, key=key).delete()
    model = (
        Clause.objects.filter(template_id=convention.template_id, key=key)
        .order_by(*VERSION_ORDER)
        .last()
        if convention.template_id
        else None
    )
    if model is not None:
        withdrawal = Clause(convention=convention, key=key, **clause_terms(model), withdrawn=True)
        withdrawal.full_clean()
        withdrawal.save()
    audit(
        actor,
        "convention.clause.remove",
        convention,
        f"Clause « {key} » retirée du projet : {text}",
        key=key,
    )
