"""The letters of the money: appel de fonds (seed 002 art. 6) and avis de versement, as A4 PDF
rendered by WeasyPrint from templates in ``templates/money/pdf/``.

No network: the print stylesheet is read from ``reperes/money/static/money/`` (``base_url``)
and the fetcher only allows ``file:`` URLs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from reperes.conventions.models import Article, Party, Signatory

from .models import CallForFunds, Instalment

STATIC_DIR = Path(__file__).resolve().parent / "static" / "money"

# WeasyPrint logs every rendering step at INFO: keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: str
    place: str


@dataclass(frozen=True)
class Signature:
    organisation: str
    title: str
    name: str


def letterhead(party: Party) -> Letterhead:
    org = party.organisation
    place = org.commune.name if org.commune is not None else ""
    return Letterhead(name=org.name, address=org.address, place=place)


def signature(party: Party) -> Signature:
    signatory: Signatory | None = party.signatories.order_by("pk").first()
    return Signature(
        organisation=party.organisation.name,
        title=signatory.title if signatory else "",
        name=signatory.full_name if signatory else "",
    )


def legal_basis(convention: Any, article: str) -> dict[str, str]:
    clause = (
        Article.objects.filter(convention=convention, number=article).first() if article else None
    )
    return {
        "title": convention.title,
        "article": article,
        "heading": clause.heading if clause else "",
    }


def letter_context(
    convention: Any, sender: Party | None, addressee: Party, article: str
) -> dict[str, Any]:
    """What both letters show: who writes (letterhead and signature), to whom, and the article
    of the convention they rest on."""
    return {
        "convention": convention,
        "letterhead": letterhead(sender) if sender else None,
        "addressee": addressee.organisation,
        "addressee_signatory": addressee.signatories.order_by("pk").first(),
        "basis": legal_basis(convention, article),
        "signature": signature(sender) if sender else None,
    }


def call_context(call: CallForFunds) -> dict[str, Any]:
    schedule = call.schedule
    payee = schedule.payee if schedule else call.convention.parties.filter(role="pilot").first()
    article = schedule.article if schedule else ""
    return {
        "call": call,
        **letter_context(call.convention, payee, call.addressee, article),
        "instalment": (
            schedule.instalments.filter(year=call.year).first() if schedule is not None else None
        ),
    }


def notice_context(instalment: Instalment) -> dict[str, Any]:
    schedule = instalment.schedule
    return {
        "instalment": instalment,
        "schedule": schedule,
        **letter_context(schedule.convention, schedule.payer, schedule.payee, schedule.article),
    }


def render_html(template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, context)


def render_pdf(html: str) -> bytes:
    from reperes.core.pdf import write_pdf

    return write_pdf(html, base_url=f"{STATIC_DIR}/", allowed_protocols={"file"})


def call_for_funds_pdf(call: CallForFunds) -> bytes:
    return render_pdf(render_html("money/pdf/appel_de_fonds.html", call_context(call)))


def payment_notice_pdf(instalment: Instalment) -> bytes:
    return render_pdf(render_html("money/pdf/avis_de_versement.html", notice_context(instalment)))
